// The published contract of monitoring-core: what another namespace's chart
// puts on its ServiceMonitors, PodMonitors, PrometheusRules and Grafana
// resources to be picked up. charts/mojaloop/ may import this file and nothing
// else from charts/monitoring-core/ (a test enforces it).

/** Label every ServiceMonitor, PodMonitor, ScrapeConfig and PrometheusRule must carry to be selected by Prometheus. */
export const MONITORING_SELECTOR_LABELS = { 'monitoring.mojaloop.io/prometheus': 'core' } as const;

/** Label on a namespace whose monitoring resources Prometheus should look at. */
export const MONITORED_NAMESPACE_LABELS = { 'monitoring.mojaloop.io/monitored': 'true' } as const;

/** Label of the monitoring-core namespace, for NetworkPolicies that admit Prometheus scrapes. */
export const MONITORING_NAMESPACE_LABELS = { 'monitoring.mojaloop.io/role': 'monitoring-core' } as const;

/** Labels on the Prometheus pods, for NetworkPolicies in monitored namespaces. */
export const PROMETHEUS_POD_LABELS = { 'app.kubernetes.io/name': 'prometheus' } as const;
