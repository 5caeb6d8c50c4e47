// Pools whose nodes lose every workload in a change: turning a feature off
// removes its services but leaves its dedicated nodes in the environment, idle
// and paid for. Read from the rendered output on both sides: the pools the
// workloads require (./../../charts/environment/pod-groups.ts) and the pools
// the Kairos node configs label their nodes with.
import { load } from 'js-yaml';
import { podGroupsOf } from '../../charts/environment/pod-groups';
import type { Tree } from './dist-tree';

export interface IdlePool {
  env: string;
  pool: string;
  /** Nodes that still carry the pool's label after the change. */
  nodes: string[];
  /** Workloads that ran there before. */
  before: string[];
}

const POOL_KEY = 'workload-class.mojaloop.io/';

/** Pool -> workloads that require it, per environment. */
function workloadsByPool(tree: Tree, env: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [file, content] of tree) {
    if (!file.startsWith(`${env}/`) || !file.endsWith('.yaml') || file.includes('/kairos/') || !content.includes(POOL_KEY)) continue;
    let doc: unknown;
    try {
      doc = load(content);
    } catch {
      continue; // unreadable files are reported by the diff itself
    }
    for (const g of podGroupsOf(doc as Record<string, unknown>)) {
      if (g.replicas === 0) continue;
      for (const k of Object.keys(g.requiredLabels)) {
        if (!k.startsWith(POOL_KEY)) continue;
        const pool = k.slice(POOL_KEY.length);
        out.set(pool, [...(out.get(pool) ?? []), g.owner]);
      }
    }
  }
  return out;
}

/** Pool -> nodes labelled with it by their Kairos cloud-config (k3s --node-label). */
function nodesByPool(tree: Tree, env: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [file, content] of tree) {
    const m = new RegExp(`^${env}/kairos/([^/]+)\\.yaml$`).exec(file);
    if (!m || m[1].startsWith('auroraboot-')) continue;
    for (const [, pool] of content.matchAll(/--node-label=workload-class\.mojaloop\.io\/([A-Z0-9-]+)=enabled/g)) out.set(pool, [...(out.get(pool) ?? []), m[1]]);
  }
  return out;
}

export function idlePools(base: Tree, head: Tree, envs: string[]): IdlePool[] {
  const out: IdlePool[] = [];
  for (const env of envs) {
    const before = workloadsByPool(base, env);
    const after = workloadsByPool(head, env);
    const nodes = nodesByPool(head, env);
    for (const [pool, owners] of [...before].sort(([a], [b]) => a.localeCompare(b))) {
      // The kubelet's DaemonSets (log agent, node-exporter) do not count: they follow the nodes.
      if ((after.get(pool)?.length ?? 0) > 0 || !nodes.get(pool)?.length) continue;
      // Nodes that still host another pool's workloads are not idle.
      const idle = nodes.get(pool)!.filter((n) => ![...after.keys()].some((p) => (nodes.get(p) ?? []).includes(n)));
      if (idle.length) out.push({ env, pool, nodes: idle, before: owners.sort() });
    }
  }
  return out;
}
