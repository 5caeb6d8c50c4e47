// A small model of the kube-scheduler's hard constraints, to prove an
// environment schedulable from its files alone: nodes come from the
// environment (labels, taints, CPU/memory of its pool size), pods from the
// rendered manifests — Deployments/StatefulSets/DaemonSets as rendered, and the
// pods the operators will create for each store custom resource, derived from
// the CR spec (size, affinity, tolerations, requests, the labels the operator
// puts on its pods). Honoured: required node affinity, taints/tolerations,
// required pod anti-affinity (both directions, matchLabelKeys included),
// topology spread (DoNotSchedule), and CPU/memory requests.
import type { Environment } from '../../charts/environment/environment';
import { parseQuantity } from '../../charts/environment/quantity';
import type { Manifest } from '../../charts/render';

/** Kept back on every node for the kubelet/K3S agent, the OS and the DaemonSets (log agent, node-exporter). */
export const SYSTEM_RESERVED = { cpu: 0.5, memory: 1.5 * 1024 ** 3 };

export interface SimNode {
  name: string;
  group: string;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  cpu: number;
  memory: number;
}

interface Term { labelSelector?: Selector; topologyKey: string; matchLabelKeys?: string[] }
export interface Selector { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] }
interface Spread { maxSkew: number; topologyKey: string; whenUnsatisfiable: string; labelSelector?: Selector }

export interface SimPod {
  /** Unique pod name, e.g. "centralledger-service-2". */
  name: string;
  owner: string;
  /** Pods of one quorum (a store's members, the Kafka controllers): must keep `needed` of them after a node loss. */
  quorum?: { set: string; needed: number };
  labels: Record<string, string>;
  nodeSelectorTerms?: { matchExpressions?: { key: string; operator: string; values?: string[] }[] }[];
  tolerations: { key?: string; operator?: string; value?: string; effect?: string }[];
  antiAffinity: Term[];
  spread: Spread[];
  cpu: number;
  memory: number;
  /** Sum of the containers' limits (for ResourceQuota checks). */
  limits: { cpu: number; memory: number };
  /** DaemonSet pods are bound to one node. */
  node?: string;
}

export interface Placement { node: SimNode; pods: SimPod[] }
export interface Schedule { placed: Map<string, SimNode>; nodes: SimNode[]; pods: SimPod[] }

export function simNodes(env: Environment): SimNode[] {
  return env.topology.nodes.map((n) => ({
    name: n.name,
    group: n.group,
    labels: { ...n.labels, 'kubernetes.io/hostname': n.name },
    taints: n.taints,
    cpu: n.size.cpu - SYSTEM_RESERVED.cpu,
    memory: n.size.memoryBytes - SYSTEM_RESERVED.memory,
  }));
}

const q = (v: unknown): number => (v === undefined || v === null ? 0 : parseQuantity(String(v)));
const sum = (rs: Array<Record<string, unknown> | undefined>) => ({
  cpu: rs.reduce((a, r) => a + q(r?.cpu), 0),
  memory: rs.reduce((a, r) => a + q(r?.memory), 0),
});

const majority = (n: number) => Math.floor(n / 2) + 1;

type Any = Record<string, any>;

function fromPodSpec(base: Omit<SimPod, 'nodeSelectorTerms' | 'tolerations' | 'antiAffinity' | 'spread' | 'cpu' | 'memory' | 'limits'>, spec: Any, extra: Array<Record<string, unknown> | undefined> = []): SimPod {
  const requests = sum([...(spec.containers ?? []).map((c: Any) => c.resources?.requests), ...extra]);
  const limits = sum((spec.containers ?? []).map((c: Any) => c.resources?.limits ?? c.resources?.requests));
  return {
    ...base,
    limits,
    nodeSelectorTerms: spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms,
    tolerations: spec.tolerations ?? [],
    antiAffinity: spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [],
    spread: spec.topologySpreadConstraints ?? [],
    ...requests,
  };
}

