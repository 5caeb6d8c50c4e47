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

/** Labels of the core Grafana CR: GrafanaDashboard/GrafanaFolder `instanceSelector.matchLabels` (with allowCrossNamespaceImport). */
export const GRAFANA_INSTANCE_LABELS = { 'monitoring.mojaloop.io/grafana': 'core' } as const;

/** Name of the core Prometheus GrafanaDatasource, for the `datasources` input mapping of imported dashboards. */
export const GRAFANA_PROMETHEUS_DATASOURCE = 'Prometheus' as const;

/** Alert label the Alertmanager routing tree routes on first, and the values it knows. */
export const ALERT_SEVERITY_LABEL = 'severity' as const;
export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Alert label naming the owning team; the routing tree sends each team's alerts to its receivers. */
export const ALERT_TEAM_LABEL = 'team' as const;
