// Every image monitoring-core runs, pinned. One table so upgrades are one
// reviewed diff; versions are the upstream releases each operator is tested with.
export const VERSIONS = {
  prometheusOperator: 'v0.93.0',
  prometheus: 'v3.13.2', // the v3.13 long-term-support line; v0.93's compatibility matrix ends at v3.13.1, this is a later patch of it
  alertmanager: 'v0.33.1', // the operator's default for v0.93
  grafanaOperator: 'v5.24.0',
  grafana: '12.4.4',
  loki: '3.7.6',
  lokiGateway: '1.31-alpine',
  alloy: 'v1.18.1',
  nodeExporter: 'v1.12.1',
  kubeStateMetrics: 'v2.19.1',
} as const;

export const IMAGES = {
  prometheusOperator: `quay.io/prometheus-operator/prometheus-operator:${VERSIONS.prometheusOperator}`,
  configReloader: `quay.io/prometheus-operator/prometheus-config-reloader:${VERSIONS.prometheusOperator}`,
  prometheus: `quay.io/prometheus/prometheus:${VERSIONS.prometheus}`,
  alertmanager: `quay.io/prometheus/alertmanager:${VERSIONS.alertmanager}`,
  grafanaOperator: `ghcr.io/grafana/grafana-operator:${VERSIONS.grafanaOperator}`,
  grafana: `docker.io/grafana/grafana:${VERSIONS.grafana}`,
  loki: `docker.io/grafana/loki:${VERSIONS.loki}`,
  lokiGateway: `docker.io/nginxinc/nginx-unprivileged:${VERSIONS.lokiGateway}`,
  alloy: `docker.io/grafana/alloy:${VERSIONS.alloy}`,
  nodeExporter: `quay.io/prometheus/node-exporter:${VERSIONS.nodeExporter}`,
  kubeStateMetrics: `registry.k8s.io/kube-state-metrics/kube-state-metrics:${VERSIONS.kubeStateMetrics}`,
} as const;
