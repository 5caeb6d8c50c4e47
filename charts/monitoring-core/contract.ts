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

/** Labels on the Grafana CR: a GrafanaDashboard/GrafanaFolder/GrafanaDatasource selects it with `instanceSelector.matchLabels`. */
export const GRAFANA_INSTANCE_LABELS = { 'monitoring.mojaloop.io/grafana': 'core' } as const;

/**
 * Grafana resources outside monitoring-core must set this (grafana-operator
 * ignores cross-namespace instances otherwise).
 */
export const GRAFANA_CROSS_NAMESPACE = { allowCrossNamespaceImport: true } as const;

/** Name of the core Prometheus GrafanaDatasource, for the `datasources` input mapping of imported dashboards. */
export const GRAFANA_PROMETHEUS_DATASOURCE = 'Prometheus' as const;

/** Folder monitoring-core keeps for its own dashboards; other namespaces bring their own GrafanaFolder. */
export const GRAFANA_FOLDER_UIDS = { platform: 'platform' } as const;

/** Alert label the Alertmanager routing tree routes on, and the values it knows. */
export const ALERT_SEVERITY_LABEL = 'severity' as const;
/**
 * `critical` pages, `warning` goes to chat/mail, `info`/`none` are visible in the UI only.
 * Every alert also carries the annotations summary, description and runbook_url.
 */
export const ALERT_SEVERITIES = ['critical', 'warning', 'info', 'none'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Alert label naming the owning team; it reaches every receiver, so a receiver can filter or template on it. */
export const ALERT_TEAM_LABEL = 'team' as const;
