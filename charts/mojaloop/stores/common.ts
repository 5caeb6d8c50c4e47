// What every store shares: how many members, where they go (the same
// placement helper as the services: required node affinity to the pool,
// one member per node, spread over racks/zones), and the restricted security
// context the operators' pods must carry in a "restricted" namespace.
import type { k8s } from 'cdk8s-plus-27';
import type { Environment } from '../../environment/environment';
import type { PoolName } from '../../environment/node-pools';
import { placement } from '../../lib/placement';

/** Members of a quorum store: three (seeds/002: 3-node group replication, 3-member replica sets, 3 brokers), fewer only where the pool has fewer nodes (dev). */
export const QUORUM_MEMBERS = 3;
export const membersOf = (env: Environment, pool: PoolName): number => Math.min(QUORUM_MEMBERS, env.topology.nodesOf(pool).length);

/** Placement of a store's members, selecting its pods by the labels its operator puts on them. */
export function storePlacement(env: Environment, pool: PoolName, podLabels: Record<string, string>, members: number) {
  const p = placement(env, pool, podLabels, { replicas: members });
  return { affinity: p.affinity, tolerations: p.tolerations, topologySpreadConstraints: p.topologySpreadConstraints };
}

/** Pod and container security for operator-managed pods (Pod Security Standard "restricted"). */
export const storePodSecurity = (uid: number) => ({
  runAsNonRoot: true,
  runAsUser: uid,
  runAsGroup: uid,
  fsGroup: uid,
  fsGroupChangePolicy: 'OnRootMismatch',
  seccompProfile: { type: 'RuntimeDefault' },
});

export const storeContainerSecurity = () => ({
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
});

/** A plain copy (the operator bindings type these fields with their own, structurally equal, interfaces). */
export const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export type Affinity = k8s.Affinity;
