// What runs where, from the rendered output: the workloads that require a
// node's pool labels (one pod per node where they say so), their requests,
// and what the node offers. Node sizes come from the environment file (they
// are not part of any rendered object), and so do the upstream sources'
// workloads, which no file of dist/ spells out (charts/sync/upstream-workloads.ts,
// marked as upstream); everything else from dist/<env>/, including what K3S
// applies from the servers' auto-deploy folder (CoreDNS, local-path-provisioner),
// which the Kairos cloud-configs write.
import path from 'node:path';
import { load, loadAll } from 'js-yaml';
import { podGroupsOf, type PodGroup } from '../../charts/environment/pod-groups';
import { loadEnvironment, ENVIRONMENTS_DIR } from '../../charts/environment/load';
import { NODE_RESERVED } from '../../charts/mojaloop/sizing';
import { upstreamWorkloadObjects } from '../../charts/sync/upstream-workloads';
import { autoDeployFilesOf } from './auto-deploy-files';
import { readWorkTree } from './dist-tree';

export interface Placed { owner: string; /** The upstream source that runs it (not in dist/). */ upstream?: string; /** The file of K3S's auto-deploy folder it comes from (written by the Kairos cloud-configs). */ autoDeployed?: string; replicas: number; eligibleNodes: number; certain: boolean; cpu: number; memory: number }
export interface NodeReport { node: string; pools: string[]; rack?: string; allocatable: { cpu: number; memory: number }; workloads: Placed[]; requested: { cpu: number; memory: number } }
export interface WhereReport { env: string; target: string; kind: 'node' | 'pool'; nodes: NodeReport[] }

const POOL = /--node-label=workload-class\.mojaloop\.io\/([A-Z0-9-]+)=enabled/g;

