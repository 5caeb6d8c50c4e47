// Requests and limits for the switch: services from their catalog preset
// (dev one size smaller), store members from the size of their pool's nodes.
import { k8s } from 'cdk8s-plus-27';
import type { Environment } from '../environment/environment';
import type { PoolName } from '../environment/node-pools';
import { presetFor, resources, PRESETS, type Preset, type ResourceSize } from '../lib/resources';
import { enabledStores, type ServiceEntry } from './catalog';

export const serviceResources = (env: Environment, svc: ServiceEntry): k8s.ResourceRequirements =>
  resources(presetFor(env.stage, svc.size));

/**
 * A database member may take this share of a node: half of a dedicated node (the
 * rest is page cache, the exporter and proxy sidecars, DaemonSets, the OS), split
 * further when the group also holds other stores' pools.
 */
const DEDICATED_SHARE = 0.5;

const MI = 1024 ** 2;

/** Store pools of enabled stores sharing the group that holds `pool`. */
function storePoolsInGroup(env: Environment, pool: PoolName): number {
  const group = env.topology.groupOf(pool);
  if (!group) return 1;
  const storePools = new Set(enabledStores(env.features).flatMap((s) => [s.pool, ...(s.controllersPool ? [s.controllersPool] : [])]));
  return Math.max(1, group.pools.filter((p) => storePools.has(p)).length);
}

/**
 * Size of one store member on `pool`: a `share` of the node's allocation for stores
 * (1 = the whole store share, e.g. a database; smaller for light members such as
 * Redis). Dev gets the given fixed size: one node carries everything there.
 */
export function storeMemberSize(env: Environment, pool: PoolName, share: number, dev: Preset): ResourceSize {
  if (env.stage === 'dev') return PRESETS[dev];
  const size = env.topology.groupOf(pool)!.size;
  const fraction = (DEDICATED_SHARE * share) / storePoolsInGroup(env, pool);
  const milli = Math.max(250, Math.floor((size.cpu * 1000 * fraction) / 250) * 250);
  const mib = Math.max(512, Math.floor((size.memoryBytes * fraction) / MI / 256) * 256);
  return { cpu: `${milli}m`, memory: `${mib}Mi`, cpuLimit: `${milli * 2}m`, memoryLimit: `${mib}Mi` };
}

export const storeResources = (env: Environment, pool: PoolName, share: number, dev: Preset): k8s.ResourceRequirements =>
  resources(storeMemberSize(env, pool, share, dev));

/** Plain JSON form (for CR fields typed by the operator bindings rather than k8s.ResourceRequirements). */
export function storeResourcesJson(env: Environment, pool: PoolName, share: number, dev: Preset) {
  const s = storeMemberSize(env, pool, share, dev);
  const cpuLimit = s.cpuLimit ?? (s.cpu.endsWith('m') ? `${Number(s.cpu.slice(0, -1)) * 2}m` : String(Number(s.cpu) * 2));
  return { requests: { cpu: s.cpu, memory: s.memory }, limits: { cpu: cpuLimit, memory: s.memoryLimit ?? s.memory } };
}

/** The JVM heap for a Kafka member: half of its memory request (the rest is page cache the broker relies on). */
export function heapOf(memory: string): string {
  const mib = memory.endsWith('Mi') ? Number(memory.slice(0, -2)) : memory.endsWith('Gi') ? Number(memory.slice(0, -2)) * 1024 : 1024;
  return `${Math.max(256, Math.floor(mib / 2))}m`;
}
