// Every environment is schedulable on its own nodes, and losing any one node
// leaves every quorum (store members, Kafka controllers and brokers, Redis
// primaries and sentinels) with a majority and every service with a replica.
import { describe, expect, it } from 'vitest';
import { ENV_NAMES, environment, objects } from './support/bundled';
import { parseQuantity } from '../charts/environment/quantity';
import { podsOf, quorumLossOnNodeFailure, Scheduler, simNodes, simulate, utilisation } from './support/scheduler';

describe.each(ENV_NAMES)('scheduling simulation: %s', (name) => {
  const env = environment(name);
  const manifests = objects(name);
  const { scheduler, pods, result } = simulate(env, manifests);

  it('places every pod (node affinity, taints, anti-affinity, spread, requests)', () => {
    expect(pods.length).toBeGreaterThan(0);
    if (!result.ok) throw new Error(`${name}: cannot place ${result.unplaced.name} (${result.unplaced.owner}): ${result.reason}`);
    console.log(`\n${name}: per-pool utilisation (requests / allocatable after system reserve)\n${utilisation(scheduler)
      .map((u) => `  ${u.group.padEnd(28)} ${String(u.nodes).padStart(2)} node(s) ${String(u.pods).padStart(3)} pods  cpu ${u.cpu.padStart(11)} (${u.cpuPct}%)  memory ${u.memory.padStart(14)} (${u.memPct}%)`).join('\n')}`);
  });

  it('store and Kafka quorums keep a majority when any single node is lost', () => {
    expect(result.ok).toBe(true);
    const quorums = new Set(pods.filter((p) => p.quorum).map((p) => p.quorum!.set));
    expect(quorums.size).toBeGreaterThan(0);
    const losses = quorumLossOnNodeFailure(scheduler, pods);
    if (env.stage === 'dev') {
      // One node: its loss is the loss of everything; nothing to prove beyond placement.
      expect(env.topology.nodes).toHaveLength(1);
      return;
    }
    expect(losses, JSON.stringify(losses, null, 1)).toEqual([]);
  });

  it('no node holds two replicas of one workload outside dev (a node loss costs each at most one)', () => {
    if (env.stage === 'dev') return;
    const perNode = new Map<string, Map<string, number>>();
    for (const p of pods) {
      const node = scheduler.placed.get(p.name)!.name;
      const owners = perNode.get(node) ?? new Map<string, number>();
      owners.set(p.owner, (owners.get(p.owner) ?? 0) + 1);
      perNode.set(node, owners);
    }
    for (const [node, owners] of perNode) {
      for (const [owner, n] of owners) {
        expect(n, `${owner} on ${node}`).toBe(1);
      }
    }
  });
});

describe('the simulation catches what it should', () => {
  const env = environment('prod');
  const manifests = objects('prod');

  it('fails when a pool has fewer nodes than required-anti-affinity replicas', () => {
    const nodes = simNodes(env);
    const deployment = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'centralledger-service')!;
    const more = structuredClone(deployment) as typeof deployment & { spec: { replicas: number } };
    more.spec.replicas = 4; // CENTRAL-LEDGER-SVC has 3 nodes in prod
    const s = new Scheduler(nodes);
    const r = s.scheduleAll(podsOf(more, nodes));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('anti-affinity');
  });

  it('fails when a pod does not tolerate its dedicated pool taint', () => {
    const nodes = simNodes(env);
    const pool = manifests.find((m) => m.kind === 'KafkaNodePool' && m.metadata.name.endsWith('brokers'))!;
    const bare = structuredClone(pool) as typeof pool & { spec: { template: { pod: { tolerations?: unknown[] } } } };
    bare.spec.template.pod.tolerations = [];
    const r = new Scheduler(nodes).scheduleAll(podsOf(bare, nodes));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('taint');
  });

  it('fails when requests exceed the nodes', () => {
    const nodes = simNodes(env).map((n) => ({ ...n, memory: 2 * 1024 ** 3 }));
    const r = new Scheduler(nodes).scheduleAll(manifests.flatMap((m) => podsOf(m, nodes)));
    expect(r.ok).toBe(false);
  });
});

describe.each(ENV_NAMES)('mojaloop ResourceQuota holds the whole switch: %s', (name) => {
  const env = environment(name);
  const manifests = objects(name, 'mojaloop');
  const pods = manifests.flatMap((m) => podsOf(m, simNodes(env)));
  const quota = env.namespaces.mojaloop.quota;
  const q = (v: string) => parseQuantity(v);

  it('requests, limits, pod count and volume claims fit the quota', () => {
    const total = pods.reduce((a, p) => ({ cpu: a.cpu + p.cpu, memory: a.memory + p.memory, lcpu: a.lcpu + p.limits.cpu, lmem: a.lmem + p.limits.memory }), { cpu: 0, memory: 0, lcpu: 0, lmem: 0 });
    expect(total.cpu, 'requests.cpu').toBeLessThanOrEqual(q(quota.requestsCpu));
    expect(total.memory, 'requests.memory').toBeLessThanOrEqual(q(quota.requestsMemory));
    expect(total.lcpu, 'limits.cpu').toBeLessThanOrEqual(q(quota.limitsCpu));
    expect(total.lmem, 'limits.memory').toBeLessThanOrEqual(q(quota.limitsMemory));
    expect(pods.length, 'pods').toBeLessThanOrEqual(quota.pods);
    expect(claimedStorage(manifests), 'requests.storage').toBeLessThanOrEqual(q(quota.requestsStorage));
  });
});

/** Bytes of PersistentVolumeClaims the store operators will create from their CRs. */
function claimedStorage(manifests: ReturnType<typeof objects>): number {
  let total = 0;
  for (const m of manifests as any[]) {
    const s = m.spec;
    switch (m.kind) {
      case 'PerconaXtraDBCluster': total += s.pxc.size * parseQuantity(s.pxc.volumeSpec.persistentVolumeClaim.resources.requests.storage); break;
      case 'PerconaServerMongoDB': for (const rs of s.replsets) total += rs.size * parseQuantity(rs.volumeSpec.persistentVolumeClaim.resources.requests.storage); break;
      case 'KafkaNodePool': for (const v of s.storage.volumes) total += s.replicas * parseQuantity(v.size); break;
      case 'RedisCluster': total += (s.redisLeader.replicas + s.redisFollower.replicas)
        * (parseQuantity(s.storage.volumeClaimTemplate.spec.resources.requests.storage) + parseQuantity(s.storage.nodeConfVolumeClaimTemplate.spec.resources.requests.storage)); break;
      case 'RedisReplication': total += s.clusterSize * parseQuantity(s.storage.volumeClaimTemplate.spec.resources.requests.storage); break;
      default:
    }
  }
  return total;
}
