// Requests and limits for the switch: services from their catalog preset
// (dev one size smaller), store members from the size of their pool's nodes.
import { k8s } from 'cdk8s-plus-27';
import type { Environment } from '../environment/environment';
import type { PoolName } from '../environment/node-pools';
import { parseQuantity } from '../environment/quantity';
import { presetFor, resources, withLimits, PRESETS, type Preset, type ResourceSize } from '../lib/resources';
import { enabledServices, enabledStores, type ServiceEntry, type StoreEntry } from './catalog';

/** Kept free on every node for the kubelet/K3S, the OS and the DaemonSets (log agent, node-exporter). */
export const NODE_RESERVED = { cpu: 0.5, memoryBytes: 1.5 * 1024 ** 3 };
/** Requests fill at most this much of what is left, so a rolling update or a rescheduled pod still fits. */
const FILL = 0.9;

/**
 * A service's requests: its catalog preset (dev one size smaller), scaled down
 * when the pods that share its pool's nodes would not fit them: stores first
 * (sized from the node, below), then the services of every pool of the group
 * share what is left. Limits keep the preset's burst.
 */
export function serviceResources(env: Environment, svc: ServiceEntry): k8s.ResourceRequirements {
  const preset = PRESETS[presetFor(env.stage, svc.size)];
  const group = env.topology.groupOf(svc.pool);
  if (!group) return resources(preset);
  const stores = storeDemandPerNode(env, group.pools);
  const services = enabledServices(env.features).filter((s) => group.pools.includes(s.pool)).map((s) => PRESETS[presetFor(env.stage, s.size)]);
  const demand = { cpu: services.reduce((a, s) => a + parseQuantity(s.cpu), 0), memory: services.reduce((a, s) => a + parseQuantity(s.memory), 0) };
  const room = {
    cpu: (group.size.cpu - NODE_RESERVED.cpu - stores.cpu) * FILL,
    memory: (group.size.memoryBytes - NODE_RESERVED.memoryBytes - stores.memory) * FILL,
  };
  const cpuFactor = Math.min(1, room.cpu / demand.cpu);
  const memFactor = Math.min(1, room.memory / demand.memory);
  if (cpuFactor >= 1 && memFactor >= 1) return resources(preset);
  const milli = Math.max(25, Math.floor((parseQuantity(preset.cpu) * 1000 * cpuFactor) / 5) * 5);
  const mib = Math.max(64, Math.floor((parseQuantity(preset.memory) / MI) * memFactor));
  const limitCpu = Math.max(milli, parseQuantity(preset.cpu) * 2000);
  return resources({ cpu: `${milli}m`, memory: `${mib}Mi`, cpuLimit: `${limitCpu}m`, memoryLimit: `${Math.max(mib, parseQuantity(preset.memory) / MI)}Mi` });
}

/** What one node of a group gives to store members and their sidecars (the members sit one per node). */
function storeDemandPerNode(env: Environment, pools: readonly PoolName[]): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  const add = (s: ResourceSize, times = 1) => { cpu += parseQuantity(s.cpu) * times; memory += parseQuantity(s.memory) * times; };
  for (const store of enabledStores(env.features)) {
    for (const [pool, part] of storeParts(store)) {
      if (!pools.includes(pool)) continue;
      for (const p of part) add(p.fixed ?? storeMemberSize(env, pool, p.share!, p.dev!), p.times ?? 1);
    }
  }
  return { cpu, memory };
}

interface Part { share?: number; dev?: Preset; fixed?: ResourceSize; times?: number }

/** Per node of each pool a store uses: its member(s) and their sidecars, as the store modules size them. */
export function storeParts(store: StoreEntry): Array<[PoolName, Part[]]> {
  switch (store.kind) {
    case 'mysql':
      return [[store.pool, [{ share: 1, dev: 'large' }, { fixed: SIDECARS.haproxy }, { fixed: SIDECARS.exporter }]]];
    case 'mongodb':
      return [[store.pool, [{ share: 1, dev: 'large' }, { fixed: SIDECARS.exporter }]]];
    case 'kafka':
      return [
        [store.pool, [{ share: 1, dev: 'large' }]],
        [store.controllersPool!, [{ share: 0.5, dev: 'large' }, { fixed: SIDECARS.kafkaOperands }]],
      ];
    case 'redis':
      return [[store.pool, store.redisMode === 'cluster'
        ? [{ share: 0.25, dev: 'micro', times: 2 }, { fixed: SIDECARS.redisExporter, times: 2 }]
        : [{ share: 0.25, dev: 'micro' }, { fixed: SIDECARS.redisExporter }, { fixed: SIDECARS.sentinel }]]];
  }
}

/** Fixed sizes of the stores' helper containers and pods. */
export const SIDECARS = {
  haproxy: { cpu: '250m', memory: '256Mi', cpuLimit: '1', memoryLimit: '256Mi' },
  exporter: { cpu: '50m', memory: '64Mi', cpuLimit: '200m', memoryLimit: '128Mi' },
  redisExporter: { cpu: '25m', memory: '32Mi', cpuLimit: '100m', memoryLimit: '64Mi' },
  sentinel: { cpu: '50m', memory: '64Mi', cpuLimit: '200m', memoryLimit: '64Mi' },
  /** Strimzi's entity operator and kafka-exporter, next to the controllers. */
  kafkaOperands: { cpu: '150m', memory: '320Mi' },
} as const satisfies Record<string, ResourceSize>;

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
export function storeMemberSize(env: Environment, pool: PoolName, share: number, dev: Preset): Required<ResourceSize> {
  if (env.stage === 'dev') return withLimits(dev);
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
  return { requests: { cpu: s.cpu, memory: s.memory }, limits: { cpu: s.cpuLimit, memory: s.memoryLimit } };
}

/** The JVM heap for a Kafka member: half of its memory request (the rest is page cache the broker relies on). */
export function heapOf(memory: string): string {
  const mib = memory.endsWith('Mi') ? Number(memory.slice(0, -2)) : memory.endsWith('Gi') ? Number(memory.slice(0, -2)) * 1024 : 1024;
  return `${Math.max(256, Math.floor(mib / 2))}m`;
}
