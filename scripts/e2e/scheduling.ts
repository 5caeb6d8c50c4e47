// Every pod placed by the real kube-scheduler: the controller-manager creates
// the pods of every Deployment, StatefulSet and DaemonSet we applied (and of
// the operator stand-ins), the scheduler binds them to the environment's
// Nodes, and the run waits until every workload has all its replicas Ready.
// A pod left Pending is reported with the scheduler's own reason; a pod that
// was never created with the controller's (quota, admission).
import type { Finding } from './apply';
import type { Kube, KubeObject } from './kube';

export interface Workload { kind: string; namespace: string; name: string; file: string }

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Desired vs Ready replicas of a workload, from the controllers' own status. */
async function progress(kube: Kube, w: Workload): Promise<{ desired: number; ready: number }> {
  const group = 'apps/v1';
  const o = await kube.get<any>(kube.pathOf(group, w.kind, w.namespace, w.name));
  if (w.kind === 'DaemonSet') return { desired: o.status?.desiredNumberScheduled ?? 0, ready: o.status?.numberReady ?? 0 };
  return { desired: o.spec.replicas ?? 1, ready: o.status?.readyReplicas ?? 0 };
}

/** Waits until every workload is fully Ready or nothing moves for `quietMs`. */
export async function settle(kube: Kube, workloads: Workload[], opts: { timeoutMs: number; quietMs: number; zeroIsPending?: boolean }): Promise<Map<Workload, { desired: number; ready: number }>> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = '';
  let lastChange = Date.now();
  for (;;) {
    const states = new Map(await Promise.all(workloads.map(async (w) => [w, await progress(kube, w)] as const)));
    // Zero desired is pending at first (a DaemonSet not yet counted by its controller).
    const pending = [...states.values()].filter((s) => s.ready < s.desired || (s.desired === 0 && opts.zeroIsPending !== false));
    const key = [...states.values()].map((s) => `${s.ready}/${s.desired}`).join(',');
    if (key !== last) { last = key; lastChange = Date.now(); }
    if (!pending.length || Date.now() > deadline || Date.now() - lastChange > opts.quietMs) return states;
    await sleep(250);
  }
}

/**
 * Waits until the scheduler has ruled on every pod: each is Ready, or Pending with
 * the scheduler's Unschedulable verdict (a pod tied to a drained node's local
 * volume waits for that node), and the controllers have created every replica.
 */
export async function settleVerdicts(kube: Kube, workloads: Workload[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pods = ((await kube.get<any>('/api/v1/pods')).items as any[]).filter((p) => !p.metadata.deletionTimestamp);
    const undecided = pods.filter((p) => p.spec.nodeName ? !p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')
      : !p.status?.conditions?.some((c: any) => c.type === 'PodScheduled' && c.status === 'False'));
    if (!undecided.length) {
      const states = await Promise.all(workloads.map((w) => progress(kube, w).then((s) => ({ w, s }))));
      const created = states.every(({ w, s }) => pods.filter((p) => ownedBy(p, w)).length >= s.desired);
      if (created) return;
    }
    await sleep(200);
  }
}

/** Why the pods of unready workloads are not Ready: the scheduler's condition, or the controller's FailedCreate event. */
export async function explain(kube: Kube, states: Map<Workload, { desired: number; ready: number }>): Promise<Finding[]> {
  const findings: Finding[] = [];
  const pods = (await kube.get<any>('/api/v1/pods')).items as any[];
  const events = (await kube.get<any>('/api/v1/events')).items as any[];
  for (const [w, s] of states) {
    if (s.ready >= s.desired && s.desired > 0) continue;
    const mine = pods.filter((p) => ownedBy(p, w));
    const reasons = new Set<string>();
    for (const p of mine) {
      const c = p.status?.conditions?.find((x: any) => x.type === 'PodScheduled' && x.status === 'False');
      if (c) reasons.add(`pod ${p.metadata.name} Pending: ${c.reason}: ${c.message}`);
    }
    for (const e of events) {
      if (e.reason === 'FailedCreate' && e.involvedObject?.namespace === w.namespace && (e.involvedObject.name === w.name || e.involvedObject.name?.startsWith(`${w.name}-`))) reasons.add(`not created: ${e.message}`);
    }
    if (w.kind === 'DaemonSet' && s.desired === 0) reasons.add('no node matches its node selector, affinity and tolerations');
    findings.push({ file: w.file, object: `${w.kind} ${w.namespace}/${w.name}`, message: `${s.ready}/${s.desired} replicas Ready; ${[...reasons].join('; ') || 'no reason reported'}` });
  }
  return findings;
}

