// Which changes to rendered objects can lose data or break a running system,
// so that a reviewer must look twice. Each rule says why in its message.
import { parseQuantity } from '../../charts/environment/quantity';
import { ARGO_SYNC_OPTIONS_ANNOTATION, FLUX_PRUNE_ANNOTATION } from '../../charts/lib/prune';
import type { DistObject } from './manifests';
import { formatPath, type FieldChange, type Segment } from './object-diff';

/** Custom resources of the operators that hold the switch's data. */
export const STORE_KINDS = new Set([
  'PerconaXtraDBCluster', 'PerconaServerMongoDB',
  'Kafka', 'KafkaNodePool', 'KafkaTopic',
  'RedisCluster', 'RedisReplication', 'RedisSentinel',
]);

/** Kinds whose removal deletes data (or orphans it, when prune protection holds). */
export const DATA_KINDS = new Set(['Namespace', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'StatefulSet', ...STORE_KINDS]);

/**
 * Fields the API server refuses to change (the apply fails; the object must be
 * deleted and recreated, which for a StatefulSet means its pods).
 */
const IMMUTABLE: Record<string, RegExp> = {
  Deployment: /^spec\.selector\b/,
  DaemonSet: /^spec\.selector\b/,
  StatefulSet: /^spec\.(selector|volumeClaimTemplates|serviceName|podManagementPolicy)\b/,
  Job: /^spec\.(selector|template)\b/,
  Service: /^spec\.(clusterIP|clusterIPs)\b/,
  // Everything of a claim's spec but a storage request (which may only grow, checked below).
  PersistentVolumeClaim: /^spec\.(storageClassName|accessModes|volumeMode|volumeName|selector|dataSource|dataSourceRef)\b/,
};

/**
 * Replica counts of members that hold a quorum (Galera, MongoDB replica set,
 * KRaft controllers and brokers with RF 3, Redis). Path patterns per kind;
 * `*` matches one list item.
 */
const QUORUM_FIELDS: Record<string, string[]> = {
  StatefulSet: ['spec.replicas'],
  PerconaXtraDBCluster: ['spec.pxc.size'],
  PerconaServerMongoDB: ['spec.replsets[*].size', 'spec.sharding.configsvrReplSet.size'],
  KafkaNodePool: ['spec.replicas'],
  Kafka: ['spec.kafka.replicas', 'spec.zookeeper.replicas'],
  RedisCluster: ['spec.clusterSize'],
  RedisReplication: ['spec.clusterSize'],
  RedisSentinel: ['spec.clusterSize'],
};

export interface Destructive {
  env: string;
  layer: string;
  object: string;
  reason: string;
}

const last = (path: Segment[]): Segment | undefined => path[path.length - 1];
const wildcard = (path: Segment[]): string => formatPath(path.map((s) => (typeof s === 'string' ? s : { name: '*' })));

/** A storage request: `...requests.storage`, or a `size` below something named storage/volume (Strimzi). */
function isStorageField(path: Segment[]): boolean {
  const k = last(path);
  if (k === 'storage' && path[path.length - 2] === 'requests') return true;
  return k === 'size' && path.some((s) => typeof s === 'string' && /storage|volume/i.test(s));
}

const quantity = (v: unknown): number | undefined => {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  try {
    return parseQuantity(v);
  } catch {
    return undefined;
  }
};

export function removalRisk(o: DistObject): string | undefined {
  if (!DATA_KINDS.has(o.kind)) return undefined;
  const what = o.kind === 'CustomResourceDefinition'
    ? 'deleting a CRD deletes every custom resource of that kind'
    : o.kind === 'Namespace'
      ? 'deleting a namespace deletes everything in it'
      : o.kind === 'StatefulSet'
        ? 'its pods go; its volumes stay orphaned'
        : 'it holds data';
  const annotations = (o.manifest.metadata as { annotations?: Record<string, string> }).annotations ?? {};
  const guarded = annotations[FLUX_PRUNE_ANNOTATION] === 'disabled' ? ' (prune-protected: the sync tool leaves it orphaned in the cluster; delete it by hand only if that is the intent)' : '';
  return `removed: ${what}${guarded}`;
}

export function changeRisks(before: DistObject, after: DistObject, changes: FieldChange[]): string[] {
  const reasons = new Set<string>();
  const immutable = IMMUTABLE[after.kind];
  const quorum = QUORUM_FIELDS[after.kind] ?? [];
  for (const c of changes) {
    const p = formatPath(c.path);
    if (immutable?.test(p)) {
      const field = p.match(immutable)![0];
      reasons.add(`${field} is immutable: the apply fails until the object is deleted and recreated`);
    }
    if (isStorageField(c.path)) {
      const from = quantity(c.old);
      const to = quantity(c.new);
      if (from !== undefined && to !== undefined && to < from) reasons.add(`storage shrinks at ${p}: ${c.old} -> ${c.new} (volumes cannot shrink)`);
    }
    if (quorum.includes(wildcard(c.path))) {
      const from = typeof c.old === 'number' ? c.old : undefined;
      const to = typeof c.new === 'number' ? c.new : c.new === undefined ? 1 : undefined;
      if (from !== undefined && to !== undefined && to < from && (to < 3 || to % 2 === 0)) {
        reasons.add(`replicas drop below a safe quorum at ${p}: ${from} -> ${to} (needs an odd count of at least 3)`);
      }
    }
  }
  const ann = (o: DistObject) => (o.manifest.metadata as { annotations?: Record<string, string> }).annotations ?? {};
  if (ann(before)[FLUX_PRUNE_ANNOTATION] === 'disabled' && ann(after)[FLUX_PRUNE_ANNOTATION] !== 'disabled') {
    reasons.add(`prune protection removed (${FLUX_PRUNE_ANNOTATION}: disabled): Flux may now delete it`);
  }
  const argo = (o: DistObject) => (ann(o)[ARGO_SYNC_OPTIONS_ANNOTATION] ?? '').split(',').map((s) => s.trim()).includes('Prune=false');
  if (argo(before) && !argo(after)) reasons.add(`prune protection removed (${ARGO_SYNC_OPTIONS_ANNOTATION}: Prune=false): Argo CD may now delete it`);
  return [...reasons];
}
