// Runs np-guard's netpol-analyzer (tools/netpol, `netpolicy list`) on a
// directory of objects and compares its connectivity with a list of flows.
// The analyzer reads NetworkPolicies, Namespaces, Pods and pod-making
// workloads (Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet:
// pkg/manifests/parser/k8sobj.go at v1.4.4); it skips a workload's connections
// to itself (`list --help`), so a flow from a pod to a pod of the same
// workload is checked against a twin Pod carrying the destination's labels.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toolBin } from '../../scripts/e2e/tools';
import { stringify } from 'yaml';
import type { Flow, FlowPod } from './flows';
import type { Pod } from './netpol';
import { filesOf, runCached } from './result-cache';

type Any = Record<string, any>;


/** Builds (or finds, when the cache is warm) the analyzer (tools/netpol); fails clearly when Go is missing. */
export function analyzerBinary(): string {
  return path.join(toolBin('netpol'), 'netpolicy');
}

const dns = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/, '');
const key = (p: FlowPod) => p.workload ? `${p.workload.kind}/${p.namespace}/${p.workload.metadata.name}` : `${p.namespace}/${p.name ?? ''}/${JSON.stringify(Object.entries(p.labels).sort())}`;

/**
 * The analyzer's input for a set of flows: the given NetworkPolicies and
 * Namespaces, every workload a flow names (as rendered), a bare Pod for every
 * other pod (operator- and CR-made ones), and a twin for each same-workload
 * flow. Returns where each flow's ends are, as the analyzer names peers
 * ("namespace/name", its output adds "[Kind]").
 */
export interface AnalyzerInput {
  /** Where each flow's ends are. */
  where: Map<Flow, { src: string; dst: string }>;
  /** Every pod written, by peer name, as our evaluator sees it (ports as written). */
  peers: Map<string, Pod>;
}

export function writeAnalyzerInput(dir: string, flows: Flow[], policies: Any[], namespaces: Any[]): AnalyzerInput {
  mkdirSync(dir, { recursive: true });
  const docs: Any[] = [];
  const names = new Map<string, string>();
  const taken = new Set<string>();
  const bare = (p: FlowPod, base: string): string => {
    let name = dns(base) || 'pod';
    for (let i = 2; taken.has(`${p.namespace}/${name}`); i++) name = `${dns(base).slice(0, 45)}-${i}`;
    taken.add(`${p.namespace}/${name}`);
    docs.push({
      apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: p.namespace, labels: p.labels },
      spec: { containers: [{ name: 'main', image: 'scratch', ports: p.ports.map((c) => ({ ...(c.name ? { name: c.name } : {}), containerPort: c.containerPort, protocol: 'TCP' })) }] },
    });
    return `${p.namespace}/${name}`;
  };
  const place = (p: FlowPod): string => {
    const k = key(p);
    if (!names.has(k)) {
      if (p.workload) {
        taken.add(`${p.namespace}/${p.workload.metadata.name}`);
        docs.push(p.workload);
        names.set(k, `${p.namespace}/${p.workload.metadata.name}`);
      } else {
        names.set(k, bare(p, p.name ?? Object.values(p.labels).join('-')));
      }
    }
    return names.get(k)!;
  };
  // Workloads first, so their names are taken before bare pods pick theirs.
  for (const f of flows) for (const p of [f.src, f.dst]) if (p.workload) place(p);
  for (const f of flows) { place(f.src); place(f.dst); }
  const where = new Map<Flow, { src: string; dst: string }>();
  const twins = new Map<string, string>();
  for (const f of flows) {
    const src = place(f.src);
    let dst = place(f.dst);
    if (src === dst) {
      const k = key(f.dst);
      // Ports of a merged pod: a twin has the destination's ports as the flow sees them.
      if (!twins.has(k)) twins.set(k, bare({ ...f.dst, ports: f.dst.ports.length ? f.dst.ports : [{ containerPort: f.port }] }, `${dst.split('/')[1]}-twin`));
      dst = twins.get(k)!;
    }
    where.set(f, { src, dst });
  }
  // A bare pod made for several flows gets every port any of them names.
  for (const f of flows) {
    const d = where.get(f)!.dst;
    const pod = docs.find((o) => o.kind === 'Pod' && `${o.metadata.namespace}/${o.metadata.name}` === d);
    const ports = pod?.spec.containers[0].ports;
    if (ports && !ports.some((p: Any) => p.containerPort === f.port)) ports.push({ containerPort: f.port, protocol: 'TCP' });
  }
  const known = new Set(namespaces.map((n) => n.metadata.name));
  const extraNs = [...new Set(docs.map((d) => d.metadata.namespace))].filter((n) => !known.has(n)).sort()
    .map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n, labels: { 'kubernetes.io/metadata.name': n } } }));
  const all = [...namespaces, ...extraNs, ...policies, ...docs];
  all.forEach((o, i) => writeFileSync(path.join(dir, `${String(i).padStart(4, '0')}-${o.kind.toLowerCase()}-${o.metadata.name}.yaml`), stringify(o)));
  const peers = new Map<string, Pod>(docs.map((d) => {
    const t = d.kind === 'Pod' ? d : d.spec.template;
    return [`${d.metadata.namespace}/${d.metadata.name}`, { namespace: d.metadata.namespace, labels: t.metadata.labels ?? {}, ports: t.spec.containers.flatMap((c: Any) => (c.ports ?? []).filter((p: Any) => (p.protocol ?? 'TCP') === 'TCP')) }];
  }));
  return { where, peers };
}

/** TCP ports the analyzer allows, by "src => dst" (peers as "namespace/name"); `true` for all connections. */
export type Connectivity = Map<string, Set<number> | true>;

/**
 * Runs `netpolicy list` on a directory; fails on a non-zero exit. The result
 * of the same analyzer on the same files is reused (support/result-cache.ts):
 * several tests give it the unedited prod, and most runs give it what an
 * earlier run did.
 */
export function listConnections(bin: string, dir: string): Connectivity {
  const args = ['list', '--dirpath', '.', '-o', 'json'];
  const r = runCached(bin, args, { cwd: dir, inputs: filesOf(dir) });
  if (r.status !== 0) throw new Error(`netpolicy ${args.join(' ')} in ${dir} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  const result = new Map() as Connectivity;
  for (const c of JSON.parse(r.stdout) as Array<{ src: string; dst: string; conn: string }>) {
    const peer = (s: string) => s.replace(/\[[^\]]+\]$/, '');
    result.set(`${peer(c.src)} => ${peer(c.dst)}`, parseConn(c.conn));
  }
  return result;
}

/** "All Connections" | "TCP 80,443,1000-2000,UDP 53" (pkg/netpol/internal/common/connectionset.go). */
function parseConn(conn: string): Set<number> | true {
  if (conn === 'All Connections') return true;
  const ports = new Set<number>();
  let protocol = '';
  for (let token of conn.split(',')) {
    const m = /^([A-Z]+) (.*)$/.exec(token);
    if (m) { protocol = m[1]; token = m[2]; }
    if (protocol !== 'TCP') continue;
    const range = /^(\d+)(?:-(\d+))?$/.exec(token);
    if (!range) continue; // a named port the analyzer could not resolve opens nothing
    for (let p = Number(range[1]); p <= Number(range[2] ?? range[1]); p++) ports.add(p);
  }
  return ports;
}

export function analyzerAllows(conns: Connectivity, src: string, dst: string, port: number): boolean {
  const c = conns.get(`${src} => ${dst}`);
  return c === true || (c !== undefined && c.has(port));
}
