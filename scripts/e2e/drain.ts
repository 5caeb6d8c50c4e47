// The drain drill, node by node, as every K3S or Kairos upgrade does it:
// cordon, evict each pod through the Eviction API (the API server enforces
// the PodDisruptionBudgets and answers 429 when one would be broken; like
// `kubectl drain` we retry for a while), let the real scheduler place the
// replacements, check that every PDB still has its minimum and every quorum
// store its majority, then uncordon and let everything come back.
import type { Finding } from './apply';
import { ApiError, type Kube } from './kube';
import { isReady, type KubeletStandIn } from './kubelet-standin';
import { settle, settleVerdicts, sleep, type Workload } from './scheduling';

export interface QuorumSet { namespace: string; selector: Record<string, string>; replicas: number; what: string }

export interface DrainOptions {
  /** How long an eviction is retried while a PDB refuses it (kubectl drain's --timeout, shortened). */
  evictionRetryMs: number;
}

export async function drainDrill(kube: Kube, kubelet: KubeletStandIn, workloads: Workload[], quorums: QuorumSet[], opts: DrainOptions): Promise<{ drained: number; findings: Finding[] }> {
  const findings: Finding[] = [];
  const nodes = ((await kube.get<any>('/api/v1/nodes')).items as any[])
    // Control plane first, as upgrades go.
    .sort((a, b) => Number('node-role.kubernetes.io/control-plane' in b.metadata.labels) - Number('node-role.kubernetes.io/control-plane' in a.metadata.labels) || a.metadata.name.localeCompare(b.metadata.name));
  let drained = 0;
  for (const node of nodes) {
    const name = node.metadata.name;
    await kube.request('PATCH', `/api/v1/nodes/${name}`, { spec: { unschedulable: true } }, 'application/merge-patch+json');
    const pods = ((await kube.get<any>(`/api/v1/pods?fieldSelector=spec.nodeName%3D${name}`)).items as any[])
      .filter((p) => !(p.metadata.ownerReferences ?? []).some((r: any) => r.kind === 'DaemonSet'));
    await Promise.all(pods.map(async (p) => {
      const deadline = Date.now() + opts.evictionRetryMs;
      for (;;) {
        try {
          await kube.create(`/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}/eviction`, {
            apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: p.metadata.name, namespace: p.metadata.namespace },
          });
          return;
        } catch (e) {
          if (e instanceof ApiError && e.status === 404) return;
          if (!(e instanceof ApiError && e.status === 429) || Date.now() > deadline) {
            findings.push({ file: `node ${name}`, object: `Pod ${p.metadata.namespace}/${p.metadata.name}`, message: `drain blocked: ${e instanceof Error ? e.message : e}${await budgetsOf(kube, p)}` });
            return;
          }
          await kubelet.tick();
          await sleep(250);
        }
      }
    }));
    // Replacements placed elsewhere (pods bound to local volumes wait for this node).
    await settleVerdicts(kube, workloads, 15_000);
    findings.push(...await budgetsHeld(kube, name), ...await majoritiesHeld(kube, quorums, name));
    await kube.request('PATCH', `/api/v1/nodes/${name}`, { spec: { unschedulable: false } }, 'application/merge-patch+json');
    // Everything back before the next node: wait for all of it, not for a quiet moment.
    const back = await settle(kube, workloads, { timeoutMs: 60_000, quietMs: 60_000, zeroIsPending: false });
    for (const [w, st] of back) {
      if (st.ready < st.desired) findings.push({ file: `node ${name}`, object: `${w.kind} ${w.namespace}/${w.name}`, message: `only ${st.ready}/${st.desired} Ready 60 s after ${name} was uncordoned` });
    }
    // The disruption controller counts the returned pods a moment after their
    // workloads do; until it has, the next node's evictions would be refused
    // by budgets that are in fact whole again. An upgrade waits the same way:
    // until every budget counts all the pods it selects as healthy (a budget
    // merely at its minimum allows no eviction at all). A StatefulSet member
    // comes back under the evicted pod's name, and if the controller did not
    // sync the budget while the old pod was going, it keeps the name in
    // status.disruptedPods and counts the new pod as disrupted until
    // DeletionTimeout (2 min after the eviction) has passed
    // (pkg/controller/disruption/disruption.go buildDisruptedPodMap, v1.36.3).
    // Here pods go and come back in milliseconds, so that happens; with a real
    // kubelet it is rarer, and kubectl drain would simply retry longer.
    const budgetDeadline = Date.now() + DISRUPTION_DELETION_TIMEOUT_MS + 15_000;
    while ((await budgetsNotWhole(kube)).length && Date.now() < budgetDeadline) {
      await kubelet.tick();
      await sleep(250);
    }
    drained++;
  }
  return { drained, findings };
}