/** The pods a manifest stands for. */
export function podsOf(m: Manifest, nodes: SimNode[]): SimPod[] {
  const spec = (m as Any).spec as Any;
  const name = m.metadata.name;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  switch (m.kind) {
    case 'Deployment':
    case 'StatefulSet': {
      const t = spec.template;
      const replicas = spec.replicas ?? 1;
      return range(replicas).map((i) => fromPodSpec({ name: `${name}-${i}`, owner: `${m.kind}/${name}`, labels: t.metadata.labels }, t.spec));
    }
    case 'DaemonSet':
      return nodes.map((n) => ({ ...fromPodSpec({ name: `${name}-${n.name}`, owner: `DaemonSet/${name}`, labels: spec.template.metadata.labels }, spec.template.spec), node: n.name }));
    case 'PerconaXtraDBCluster': {
      const pxc = spec.pxc;
      const members = range(pxc.size).map((i) => ({
        ...fromPodSpec(
          { name: `${name}-pxc-${i}`, owner: `PerconaXtraDBCluster/${name}`, labels: { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'pxc' }, quorum: { set: `${name} (Galera)`, needed: majority(pxc.size) } },
          { affinity: pxc.affinity?.advanced, tolerations: pxc.tolerations, topologySpreadConstraints: pxc.topologySpreadConstraints, containers: [{ resources: pxc.resources }, ...(pxc.sidecars ?? [])] },
        ),
      }));
      const h = spec.haproxy;
      const proxies = h?.enabled ? range(h.size).map((i) => fromPodSpec(
        { name: `${name}-haproxy-${i}`, owner: `PerconaXtraDBCluster/${name}/haproxy`, labels: { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'haproxy' } },
        { affinity: h.affinity?.advanced, tolerations: h.tolerations, containers: [{ resources: h.resources }] },
      )) : [];
      return [...members, ...proxies];
    }
    case 'PerconaServerMongoDB':
      return (spec.replsets as Any[]).flatMap((rs) => range(rs.size).map((i) => fromPodSpec(
        { name: `${name}-${rs.name}-${i}`, owner: `PerconaServerMongoDB/${name}`, labels: { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'mongod' }, quorum: { set: `${name}/${rs.name} (replica set)`, needed: majority(rs.size) } },
        { affinity: rs.affinity?.advanced, tolerations: rs.tolerations, topologySpreadConstraints: rs.topologySpreadConstraints, containers: [{ resources: rs.resources }, ...(rs.sidecars ?? [])] },
      )));
    case 'KafkaNodePool': {
      const cluster = m.metadata.labels!['strimzi.io/cluster'];
      const controller = spec.roles.includes('controller');
      // Controllers: a raft majority. Brokers: min.insync.replicas of them must stay for writes (taken as a majority of 3).
      return range(spec.replicas).map((i) => fromPodSpec(
        { name: `${cluster}-${name}-${i}`, owner: `KafkaNodePool/${name}`, labels: { 'strimzi.io/cluster': cluster, 'strimzi.io/pool-name': name, 'strimzi.io/kind': 'Kafka' }, quorum: { set: `${cluster}/${name} (${controller ? 'KRaft controllers' : 'brokers, min ISR'})`, needed: majority(spec.replicas) } },
        { ...spec.template?.pod, containers: [{ resources: spec.resources }] },
      ));
    }
    case 'Kafka': {
      const eo = spec.entityOperator;
      const ex = spec.kafkaExporter;
      return [
        ...(eo ? [fromPodSpec({ name: `${name}-entity-operator`, owner: `Kafka/${name}`, labels: { 'strimzi.io/name': `${name}-entity-operator` } }, { ...eo.template?.pod, containers: [{ resources: eo.topicOperator?.resources }] })] : []),
        ...(ex ? [fromPodSpec({ name: `${name}-kafka-exporter`, owner: `Kafka/${name}`, labels: { 'strimzi.io/name': `${name}-kafka-exporter` } }, { ...ex.template?.pod, containers: [{ resources: ex.resources }] })] : []),
      ];
    }
    case 'RedisCluster': {
      const exporter = spec.redisExporter?.enabled ? spec.redisExporter.resources?.requests : undefined;
      return (['leader', 'follower'] as const).flatMap((role) => {
        const r = role === 'leader' ? spec.redisLeader : spec.redisFollower;
        const n = r?.replicas ?? spec.clusterSize;
        return range(n).map((i) => fromPodSpec(
          {
            name: `${name}-${role}-${i}`, owner: `RedisCluster/${name}/${role}`,
            labels: { app: `${name}-${role}`, redis_setup_type: 'cluster', role, 'apps.kubernetes.io/pod-index': String(i) },
            ...(role === 'leader' ? { quorum: { set: `${name} (cluster primaries)`, needed: majority(n) } } : {}),
          },
          { affinity: r?.affinity, tolerations: r?.tolerations, topologySpreadConstraints: r?.topologySpreadConstraints, containers: [{ resources: spec.kubernetesConfig.resources }] },
          [exporter],
        ));
      });
    }
    case 'RedisReplication':
    case 'RedisSentinel': {
      const exporter = spec.redisExporter?.enabled ? spec.redisExporter.resources?.requests : undefined;
      const setup = m.kind === 'RedisReplication' ? 'replication' : 'sentinel';
      return range(spec.clusterSize).map((i) => fromPodSpec(
        { name: `${name}-${i}`, owner: `${m.kind}/${name}`, labels: { app: name, redis_setup_type: setup, role: setup }, quorum: { set: `${name} (${setup})`, needed: majority(spec.clusterSize) } },
        { affinity: spec.affinity, tolerations: spec.tolerations, topologySpreadConstraints: spec.topologySpreadConstraints, containers: [{ resources: spec.kubernetesConfig.resources }] },
        [exporter],
      ));
    }
    default:
      return [];
  }
}

