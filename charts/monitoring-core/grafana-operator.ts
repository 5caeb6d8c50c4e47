// grafana-operator, rendered by us at a pinned version (CRDs via the sync
// layer). It watches monitoring-core (its Grafana, datasources, folders,
// dashboards) and mojaloop (the switch team's dashboards and folders), with
// namespaced Roles instead of upstream's cluster-wide ClusterRole.
import type { LayerChart } from '../lib/layer';
import { IMAGES, VERSIONS } from './images';
import { component, container, httpProbe, monitoringDeployment, role, selfMonitor, service, serviceAccount, sized, tcp } from './workload';

export const GRAFANA_OPERATOR = 'grafana-operator';

const GRAFANA_KINDS = ['grafanas', 'grafanadashboards', 'grafanadatasources', 'grafanafolders', 'grafanaalertrulegroups', 'grafanacontactpoints',
  'grafananotificationpolicies', 'grafananotificationpolicyroutes', 'grafananotificationtemplates', 'grafanamutetimings', 'grafanalibrarypanels',
  'grafanaserviceaccounts', 'grafanamanifests'];
const sub = (s: string) => GRAFANA_KINDS.map((k) => `${k}/${s}`);
const RW = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

export function grafanaOperator(chart: LayerChart): void {
  const c = component(chart, { name: GRAFANA_OPERATOR, component: 'controller', version: VERSIONS.grafanaOperator });
  const ns = c.namespace;
  const mojaloop = chart.env.namespaces.mojaloop.name;
  const sa = serviceAccount(chart, c);

  role(chart, c, GRAFANA_OPERATOR, ns, sa, [
    { apiGroups: ['grafana.integreatly.org'], resources: GRAFANA_KINDS, verbs: RW },
    { apiGroups: ['grafana.integreatly.org'], resources: [...sub('status'), ...sub('finalizers')], verbs: ['get', 'update', 'patch'] },
    // What a Grafana CR is made of.
    { apiGroups: ['apps'], resources: ['deployments'], verbs: RW },
    { apiGroups: [''], resources: ['configmaps', 'secrets', 'services', 'serviceaccounts', 'persistentvolumeclaims'], verbs: RW },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: RW },
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: RW },
  ]);
  // The switch's namespace: its dashboards and folders (and ConfigMaps they may reference), nothing it could run.
  role(chart, c, GRAFANA_OPERATOR, mojaloop, sa, [
    { apiGroups: ['grafana.integreatly.org'], resources: ['grafanadashboards', 'grafanafolders', 'grafanadatasources', 'grafanaalertrulegroups', 'grafanalibrarypanels'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
    { apiGroups: ['grafana.integreatly.org'], resources: [...sub('status'), ...sub('finalizers')], verbs: ['get', 'update', 'patch'] },
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
  ]);

  monitoringDeployment(chart, c, 1, {
    serviceAccountName: sa,
    containers: [container({
      name: GRAFANA_OPERATOR,
      image: IMAGES.grafanaOperator,
      args: ['--health-probe-bind-address=:8081', '--metrics-bind-address=0.0.0.0:9090', '--leader-elect'],
      env: [
        { name: 'WATCH_NAMESPACE', value: [ns, mojaloop].join(',') },
        { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      ],
      ports: [{ name: 'metrics', containerPort: 9090 }, { name: 'health', containerPort: 8081 }],
      resources: sized(chart.env, { dev: 'micro', test: 'small', staging: 'small', prod: 'medium' }),
      liveness: httpProbe('/healthz', 'health', { initialDelaySeconds: 15 }),
      readiness: httpProbe('/readyz', 'health', { initialDelaySeconds: 5 }),
    })],
  });
  service(chart, c, [tcp('metrics', 9090, 'metrics')]);
  selfMonitor(chart, c, [{ port: 'metrics' }]);
}
