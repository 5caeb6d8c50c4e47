// kubelet, cAdvisor and the K3S control plane.
//
// K3S runs the API server, scheduler, controller manager, kubelet and
// kube-proxy inside one k3s process per node that share one metrics registry:
// every component's /metrics endpoint (6443, 10257, 10259, 10249, 10250)
// returns the same series (k3s-io/k3s#2262, #12917). Scraping more than one of
// them stores every series twice and doubles every sum().
//
// Decision: the kubelet endpoint /metrics on every node (port 10250, via the
// kube-system/kubelet Service the operator maintains) is the ONE scrape of
// the k3s process. On servers it carries apiserver_*, scheduler_*,
// workqueue_* (controller manager) and etcd metrics; on agents the kubelet
// and kube-proxy ones. No ServiceMonitor exists for the API server, scheduler,
// controller manager or kube-proxy; a test asserts it. /metrics/cadvisor and
// /metrics/probes are kubelet-only paths and are scraped besides.
import {
  ServiceMonitor, ServiceMonitorSpecEndpointsMetricRelabelingsAction, ServiceMonitorSpecEndpointsRelabelingsAction, ServiceMonitorSpecEndpointsScheme,
  type ServiceMonitorSpecEndpoints,
} from '../../imports/servicemonitor-monitoring.coreos.com';
import type { PrometheusSpecScrapeClasses } from '../../imports/prometheus-monitoring.coreos.com';
import type { LayerChart } from '../lib/layer';
import { MONITORING_SELECTOR_LABELS } from './contract';
import { KUBELET_SERVICE } from './prometheus-operator';
import { component } from './workload';

/** Kubelets serve self-signed certificates; Prometheus authenticates with its ServiceAccount token. */
export const KUBELET_SCRAPE_CLASS: PrometheusSpecScrapeClasses = {
  name: 'kubelet',
  authorization: { credentialsFile: '/var/run/secrets/kubernetes.io/serviceaccount/token' },
  tlsConfig: { insecureSkipVerify: true },
};

export const KUBELET_PATHS = ['/metrics', '/metrics/cadvisor', '/metrics/probes'] as const;

export function kubelet(chart: LayerChart): void {
  const c = component(chart, { name: 'kubelet', component: 'k3s' });
  const interval = chart.env.monitoring.prometheus.scrapeInterval;
  const R = ServiceMonitorSpecEndpointsRelabelingsAction;
  const endpoint = (path: string, extra: Partial<ServiceMonitorSpecEndpoints> = {}): ServiceMonitorSpecEndpoints => ({
    port: 'https-metrics',
    scheme: ServiceMonitorSpecEndpointsScheme.HTTPS,
    path,
    interval,
    honorLabels: true,
    relabelings: [
      { sourceLabels: ['__metrics_path__'], targetLabel: 'metrics_path', action: R.REPLACE },
      { sourceLabels: ['__meta_kubernetes_endpoint_address_target_name'], targetLabel: 'node', action: R.REPLACE },
    ],
    ...extra,
  });
  new ServiceMonitor(chart, 'kubelet-servicemonitor', {
    metadata: { name: 'kubelet', namespace: c.namespace, labels: { ...c.labels, ...MONITORING_SELECTOR_LABELS } },
    spec: {
      scrapeClass: KUBELET_SCRAPE_CLASS.name,
      jobLabel: 'app.kubernetes.io/name',
      selector: { matchLabels: { 'app.kubernetes.io/name': 'kubelet' } },
      namespaceSelector: { matchNames: [KUBELET_SERVICE.namespace] },
      endpoints: [
        endpoint('/metrics'),
        endpoint('/metrics/cadvisor', {
          // cAdvisor's own timestamps confuse staleness handling of short-lived containers.
          honorTimestamps: false,
          trackTimestampsStaleness: true,
          metricRelabelings: [
            // Series no dashboard or rule of ours reads; they are the bulk of cAdvisor's cardinality.
            { sourceLabels: ['__name__'], regex: 'container_(network_tcp_usage_total|network_udp_usage_total|tasks_state|cpu_load_average_10s|memory_failures_total|blkio_device_usage_total)', action: ServiceMonitorSpecEndpointsMetricRelabelingsAction.DROP },
          ],
        }),
        endpoint('/metrics/probes'),
      ],
    },
  });
}
