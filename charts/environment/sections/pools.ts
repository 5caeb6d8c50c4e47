// Node pools in an environment file: which pools exist, which are combined onto
// shared nodes, and which nodes make them up.
import { Type, type Static } from '@sinclair/typebox';
import { NODE_POOLS, POOL_NAMES, poolLabelKey, POOL_LABEL_VALUE, NEVER_MERGE, NEVER_MERGE_WHEN, RACK_LABEL, ZONE_LABEL, type PoolName } from '../node-pools';
import { DnsLabel, Quantity, Strict, StringEnum } from '../types';
import { parseQuantity } from '../quantity';
import type { Stage } from './stage';
import type { FeatureFlags } from '../../mojaloop/catalog';

export const NodeSchema = Strict({
  name: DnsLabel('Node (host) name; becomes the kubernetes.io/hostname label.'),
  rack: Type.Optional(DnsLabel('Rack, set as the topology.mojaloop.io/rack node label; replicas spread across racks when set.')),
  zone: Type.Optional(DnsLabel('Zone or room, set as topology.kubernetes.io/zone.')),
});

export const PoolGroupSchema = Strict({
  combines: Type.Optional(Type.Array(StringEnum([...POOL_NAMES, '*'], 'A pool of the node-pool table, or "*" for all of them.'), {
    minItems: 1,
    uniqueItems: true,
    description: 'Pools that share these nodes. Omit when the key is itself a pool name (a dedicated pool); ["*"] puts every pool on these nodes (single-node dev).',
  })),
  nodes: Type.Array(NodeSchema, { minItems: 1, description: 'The nodes of this pool (group).' }),
  size: Type.Optional(Strict({
    cpu: Type.Integer({ minimum: 1, description: 'CPU cores per node.' }),
    memory: Quantity('Memory per node, e.g. 32Gi.'),
    disk: Quantity('Local disk per node, e.g. 500Gi.'),
  }, 'Node size; defaults to the node-pool table (the largest of the combined pools).')),
});

export const PoolsSchema = Type.Record(Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]*$' }), PoolGroupSchema, {
  description: 'Pool groups by name. A key that is a pool of the node-pool table is that pool, dedicated; any other key needs `combines`.',
  minProperties: 1,
});

export type PoolsFile = Static<typeof PoolsSchema>;

export interface NodeSize { cpu: number; memoryBytes: number; diskBytes: number }
export interface Taint { key: string; value: string; effect: 'NoSchedule' | 'NoExecute' }

export interface ResolvedNode {
  name: string;
  group: string;
  pools: PoolName[];
  /** K3S servers run the control plane (the group holds K3S-CONTROL-PLANE); every other node is an agent. */
  role: 'server' | 'agent';
  rack?: string;
  zone?: string;
  labels: Record<string, string>;
  taints: Taint[];
  size: NodeSize;
}

export interface PoolGroup {
  name: string;
  pools: PoolName[];
  dedicated: boolean;
  nodes: ResolvedNode[];
  size: NodeSize;
  /** Where it came from in the file, for error messages. */
  path: (string | number)[];
}

export interface Topology {
  groups: PoolGroup[];
  nodes: ResolvedNode[];
  /** The group that holds a pool; undefined when the environment has no such pool. */
  groupOf(pool: PoolName): PoolGroup | undefined;
  /** Nodes that carry a pool's label. */
  nodesOf(pool: PoolName): ResolvedNode[];
}

/** Taint carried by the nodes of a dedicated never-merge pool; only that pool's workloads tolerate it. */
export const dedicatedTaint = (pool: PoolName): Taint => ({ key: poolLabelKey(pool), value: POOL_LABEL_VALUE, effect: 'NoSchedule' });

const GI = 1024 ** 3;

export function resolvePools(file: PoolsFile, stage: Stage, features: FeatureFlags): Topology {
  const productionLike = stage === 'staging' || stage === 'prod';
  const neverMerge = new Set<PoolName>([...NEVER_MERGE, ...(features.bulk ? NEVER_MERGE_WHEN.bulk : []), ...(features.thirdParty ? NEVER_MERGE_WHEN.thirdParty : [])]);
  const groups: PoolGroup[] = Object.entries(file).map(([name, g]) => {
    const pools: PoolName[] = g.combines?.includes('*') ? [...POOL_NAMES] : ((g.combines as PoolName[] | undefined) ?? [name as PoolName]);
    const dedicated = pools.length === 1;
    const fromTable = pools.filter((p) => p in NODE_POOLS).map((p) => NODE_POOLS[p].initial);
    const size: NodeSize = g.size
      ? { cpu: g.size.cpu, memoryBytes: parseQuantity(g.size.memory), diskBytes: parseQuantity(g.size.disk) }
      : {
        cpu: Math.max(...fromTable.map((s) => s.cpu)),
        memoryBytes: Math.max(...fromTable.map((s) => s.memoryGi)) * GI,
        diskBytes: Math.max(...fromTable.map((s) => s.diskGi)) * GI,
      };
    const role = pools.includes('K3S-CONTROL-PLANE') ? 'server' : 'agent';
    const taints = productionLike && dedicated && neverMerge.has(pools[0]) ? [dedicatedTaint(pools[0])] : [];
    const nodes: ResolvedNode[] = g.nodes.map((n) => ({
      name: n.name,
      group: name,
      pools,
      role,
      rack: n.rack,
      zone: n.zone,
      labels: {
        ...Object.fromEntries(pools.map((p) => [poolLabelKey(p), POOL_LABEL_VALUE])),
        ...(n.rack ? { [RACK_LABEL]: n.rack } : {}),
        ...(n.zone ? { [ZONE_LABEL]: n.zone } : {}),
      },
      taints,
      size,
    }));
    return { name, pools, dedicated, nodes, size, path: ['pools', name] };
  });
  const nodes = groups.flatMap((g) => g.nodes);
  const byPool = new Map<PoolName, PoolGroup>();
  for (const g of groups) for (const p of g.pools) if (!byPool.has(p)) byPool.set(p, g);
  return {
    groups,
    nodes,
    groupOf: (pool) => byPool.get(pool),
    nodesOf: (pool) => byPool.get(pool)?.nodes ?? [],
  };
}
