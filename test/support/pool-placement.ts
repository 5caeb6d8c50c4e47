// Does a workload require a node pool, and can it land on that pool? Static
// feedback on rendered objects (the real kube-scheduler in npm run e2e is the
// proof that pods are placed): a pod template requires a pool when every
// required node-affinity term, or its nodeSelector, names a
// workload-class.mojaloop.io/<POOL> label; it reaches the pool when at least
// one node it selects has no NoSchedule/NoExecute taint the pod does not
// tolerate. Node agents (a DaemonSet that must run on every node) are the
// only exceptions, and each is named by the caller.
import { selectorMatches } from '../../charts/mojaloop/monitoring/store-exporters';
import type { NodeSpec } from '../../scripts/e2e/nodes';

const POOL_KEY = /^workload-class\.mojaloop\.io\/(.+)$/;
export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

const podSpecOf = (o: any): any => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec);

/** The pools every required term (or the nodeSelector) names; empty when some way onto a node names none. */
export function requiredPools(podSpec: any): string[] {
  const pools = new Set<string>();
  const selector = Object.entries(podSpec.nodeSelector ?? {}).filter(([k]) => POOL_KEY.test(k));
  for (const [k] of selector) pools.add(POOL_KEY.exec(k)![1]);
  const terms: any[] = podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.length) {
    const perTerm = terms.map((t) => (t.matchExpressions ?? []).filter((e: any) => POOL_KEY.test(e.key) && e.operator === 'In').map((e: any) => POOL_KEY.exec(e.key)![1]));
    // Terms are ORed: one term without a pool lets the pod go anywhere that term allows.
    if (perTerm.some((p) => p.length === 0)) return selector.length ? [...pools] : [];
    for (const p of perTerm.flat()) pools.add(p);
  }
  return [...pools].sort();
}

const tolerates = (tolerations: any[], taint: { key: string; value?: string; effect: string }): boolean =>
  tolerations.some((t) => (t.key === undefined || t.key === '' ? t.operator === 'Exists' : t.key === taint.key)
    && (t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? ''))
    && (!t.effect || t.effect === taint.effect));

/** Nodes the scheduler's node-affinity, nodeSelector and taint filters leave to this pod template. */
export function eligibleNodes(podSpec: any, nodes: NodeSpec[]): NodeSpec[] {
  const terms: any[] = podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return nodes.filter((n) => Object.entries(podSpec.nodeSelector ?? {}).every(([k, v]) => n.labels[k] === v)
    && (terms.length === 0 || terms.some((t) => selectorMatches({ matchExpressions: t.matchExpressions ?? [] }, n.labels)))
    && n.taints.filter((t) => t.effect !== 'PreferNoSchedule').every((t) => tolerates(podSpec.tolerations ?? [], t as any)));
}

export const workloadId = (o: any): string => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * What is wrong with the placement of each workload (empty: all placed).
 * @param nodeAgents workloadId -> why it runs on every node
 */
export function placementProblems(objects: any[], nodes: NodeSpec[], nodeAgents: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const o of objects.filter((x) => WORKLOAD_KINDS.has(x?.kind))) {
    const id = workloadId(o);
    if (id in nodeAgents) {
      if (o.kind !== 'DaemonSet') problems.push(`${id}: listed as a node agent but is not a DaemonSet`);
      continue;
    }
    const spec = podSpecOf(o);
    const pools = requiredPools(spec);
    if (pools.length === 0) {
      problems.push(`${id}: requires no pool (no required node affinity or nodeSelector on a workload-class.mojaloop.io/<POOL> label)${o.kind === 'DaemonSet' ? ', and is not listed as a node agent' : ''}`);
      continue;
    }
    if (eligibleNodes(spec, nodes).length === 0) {
      problems.push(`${id}: requires ${pools.join(', ')} but no node of it is left once taints are applied (missing toleration of workload-class.mojaloop.io/${pools[0]})`);
    }
  }
  return problems;
}
