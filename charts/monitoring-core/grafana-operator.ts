// grafana-operator, rendered by us at a pinned version (CRDs via the sync
// layer). It watches monitoring-core (its Grafana, datasources, folders,
// dashboards) and mojaloop (the switch team's dashboards and folders), with
// upstream's manager rules as a Role in each of the two instead of its
// cluster-wide ClusterRole.
import type { LayerChart } from '../lib/layer';
import { IMAGES, VERSIONS } from './images';
import { component, container, httpProbe, monitoringDeployment, role, selfMonitor, service, serviceAccount, sized, tcp } from './workload';

export const GRAFANA_OPERATOR = 'grafana-operator';

const RW = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/**
 * The manager role of grafana-operator v5.24.0 (config/rbac/role.yaml), as a
 * namespaced Role. Left out: route.openshift.io routes (OpenShift only; K3S
 * serves no such API). e2e checks these against the upstream file with the
 * API server's authorizer.
 */
const MANAGER_RULES = [
  { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'secrets', 'serviceaccounts', 'services'], verbs: RW },
  { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: RW },
  { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: RW },
  { apiGroups: ['grafana.integreatly.org'], resources: ['*'], verbs: ['get', 'list', 'patch', 'watch'] },
  { apiGroups: ['grafana.integreatly.org'], resources: ['*/finalizers'], verbs: ['patch', 'update'] },
  { apiGroups: ['grafana.integreatly.org'], resources: ['*/status'], verbs: ['get', 'patch', 'update'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: RW },
];

export function grafanaOperator(chart: LayerChart): void {
  const c = component(chart, { name: GRAFANA_OPERATOR, component: 'controller', version: VERSIONS.grafanaOperator });
  const ns = c.namespace;
  const mojaloop = chart.env.namespaces.mojaloop.name;
  const sa = serviceAccount(chart, c);

  // The same manager rules in every namespace it watches: its cache lists and
  // watches each kind it owns in each of them, and one 403 stops it with "timed
  // out waiting for cache to be synced" (grafana/grafana-operator#1246).
  for (const watched of [ns, mojaloop]) role(chart, c, GRAFANA_OPERATOR, watched, sa, MANAGER_RULES);
  // Leader election in its own namespace only (config/rbac/leader_election_role.yaml).
  role(chart, c, `${GRAFANA_OPERATOR}-leader-election`, ns, sa, [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: RW }]);

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
