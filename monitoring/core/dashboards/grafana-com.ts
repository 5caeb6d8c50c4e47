// Third-party dashboards from grafana.com, pinned by id and revision
// (seeds/000: referenced, not copied; grafana-operator downloads them).
export interface GrafanaComDashboard { name: string; id: number; revision: number; title: string; datasourceInputs: Record<string, 'Prometheus' | 'Loki'> }

export const GRAFANA_COM_DASHBOARDS: GrafanaComDashboard[] = [
  { name: 'node-exporter-full', id: 1860, revision: 37, title: 'Node Exporter Full', datasourceInputs: { DS_PROMETHEUS: 'Prometheus' } },
  { name: 'prometheus-overview', id: 19105, revision: 3, title: 'Prometheus', datasourceInputs: { DS_PROMETHEUS: 'Prometheus' } },
];
