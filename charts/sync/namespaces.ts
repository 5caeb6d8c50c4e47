// namespaces: the first layer. Every namespace of ours is created here, before
// any layer writes into it: monitoring-core puts Roles into mojaloop, and a
// Flux server-side dry-run of a layer whose namespace does not exist yet is
// refused whole (fluxcd/kustomize-controller#1194). Each namespace's baseline
// (quota, default-deny, limits) stays with the layer that owns it
// (lib/namespace.ts). Also here: the namespaces the upstream operator bundles
// run in (Flux/Argo CD do not create them) and, for Strimzi installed from its
// plain install files, the bindings that let it watch every namespace (the
// Kafka CRs live in mojaloop). Upstream bundles run
// third-party pods we do not shape, so their namespaces enforce "baseline" and
// warn at "restricted" (or enforce "restricted" where every pod of the source
// meets it: UpstreamSource.podSecurity); they get no default-deny NetworkPolicy because the
// operators must reach the API server and every namespace they manage.
import type { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { Environment } from '../environment/environment';
import { LayerChart } from '../lib/layer';
import { protectFromPrune } from '../lib/prune';
import { ENVIRONMENT_LABEL, MANAGED_BY } from '../lib/labels';
import { UPSTREAM_SOURCES } from './upstream';

export class NamespacesChart extends LayerChart {
  constructor(scope: Construct, env: Environment) {
    super(scope, 'namespaces', env);
    const labels = { 'app.kubernetes.io/part-of': 'operators', 'app.kubernetes.io/managed-by': MANAGED_BY, [ENVIRONMENT_LABEL]: env.name };
    for (const source of UPSTREAM_SOURCES.filter((s) => s.namespace)) {
      // Argo CD installs Strimzi from its Helm chart into the same namespace; the namespace is ours either way.
      protectFromPrune(new k8s.KubeNamespace(this, `ns-${source.name}`, {
        metadata: {
          name: source.namespace!,
          labels: {
            ...labels,
            'kubernetes.io/metadata.name': source.namespace!,
            'pod-security.kubernetes.io/enforce': source.podSecurity ?? 'baseline',
            'pod-security.kubernetes.io/enforce-version': 'latest',
            'pod-security.kubernetes.io/warn': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
          },
        },
      }));
    }
    if (env.sync.tool === 'flux') strimziWatchAllNamespaces(this, labels);
  }
}

/**
 * Strimzi's documented setup for STRIMZI_NAMESPACE="*": its namespaced,
 * watched and entity-operator-delegation ClusterRoles bound cluster-wide.
 * (Under Argo CD the Helm chart's watchAnyNamespace creates the same bindings.)
 */
function strimziWatchAllNamespaces(chart: LayerChart, labels: Record<string, string>): void {
  const strimzi = UPSTREAM_SOURCES.find((s) => s.name === 'strimzi-cluster-operator')!;
  const roles = {
    'strimzi-cluster-operator-namespaced': 'strimzi-cluster-operator-namespaced',
    'strimzi-cluster-operator-watched': 'strimzi-cluster-operator-watched',
    'strimzi-cluster-operator-entity-operator-delegation': 'strimzi-entity-operator',
  };
  for (const [name, role] of Object.entries(roles)) {
    new k8s.KubeClusterRoleBinding(chart, name, {
      metadata: { name, labels: { ...labels, 'app.kubernetes.io/name': 'strimzi' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'ServiceAccount', name: 'strimzi-cluster-operator', namespace: strimzi.namespace! }],
    });
  }
}
