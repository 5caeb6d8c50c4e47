// Grafana content of the switch: a GrafanaFolder in the mojaloop namespace and
// GrafanaDashboards in it, attached to monitoring-core's Grafana through the
// contract's instance labels (cross-namespace import allowed explicitly).
import type { Construct } from 'constructs';
import type { Environment } from '../../environment/environment';
import { standardLabels } from '../../lib/labels';
import { GRAFANA_INSTANCE_LABELS, GRAFANA_PROMETHEUS_DATASOURCE } from '../../monitoring-core/contract';
import { GrafanaDashboard } from '../../../imports/grafanadashboard-grafana.integreatly.org';
import { GrafanaFolder } from '../../../imports/grafanafolder-grafana.integreatly.org';
import { DASHBOARD_LIST, generatedDashboard } from '../../../monitoring/mojaloop/dashboards/generated';
import { UPSTREAM_DASHBOARDS } from '../../../monitoring/mojaloop/dashboards/upstream';
import { enabledStores } from '../catalog';

const instanceSelector = { matchLabels: { ...GRAFANA_INSTANCE_LABELS } };
/** Upstream dashboards are re-fetched (URL, grafana.com) at most this often. */
const RESYNC = '24h';

const labels = (env: Environment, name: string, instance: string) =>
  standardLabels(env, { name, instance, component: 'dashboards', partOf: 'mojaloop' });

/** Stable folder uid, so links to the folder survive re-creation of the CR. */
export const FOLDER_UID = 'mojaloop';

export function dashboardFolder(scope: Construct, env: Environment): GrafanaFolder {
  const name = `${env.mojaloop.namePrefix}mojaloop`;
  return new GrafanaFolder(scope, 'grafanafolder-mojaloop', {
    metadata: { name, namespace: env.namespaces.mojaloop.name, labels: labels(env, 'mojaloop-dashboards', name) },
    spec: { title: 'Mojaloop', uid: FOLDER_UID, instanceSelector, allowCrossNamespaceImport: true },
  });
}

export function switchDashboards(scope: Construct, env: Environment): void {
  const folder = dashboardFolder(scope, env).name;
  const ns = env.namespaces.mojaloop.name;
  const common = { instanceSelector, allowCrossNamespaceImport: true, folderRef: folder };
  for (const d of DASHBOARD_LIST) {
    const name = `${env.mojaloop.namePrefix}${d.uid}`;
    new GrafanaDashboard(scope, `grafanadashboard-${d.uid}`, {
      metadata: { name, namespace: ns, labels: labels(env, d.uid, name) },
      spec: { ...common, json: generatedDashboard(d.uid) },
    });
  }
  const stores = new Set(enabledStores(env.features).map((s) => s.kind));
  for (const d of UPSTREAM_DASHBOARDS.filter((u) => !u.store || stores.has(u.store))) {
    const name = `${env.mojaloop.namePrefix}${d.name}`;
    new GrafanaDashboard(scope, `grafanadashboard-${d.name}`, {
      metadata: { name, namespace: ns, labels: labels(env, d.name, name) },
      spec: {
        ...common,
        ...('url' in d ? { url: d.url } : { grafanaCom: d.grafanaCom }),
        datasources: [{ inputName: 'DS_PROMETHEUS', datasourceName: GRAFANA_PROMETHEUS_DATASOURCE }],
        resyncPeriod: RESYNC,
      },
    });
  }
}