export function matches(sel: Selector | undefined, labels: Record<string, string>): boolean {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    if (e.operator === 'In' && !(has && e.values!.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values!.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

const termSelects = (term: Term, owner: SimPod, other: SimPod): boolean =>
  matches(term.labelSelector, other.labels) && (term.matchLabelKeys ?? []).every((k) => other.labels[k] === owner.labels[k]);

function nodeAffinityOk(pod: SimPod, node: SimNode): boolean {
  if (!pod.nodeSelectorTerms?.length) return true;
  return pod.nodeSelectorTerms.some((t) => matches({ matchExpressions: t.matchExpressions }, node.labels));
}

function tolerated(pod: SimPod, node: SimNode): boolean {
  return node.taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute').every((t) => pod.tolerations.some((tol) =>
    (tol.key === undefined && tol.operator === 'Exists') ||
    (tol.key === t.key && (tol.operator === 'Exists' || tol.value === t.value) && (!tol.effect || tol.effect === t.effect))));
}

export class Scheduler {
  readonly placed = new Map<string, SimNode>();
  private readonly onNode = new Map<string, SimPod[]>();
  private readonly used = new Map<string, { cpu: number; memory: number }>();

  constructor(readonly nodes: SimNode[]) {
    for (const n of nodes) { this.onNode.set(n.name, []); this.used.set(n.name, { cpu: 0, memory: 0 }); }
  }

  private antiAffinityOk(pod: SimPod, node: SimNode): boolean {
    for (const other of this.nodes) {
      const pods = this.onNode.get(other.name)!;
      if (pods.length === 0) continue;
      for (const term of pod.antiAffinity) {
        if (node.labels[term.topologyKey] === undefined || node.labels[term.topologyKey] !== other.labels[term.topologyKey]) continue;
        if (pods.some((p) => termSelects(term, pod, p))) return false;
      }
      // Symmetry: an existing pod's anti-affinity also keeps this one away.
      for (const p of pods) {
        for (const term of p.antiAffinity) {
          if (node.labels[term.topologyKey] !== undefined && node.labels[term.topologyKey] === other.labels[term.topologyKey] && termSelects(term, p, pod)) return false;
        }
      }
    }
    return true;
  }

  private spreadOk(pod: SimPod, node: SimNode, eligible: SimNode[]): boolean {
    for (const c of pod.spread.filter((s) => s.whenUnsatisfiable === 'DoNotSchedule')) {
      const domains = new Map<string, number>();
      for (const n of eligible) if (n.labels[c.topologyKey] !== undefined) domains.set(n.labels[c.topologyKey], 0);
      for (const n of eligible) {
        const d = n.labels[c.topologyKey];
        if (d === undefined) continue;
        domains.set(d, domains.get(d)! + this.onNode.get(n.name)!.filter((p) => matches(c.labelSelector, p.labels)).length);
      }
      const d = node.labels[c.topologyKey];
      if (d === undefined) return false;
      const after = new Map(domains);
      after.set(d, after.get(d)! + 1);
      if (after.get(d)! - Math.min(...domains.values()) > c.maxSkew) return false;
    }
    return true;
  }

  fits(pod: SimPod, node: SimNode): boolean {
    if (pod.node && pod.node !== node.name) return false;
    if (!nodeAffinityOk(pod, node) || !tolerated(pod, node)) return false;
    const u = this.used.get(node.name)!;
    if (u.cpu + pod.cpu > node.cpu + 1e-9 || u.memory + pod.memory > node.memory) return false;
    if (!this.antiAffinityOk(pod, node)) return false;
    const eligible = this.nodes.filter((n) => nodeAffinityOk(pod, n) && tolerated(pod, n));
    return this.spreadOk(pod, node, eligible);
  }

  bind(pod: SimPod, node: SimNode): void {
    this.placed.set(pod.name, node);
    this.onNode.get(node.name)!.push(pod);
    const u = this.used.get(node.name)!;
    u.cpu += pod.cpu; u.memory += pod.memory;
  }

  unbind(pod: SimPod): void {
    const node = this.placed.get(pod.name)!;
    this.placed.delete(pod.name);
    const list = this.onNode.get(node.name)!;
    list.splice(list.indexOf(pod), 1);
    const u = this.used.get(node.name)!;
    u.cpu -= pod.cpu; u.memory -= pod.memory;
  }

  usage(node: SimNode) { return this.used.get(node.name)!; }
  podsOn(node: SimNode) { return this.onNode.get(node.name)!; }

  /**
   * Places every pod, most constrained first, on the least loaded node that fits;
   * backtracks (bounded) when a later pod of the same constraint set is stuck.
   */
  scheduleAll(pods: SimPod[], budget = 200_000): { ok: true } | { ok: false; unplaced: SimPod; reason: string } {
    const order = [...pods].sort((a, b) =>
      Number(Boolean(b.node)) - Number(Boolean(a.node)) ||
      Number(Boolean(b.quorum)) - Number(Boolean(a.quorum)) ||
      b.antiAffinity.length - a.antiAffinity.length ||
      b.memory - a.memory || a.name.localeCompare(b.name));
    let steps = 0;
    let deepest = -1;
    let reason = '';
    const rec = (i: number): boolean => {
      if (i === order.length) return true;
      if (++steps > budget) return false;
      const pod = order[i];
      const candidates = this.nodes.filter((n) => this.fits(pod, n))
        .sort((a, b) => this.usage(a).cpu / a.cpu - this.usage(b).cpu / b.cpu || a.name.localeCompare(b.name));
      // Explain the deepest dead end while its state is still bound.
      if (candidates.length === 0 && i > deepest) { deepest = i; reason = this.explain(pod); }
      for (const n of candidates) {
        this.bind(pod, n);
        if (rec(i + 1)) return true;
        this.unbind(pod);
      }
      return false;
    };
    if (rec(0)) return { ok: true };
    const stuck = order[Math.max(0, deepest)];
    return { ok: false, unplaced: stuck, reason: reason || 'search budget exhausted' };
  }

  explain(pod: SimPod): string {
    return this.nodes.map((n) => {
      const u = this.usage(n);
      const why = !nodeAffinityOk(pod, n) ? 'node affinity'
        : !tolerated(pod, n) ? 'taint'
          : u.cpu + pod.cpu > n.cpu + 1e-9 ? `cpu ${(u.cpu + pod.cpu).toFixed(2)}/${n.cpu}`
            : u.memory + pod.memory > n.memory ? `memory ${((u.memory + pod.memory) / 1024 ** 3).toFixed(1)}/${(n.memory / 1024 ** 3).toFixed(1)}Gi`
              : !this.antiAffinityOk(pod, n) ? 'anti-affinity' : 'topology spread';
      return `${n.name}: ${why}`;
    }).filter((s) => !s.endsWith('node affinity')).join('; ');
  }
}

export function simulate(env: Environment, manifests: Manifest[]): { scheduler: Scheduler; pods: SimPod[]; result: ReturnType<Scheduler['scheduleAll']> } {
  const nodes = simNodes(env);
  const pods = manifests.flatMap((m) => podsOf(m, nodes));
  const scheduler = new Scheduler(nodes);
  return { scheduler, pods, result: scheduler.scheduleAll(pods) };
}

/** For each node: the quorum sets that would fall below their majority if it were lost. */
export function quorumLossOnNodeFailure(scheduler: Scheduler, pods: SimPod[]): { node: string; set: string; left: number; needed: number }[] {
  const sets = new Map<string, { members: SimPod[]; needed: number }>();
  for (const p of pods) if (p.quorum) {
    const s = sets.get(p.quorum.set) ?? { members: [], needed: p.quorum.needed };
    s.members.push(p);
    sets.set(p.quorum.set, s);
  }
  const losses: { node: string; set: string; left: number; needed: number }[] = [];
  for (const node of scheduler.nodes) {
    for (const [set, s] of sets) {
      const left = s.members.filter((p) => scheduler.placed.get(p.name)?.name !== node.name).length;
      if (left < s.needed) losses.push({ node: node.name, set, left, needed: s.needed });
    }
  }
  return losses;
}

/** Requested CPU and memory per pool group, against what its nodes offer (after SYSTEM_RESERVED). */
export function utilisation(scheduler: Scheduler): { group: string; nodes: number; pods: number; cpu: string; memory: string; cpuPct: number; memPct: number }[] {
  const groups = [...new Set(scheduler.nodes.map((n) => n.group))];
  return groups.map((g) => {
    const nodes = scheduler.nodes.filter((n) => n.group === g);
    const cap = nodes.reduce((a, n) => ({ cpu: a.cpu + n.cpu, memory: a.memory + n.memory }), { cpu: 0, memory: 0 });
    const use = nodes.reduce((a, n) => ({ cpu: a.cpu + scheduler.usage(n).cpu, memory: a.memory + scheduler.usage(n).memory }), { cpu: 0, memory: 0 });
    const gi = (b: number) => (b / 1024 ** 3).toFixed(1);
    return {
      group: g,
      nodes: nodes.length,
      pods: nodes.reduce((a, n) => a + scheduler.podsOn(n).length, 0),
      cpu: `${use.cpu.toFixed(2)}/${cap.cpu.toFixed(1)}`,
      memory: `${gi(use.memory)}/${gi(cap.memory)}Gi`,
      cpuPct: Math.round((100 * use.cpu) / cap.cpu),
      memPct: Math.round((100 * use.memory) / cap.memory),
    };
  });
}
