// The capacity check at synth: the arithmetic a reviewer would do, per pool,
// on what the charts rendered. Not a scheduler: it only counts, and reports
// what can certainly not fit.
// - Replicas against eligible nodes: a node is eligible when it carries the
//   labels the pods require, its taints are tolerated, and it has every
//   topology key the pods spread over with DoNotSchedule (the scheduler's
//   PodTopologySpread filter rejects a node without the key). With one pod per
//   node (required anti-affinity on the hostname) and a spread of maxSkew s
//   over domains of c_1..c_k eligible nodes, at most sum(min(c_i, min(c) + s))
//   pods fit.
// - Requests against allocatable (node size minus the reserve for the K3S
//   agent, the OS and the DaemonSets): the pods that must sit on every node of
//   the pool fit one node, and all the pool's pods fit all its nodes.
// Both are necessary conditions, so an error here is always real; e2e's
// kube-scheduler stays the proof that everything fits. The input is what we
// render plus what runs without being rendered here: K3S's auto-deployed
// replacements and the upstream sources' workloads (charts/render.ts).
import type { Environment } from './environment';
import type { PoolGroup, ResolvedNode } from './sections/pools';
import type { SemanticIssue } from './semantic';
import { RACK_LABEL, ZONE_LABEL } from './node-pools';
import { NODE_RESERVED } from '../mojaloop/sizing';
import { podGroupsOf, type PodGroup, type Toleration } from './pod-groups';

const KEY_NAMES: Record<string, string> = { [RACK_LABEL]: 'rack', [ZONE_LABEL]: 'zone' };
const keyName = (k: string) => KEY_NAMES[k] ?? k;

const LABELS = new WeakMap<ResolvedNode, Record<string, string>>();
/** A node's labels as the scheduler sees them (the kubelet adds the hostname). */
function nodeLabels(n: ResolvedNode): Record<string, string> {
  let l = LABELS.get(n);
  if (!l) LABELS.set(n, (l = { ...n.labels, 'kubernetes.io/hostname': n.name }));
  return l;
}

function tolerates(tolerations: Toleration[], taint: ResolvedNode['taints'][number]): boolean {
  return tolerations.some((t) => (t.operator === 'Exists' && t.key === undefined)
    || (t.key === taint.key && (t.operator === 'Exists' || t.value === taint.value) && (!t.effect || t.effect === taint.effect)));
}

interface Shortfall { group: PoolGroup; reason: string; path: (string | number)[]; owners: string[] }

const cores = (c: number) => `${Math.round(c * 1000) / 1000}`;
/** A workload as messages name it: upstream ones with their source (charts/sync/upstream-workloads.ts). */
const label = (p: PodGroup) => (p.upstream ? `${p.owner} (upstream ${p.upstream})` : p.owner);
const gib = (b: number) => `${Math.round((b / 1024 ** 3) * 100) / 100}Gi`;

