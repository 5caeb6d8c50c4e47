// Platform dashboards as GrafanaDashboard CRs in the Platform folder: the
// cluster overview built in monitoring/core/dashboards (its generated JSON),
// and grafana.com dashboards pinned by id and revision.
import { GrafanaDashboard } from '../../imports/grafanadashboard-grafana.integreatly.org';
import { clusterOverviewJson, CLUSTER_OVERVIEW_UID } from '../../monitoring/core/dashboards/generated';
import { GRAFANA_COM_DASHBOARDS } from '../../monitoring/core/dashboards/grafana-com';
import type { LayerChart } from '../lib/layer';
import { GRAFANA_INSTANCE_LABELS } from './contract';
import { FOLDERS } from './grafana';
import { component } from './workload';

export function coreDashboards(chart: LayerChart): void {
  const c = component(chart, { name: 'grafana-dashboards', component: 'dashboards' });
  const common = { instanceSelector: { matchLabels: { ...GRAFANA_INSTANCE_LABELS } }, folderRef: FOLDERS.platform.uid, resyncPeriod: '1h' };
  new GrafanaDashboard(chart, 'dashboard-cluster-overview', {
    metadata: { name: 'cluster-overview', namespace: c.namespace, labels: c.labels },
    spec: { ...common, uid: CLUSTER_OVERVIEW_UID, json: clusterOverviewJson(chart.env.cluster.name) },
  });
  for (const d of GRAFANA_COM_DASHBOARDS) {
    new GrafanaDashboard(chart, `dashboard-${d.name}`, {
      metadata: { name: d.name, namespace: c.namespace, labels: c.labels },
      spec: {
        ...common,
        grafanaCom: { id: d.id, revision: d.revision },
        datasources: Object.entries(d.datasourceInputs).map(([inputName, datasourceName]) => ({ inputName, datasourceName })),
      },
    });
  }
}
