// Storage for the stores: a StorageClass per pool, on the nodes' local disks
// (seeds/002: physical node disks through the "local" volume type, not SAN/NAS).
//
// Provisioner: K3S's bundled local-path provisioner (rancher.io/local-path), not
// kubernetes.io/no-provisioner. Both give node-pinned volumes on a local disk
// (the PV carries node affinity, so a member always restarts where its data is).
// no-provisioner needs every PersistentVolume created by hand per node and per
// member before a store can start, a manual step outside git that GitOps cannot
// reconcile; local-path creates the directory on the chosen node on demand.
// WaitForFirstConsumer lets the scheduler pick the node first (anti-affinity
// decides), then the volume follows; allowedTopologies keeps a pool's volumes on
// that pool's nodes. Retain: deleting a claim never deletes data.
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { poolLabelKey, POOL_LABEL_VALUE, type PoolName } from '../environment/node-pools';
import { standardLabels } from '../lib/labels';
import { enabledStores } from './catalog';

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';

export const storageClassName = (pool: PoolName): string => `local-${pool.toLowerCase()}`;

/** Pools whose nodes hold store volumes in this environment. */
export const storePools = (env: Environment): PoolName[] =>
  [...new Set(enabledStores(env.features).flatMap((s) => [s.pool, ...(s.controllersPool ? [s.controllersPool] : [])]))].sort();

export function storageClasses(scope: Construct, env: Environment): void {
  for (const pool of storePools(env)) {
    new k8s.KubeStorageClass(scope, `storageclass-${pool}`, {
      metadata: { name: storageClassName(pool), labels: standardLabels(env, { name: 'local-storage', instance: storageClassName(pool), partOf: 'mojaloop' }) },
      provisioner: LOCAL_PATH_PROVISIONER,
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: false,
      allowedTopologies: [{ matchLabelExpressions: [{ key: poolLabelKey(pool), values: [POOL_LABEL_VALUE] }] }],
    });
  }
}

/** Volume size of one member: the catalog size in production-like environments, a quarter (>= 5Gi) elsewhere. */
export function volumeSize(env: Environment, size: string): string {
  if (env.productionLike) return size;
  const gi = Number(size.replace(/Gi$/, ''));
  return `${Math.max(5, Math.floor(gi / 4))}Gi`;
}