export function capacityIssues(env: Environment, manifests: unknown[]): SemanticIssue[] {
  const groups = manifests.flatMap((m) => podGroupsOf(m as Record<string, unknown>)).filter((g) => Object.keys(g.requiredLabels).length > 0);
  const shortfalls = new Map<string, Shortfall>();
  const note = (group: PoolGroup, reason: string, path: (string | number)[], owner: string) => {
    const key = `${group.name}\0${reason}`;
    const s = shortfalls.get(key) ?? { group, reason, path, owners: [] };
    s.owners.push(owner);
    shortfalls.set(key, s);
  };
  // Per node: the pods certain to land there (one-per-node groups that need every eligible node).
  const forced = new Map<string, { cpu: number; memory: number; owners: string[] }>();
  const onGroup = new Map<string, PodGroup[]>();

  for (const pods of groups) {
    const labelled = env.topology.nodes.filter((n) => Object.entries(pods.requiredLabels).every(([k, v]) => nodeLabels(n)[k] === v));
    if (labelled.length === 0) continue; // no node of this pool at all: the semantic checks report the missing pool
    const group = env.topology.groups.find((g) => g.name === labelled[0].group)!;
    onGroup.set(group.name, [...(onGroup.get(group.name) ?? []), pods]);
    const untolerated = labelled.filter((n) => !n.taints.every((t) => tolerates(pods.tolerations, t)));
    const tolerated = labelled.filter((n) => !untolerated.includes(n));
    const keyless = tolerated.filter((n) => pods.spread.some((s) => nodeLabels(n)[s.topologyKey] === undefined));
    const eligible = tolerated.filter((n) => !keyless.includes(n));
    let fit = pods.onePerNode ? eligible.length : Infinity;
    let skewReason = '';
    if (pods.onePerNode) {
      for (const s of pods.spread) {
        const domains = new Map<string, number>();
        for (const n of eligible) domains.set(nodeLabels(n)[s.topologyKey], (domains.get(nodeLabels(n)[s.topologyKey]) ?? 0) + 1);
        const least = Math.min(...domains.values());
        const bound = [...domains.values()].reduce((a, c) => a + Math.min(c, least + s.maxSkew), 0);
        if (bound < fit) {
          fit = bound;
          skewReason = `the ${keyName(s.topologyKey)}s hold ${[...domains].map(([d, c]) => `${d}: ${c}`).join(', ')} node(s); with one pod per node and at most ${s.maxSkew} more per ${keyName(s.topologyKey)} than the emptiest (topologySpreadConstraints on ${s.topologyKey}, DoNotSchedule), ${bound} pod(s) fit`;
        }
      }
    }
    const missing = Math.max(0, pods.replicas - fit);
    if (missing > 0) {
      const owner = `${label(pods)} (${missing} of ${pods.replicas} replicas)`;
      const index = (n: ResolvedNode) => group.nodes.indexOf(n);
      if (untolerated.length > 0) {
        note(group, `its pods do not tolerate the taint ${untolerated[0].taints.map((t) => `${t.key}=${t.value}:${t.effect}`).join(', ')} of nodes ${untolerated.map((n) => n.name).join(', ')}`, [...group.path, 'nodes'], owner);
      } else if (keyless.length > 0) {
        const keys = [...new Set(pods.spread.map((s) => s.topologyKey).filter((k) => keyless.some((n) => nodeLabels(n)[k] === undefined)))];
        note(group, `node(s) ${keyless.map((n) => n.name).join(', ')} have no ${keys.map(keyName).join(' or ')} while the pool's other nodes do: pods spread over ${keys.map((k) => `${keyName(k)}s (${k})`).join(' and ')} with whenUnsatisfiable: DoNotSchedule never land on a node without the label, so only ${eligible.length} of ${labelled.length} nodes are eligible and one pod goes per node; expected a ${keys.map(keyName).join(' and ')} on every node of ${group.path.join('.')} (or on none)`, [...group.path, 'nodes', index(keyless[0])], owner);
      } else if (skewReason) {
        note(group, `${skewReason}; expected ${keyName(pods.spread[0].topologyKey)}s of (nearly) equal size`, [...group.path, 'nodes'], owner);
      } else {
        note(group, `one pod per node (required anti-affinity on kubernetes.io/hostname) and only ${eligible.length} eligible node(s)`, [...group.path, 'nodes'], owner);
      }
    }
    if (pods.onePerNode && Math.min(pods.replicas, fit) >= eligible.length) {
      for (const n of eligible) {
        const f = forced.get(n.name) ?? { cpu: 0, memory: 0, owners: [] };
        f.cpu += pods.cpu;
        f.memory += pods.memory;
        f.owners.push(label(pods));
        forced.set(n.name, f);
      }
    }
  }

  const issues: SemanticIssue[] = [...shortfalls.values()].map((s) => ({
    path: s.path,
    message: `cannot place ${s.owners.join(', ')}: ${s.reason}`,
  }));

  for (const group of env.topology.groups) {
    const alloc = { cpu: group.size.cpu - NODE_RESERVED.cpu, memory: group.size.memoryBytes - NODE_RESERVED.memoryBytes };
    const sizeWhy = `${group.size.cpu} CPU and ${gib(group.size.memoryBytes)} per node minus ${NODE_RESERVED.cpu} CPU and ${gib(NODE_RESERVED.memoryBytes)} kept for K3S, the OS and the DaemonSets`;
    const path = [...group.path, 'size'];
    const worst = group.nodes.map((n) => ({ n, f: forced.get(n.name) })).filter((x) => x.f)
      .find(({ f }) => f!.cpu > alloc.cpu + 1e-9 || f!.memory > alloc.memory);
    if (worst) {
      const f = worst.f!;
      issues.push({
        path,
        message: `requests exceed node ${worst.n.name}: the ${f.owners.length} workload(s) with a pod on every node (${f.owners.join(', ')}) request ${cores(f.cpu)} CPU and ${gib(f.memory)}; allocatable is ${cores(alloc.cpu)} CPU and ${gib(alloc.memory)} (${sizeWhy}); expected larger nodes or fewer replicas`,
      });
      continue;
    }
    const all = onGroup.get(group.name) ?? [];
    const sum = (ps: PodGroup[]) => ps.reduce((a, p) => ({ pods: a.pods + p.replicas, cpu: a.cpu + p.cpu * p.replicas, memory: a.memory + p.memory * p.replicas }), { pods: 0, cpu: 0, memory: 0 });
    const total = sum(all);
    const n = group.nodes.length;
    if (total.cpu > alloc.cpu * n + 1e-9 || total.memory > alloc.memory * n) {
      const upstream = all.filter((p) => p.upstream);
      const up = sum(upstream);
      const ofUpstream = upstream.length === 0 ? '' : `, ${up.pods} of them from upstream sources (charts/sync/upstream-workloads.ts: ${upstream.map((p) => p.owner).join(', ')}) with ${cores(up.cpu)} CPU and ${gib(up.memory)}`;
      issues.push({
        path,
        message: `requests exceed the pool: its ${total.pods} pods request ${cores(total.cpu)} CPU and ${gib(total.memory)}${ofUpstream}; its ${n} node(s) offer ${cores(alloc.cpu * n)} CPU and ${gib(alloc.memory * n)} (${sizeWhy}); expected larger or more nodes`,
      });
    }
  }
  return issues;
}