/** Nodes of an environment with their labels, from the Kairos cloud-configs. */
function nodesOf(tree: Map<string, string>): Array<{ name: string; labels: Record<string, string>; pools: string[] }> {
  const out = [];
  for (const [file, content] of tree) {
    const m = /^kairos\/([^/]+)\.yaml$/.exec(file);
    if (!m || m[1].startsWith('auroraboot-')) continue;
    const labels: Record<string, string> = { 'kubernetes.io/hostname': m[1] };
    for (const [, k, v] of content.matchAll(/--node-label=([^=\s"']+)=([^\s"']+)/g)) labels[k] = v;
    out.push({ name: m[1], labels, pools: [...content.matchAll(POOL)].map((x) => x[1]) });
  }
  return out;
}

/**
 * The objects K3S applies from its auto-deploy folder, as the first server's
 * cloud-config writes them (every server writes the same files), with the
 * folder's file each came from.
 */
function autoDeployedObjects(tree: Map<string, string>): Array<{ file: string; doc: Record<string, unknown> }> {
  for (const [file, content] of tree) {
    if (!/^kairos\/[^/]+\.yaml$/.test(file) || file.startsWith('kairos/auroraboot-')) continue;
    const files = autoDeployFilesOf(content);
    if (!files) continue;
    return files.flatMap((f) => loadAll(f.content).filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object').map((doc) => ({ file: f.path, doc })));
  }
  return [];
}

export function where(distDir: string, env: string, target: string): WhereReport | undefined {
  const tree = readWorkTree(path.join(distDir, env));
  const nodes = nodesOf(tree);
  const byNode = nodes.find((n) => n.name === target);
  const inPool = nodes.filter((n) => n.pools.includes(target));
  if (!byNode && inPool.length === 0) return undefined;
  const environment = loadEnvironment(path.join(ENVIRONMENTS_DIR, `${env}.yaml`));
  const docs: Array<Record<string, unknown>> = [];
  for (const [file, content] of tree) {
    if (!file.endsWith('.yaml') || file.startsWith('kairos/') || !content.includes('workload-class.mojaloop.io/')) continue;
    docs.push(load(content) as Record<string, unknown>);
  }
  const placed = (g: PodGroup) => g.replicas > 0 && Object.keys(g.requiredLabels).length > 0;
  const groups: Array<PodGroup & { autoDeployed?: string }> = [
    ...[...docs, ...upstreamWorkloadObjects(environment)].flatMap((doc) => podGroupsOf(doc).filter(placed)),
    ...autoDeployedObjects(tree).flatMap(({ file, doc }) => podGroupsOf(doc).filter(placed).map((g) => ({ ...g, autoDeployed: file }))),
  ];
  const report = (n: (typeof nodes)[number]): NodeReport => {
    const size = environment.topology.nodes.find((x) => x.name === n.name)?.size;
    const allocatable = size ? { cpu: size.cpu - NODE_RESERVED.cpu, memory: size.memoryBytes - NODE_RESERVED.memoryBytes } : { cpu: 0, memory: 0 };
    const workloads: Placed[] = [];
    for (const g of groups) {
      if (!Object.entries(g.requiredLabels).every(([k, v]) => n.labels[k] === v)) continue;
      const eligible = nodes.filter((x) => Object.entries(g.requiredLabels).every(([k, v]) => x.labels[k] === v)).length;
      workloads.push({ owner: g.owner, ...(g.upstream ? { upstream: g.upstream } : {}), ...(g.autoDeployed ? { autoDeployed: g.autoDeployed } : {}), replicas: g.replicas, eligibleNodes: eligible, certain: g.onePerNode && g.replicas >= eligible, cpu: g.cpu, memory: g.memory });
    }
    workloads.sort((a, b) => a.owner.localeCompare(b.owner));
    // Certain pods count fully; a workload with fewer replicas than nodes counts once per node it may use, at its share.
    const requested = workloads.reduce((a, w) => {
      const share = w.certain ? 1 : Math.min(1, w.replicas / w.eligibleNodes);
      return { cpu: a.cpu + w.cpu * share, memory: a.memory + w.memory * share };
    }, { cpu: 0, memory: 0 });
    return { node: n.name, pools: n.pools, rack: n.labels['topology.mojaloop.io/rack'], allocatable, workloads, requested };
  };
  return { env, target, kind: byNode ? 'node' : 'pool', nodes: (byNode ? [byNode] : inPool).map(report) };
}

const cores = (c: number) => (Math.round(c * 100) / 100).toString();
const gib = (b: number) => `${(b / 1024 ** 3).toFixed(2)}Gi`;
const pct = (a: number, b: number) => (b > 0 ? `${Math.round((100 * a) / b)}%` : '?');

export function formatWhere(r: WhereReport): string {
  const out: string[] = [`${r.env}: ${r.kind} ${r.target}${r.kind === 'pool' ? ` (${r.nodes.length} node(s))` : ''}`];
  const first = r.nodes[0];
  const label = (w: Placed) => (w.upstream ? `${w.owner} (upstream ${w.upstream})` : w.autoDeployed ? `${w.owner} (K3S auto-deploy)` : w.owner);
  const rows = first.workloads.map((w) => `  ${label(w).padEnd(74)} ${`${w.certain ? 'one per node' : `${w.replicas} over ${w.eligibleNodes} nodes`}`.padEnd(20)} cpu ${cores(w.cpu).padStart(5)}  memory ${gib(w.memory).padStart(8)}`);
  out.push(`  ${'workload'.padEnd(74)} ${'placement'.padEnd(20)} requests per pod`, ...rows);
  out.push('', '  node requests (one-per-node pods fully, others by their share) against allocatable (size minus what K3S, the OS and the DaemonSets keep):');
  for (const n of r.nodes) {
    out.push(`  ${n.node.padEnd(24)} ${(n.rack ?? '-').padEnd(8)} cpu ${cores(n.requested.cpu)}/${cores(n.allocatable.cpu)} (${pct(n.requested.cpu, n.allocatable.cpu)})  memory ${gib(n.requested.memory)}/${gib(n.allocatable.memory)} (${pct(n.requested.memory, n.allocatable.memory)})  pools ${n.pools.join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