/** Every PDB keeps the healthy pods it promises while the node is out. */
async function budgetsHeld(kube: Kube, node: string): Promise<Finding[]> {
  const pdbs = (await kube.get<any>('/apis/policy/v1/poddisruptionbudgets')).items as any[];
  // A budget over no pods at all (nothing it selects exists here) promises nothing.
  return pdbs.filter((b) => (b.status?.expectedPods ?? 0) > 0 && (b.status?.currentHealthy ?? 0) < (b.status?.desiredHealthy ?? 0)).map((b) => ({
    file: `node ${node}`,
    object: `PodDisruptionBudget ${b.metadata.namespace}/${b.metadata.name}`,
    message: `only ${b.status.currentHealthy} healthy pods while ${node} is drained; the budget promises ${b.status.desiredHealthy}`,
  }));
}

/** The disruption controller's DeletionTimeout: how long it counts an evicted pod's name as disrupted. */
const DISRUPTION_DELETION_TIMEOUT_MS = 120_000;

/** Budgets that do not yet count every pod they select as healthy, as their controller last observed them. */
async function budgetsNotWhole(kube: Kube): Promise<string[]> {
  const pdbs = (await kube.get<any>('/apis/policy/v1/poddisruptionbudgets')).items as any[];
  return pdbs
    .filter((b) => (b.status?.expectedPods ?? 0) > 0 && ((b.status?.observedGeneration ?? 0) < b.metadata.generation || (b.status?.currentHealthy ?? 0) < b.status.expectedPods || Object.keys(b.status?.disruptedPods ?? {}).length > 0))
    .map((b) => `${b.metadata.namespace}/${b.metadata.name}`);
}

/** For a refused eviction: the status of the budgets over the pod, and of the pods they select (what to look at when a drain is blocked). */
async function budgetsOf(kube: Kube, pod: any): Promise<string> {
  const ns = pod.metadata.namespace;
  const labels: Record<string, string> = pod.metadata.labels ?? {};
  const pdbs = ((await kube.get<any>(`/apis/policy/v1/namespaces/${ns}/poddisruptionbudgets`)).items as any[])
    .filter((b) => Object.entries(b.spec.selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v));
  const parts: string[] = [];
  for (const b of pdbs) {
    const sel = Object.entries(b.spec.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    const pods = ((await kube.get<any>(`/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(sel)}`)).items as any[])
      .map((q) => `${q.metadata.name}@${q.spec.nodeName ?? 'unbound'}${isReady(q) ? '' : ' not-ready'}${q.metadata.deletionTimestamp ? ' deleting' : ''}`);
    const st = b.status ?? {};
    parts.push(`budget ${b.metadata.name}: healthy ${st.currentHealthy}/${st.expectedPods}, desired ${st.desiredHealthy}, allowed ${st.disruptionsAllowed}, observed generation ${st.observedGeneration}/${b.metadata.generation}, disrupted ${JSON.stringify(st.disruptedPods ?? {})}; pods ${pods.join(', ')}`);
  }
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/** Every quorum store keeps a strict majority of its members Ready. */
async function majoritiesHeld(kube: Kube, quorums: QuorumSet[], node: string): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const q of quorums) {
    const sel = Object.entries(q.selector).map(([k, v]) => `${k}=${v}`).join(',');
    const pods = (await kube.get<any>(`/api/v1/namespaces/${q.namespace}/pods?labelSelector=${encodeURIComponent(sel)}`)).items as any[];
    const ready = pods.filter((p) => isReady(p) && !p.metadata.deletionTimestamp).length;
    if (ready <= q.replicas / 2) out.push({ file: `node ${node}`, object: q.what, message: `majority lost while ${node} is drained: ${ready} of ${q.replicas} members Ready` });
  }
  return out;
}
