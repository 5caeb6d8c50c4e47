// Where the cluster-wide software we do not write runs: every Deployment,
// StatefulSet and DaemonSet of an upstream bundle (the operators, Flux,
// Argo CD) is required onto K3S-CLUSTER-SVCS and tolerates its dedicated
// taint, through a patch the sync tool applies to the pinned upstream files.
// The same pool label and toleration as our own workloads
// (charts/lib/placement.ts); in dev, whose one node carries every pool label,
// it collapses onto that node like every other pool.
import type { Environment } from '../environment/environment';
import type { PoolName } from '../environment/node-pools';
import { poolNodeAffinity, poolTolerations } from '../lib/placement';
import { toYaml } from '../lib/yaml';

export const CLUSTER_SERVICES_POOL: PoolName = 'K3S-CLUSTER-SVCS';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

/** Pod-spec fields that put a pod on K3S-CLUSTER-SVCS (also the Helm values of charts that take them as is). */
export function clusterServicesScheduling(env: Environment): { affinity: { nodeAffinity: ReturnType<typeof poolNodeAffinity> }; tolerations: ReturnType<typeof poolTolerations> } {
  if (env.topology.nodesOf(CLUSTER_SERVICES_POOL).length === 0) {
    throw new Error(`${env.file}: pool ${CLUSTER_SERVICES_POOL} has no nodes in environment ${env.name}: the upstream operators and the sync tool have nowhere to run`);
  }
  return { affinity: { nodeAffinity: poolNodeAffinity(CLUSTER_SERVICES_POOL) }, tolerations: poolTolerations([CLUSTER_SERVICES_POOL]) };
}

export interface BundlePatch { target: { kind: string; name?: string }; patch: string }

/**
 * A strategic-merge patch per workload kind, targeted by kind only so that
 * every workload of that kind in the bundle gets it (kustomize gives the
 * patch each target's name). Affinity merges with the bundle's own (its pod
 * anti-affinity stays); tolerations are a list without a merge key, so ours
 * replace the bundle's.
 */
export function placementPatches(env: Environment, kinds: readonly WorkloadKind[]): BundlePatch[] {
  const scheduling = clusterServicesScheduling(env);
  return kinds.map((kind) => ({
    target: { kind },
    patch: toYaml({
      apiVersion: 'apps/v1',
      kind,
      metadata: { name: 'any' },
      spec: { template: { spec: { affinity: scheduling.affinity, tolerations: scheduling.tolerations } } },
    }),
  }));
}