/** A pod belongs to a workload directly (StatefulSet, DaemonSet) or through a ReplicaSet named after it. */
function ownedBy(p: any, w: Workload): boolean {
  if (p.metadata.namespace !== w.namespace) return false;
  return (p.metadata.ownerReferences ?? []).some((r: any) => (r.kind === w.kind && r.name === w.name) || (w.kind === 'Deployment' && r.kind === 'ReplicaSet' && r.name.startsWith(`${w.name}-`)));
}

export function workloadsOf(applied: KubeObject[]): Workload[] {
  return applied.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind)).map((o) => ({
    kind: o.kind, namespace: o.metadata.namespace!, name: o.metadata.name, file: o.metadata.annotations?.['e2e/file'] ?? '',
  }));
}

/** Per pool (node label workload-class.mojaloop.io/<POOL>): requests of bound pods against allocatable. */
export async function capacityTable(kube: Kube): Promise<string[]> {
  const nodes = (await kube.get<any>('/api/v1/nodes')).items as any[];
  const pods = ((await kube.get<any>('/api/v1/pods')).items as any[]).filter((p) => p.spec.nodeName);
  const groups = new Map<string, { nodes: number; cpu: number; mem: number; reqCpu: number; reqMem: number; pods: number }>();
  for (const n of nodes) {
    const pools = Object.keys(n.metadata.labels).filter((k) => k.startsWith('workload-class.mojaloop.io/')).map((k) => k.split('/')[1]).sort();
    const key = pools.length > 3 ? `${pools.length} pools combined` : pools.join('+');
    const g = groups.get(key) ?? { nodes: 0, cpu: 0, mem: 0, reqCpu: 0, reqMem: 0, pods: 0 };
    g.nodes++;
    g.cpu += cpuOf(n.status.allocatable.cpu);
    g.mem += memOf(n.status.allocatable.memory);
    for (const p of pods.filter((x) => x.spec.nodeName === n.metadata.name)) {
      g.pods++;
      for (const c of [...p.spec.containers, ...(p.spec.initContainers ?? []).filter((i: any) => i.restartPolicy === 'Always')]) {
        g.reqCpu += cpuOf(c.resources?.requests?.cpu ?? '0');
        g.reqMem += memOf(c.resources?.requests?.memory ?? '0');
      }
    }
    groups.set(key, g);
  }
  const rows = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, g]) =>
    `  ${k.padEnd(44)} ${String(g.nodes).padStart(3)} nodes ${String(g.pods).padStart(4)} pods  cpu ${g.reqCpu.toFixed(1).padStart(6)}/${g.cpu.toFixed(0).padEnd(4)} (${pct(g.reqCpu, g.cpu)})  memory ${gi(g.reqMem).padStart(6)}/${gi(g.mem).padEnd(6)} (${pct(g.reqMem, g.mem)})`);
  return [`  ${'pool'.padEnd(44)} requested/allocatable`, ...rows];
}

const pct = (a: number, b: number) => `${b ? Math.round((100 * a) / b) : 0}%`.padStart(4);
const gi = (b: number) => `${(b / 2 ** 30).toFixed(1)}Gi`;

export function cpuOf(q: string | number): number {
  const s = String(q);
  return s.endsWith('m') ? Number(s.slice(0, -1)) / 1000 : Number(s);
}

export function memOf(q: string | number): number {
  const m = /^([0-9.]+)([KMGTPE]i?|[kmgtpe])?$/.exec(String(q));
  if (!m) return 0;
  const units: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, m: 1e-3 };
  return Number(m[1]) * (units[m[2] ?? ''] ?? 1);
}
