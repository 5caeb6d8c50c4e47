// What Kairos writes into K3S's auto-deploy folder on the servers
// (/var/lib/rancher/k3s/server/manifests): our CoreDNS and local-path
// provisioner, kube-vip, Traefik's HelmChartConfig. K3S's deploy controller
// applies those files itself as soon as its API server runs, before any sync
// tool exists, so e2e applies them first, read from the rendered cloud-configs
// (every server writes the same files; a disagreement is a finding), strictly
// and server-side like every unit. Kinds of K3S's own API groups
// (helm.cattle.io, k3s.cattle.io: HelmChartConfig, HelmChart, Addon) are
// served only by K3S's embedded controllers, whose CRDs this control plane
// does not have: they are skipped and named in the summary.
import fs from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import type { Built, Finding } from './apply';
import type { Kube, KubeObject } from './kube';
import { autoDeployFilesOf } from '../lib/auto-deploy-files';
import { poolLabelKey } from '../../charts/environment/node-pools';
import { CLUSTER_SERVICES_POOL } from '../../charts/sync/upstream-placement';
import { groupOf } from '../../charts/sync/upstream';

/** API groups only K3S itself serves (its embedded helm-controller and deploy controller). */
export const K3S_OWN_GROUPS = ['helm.cattle.io', 'k3s.cattle.io'];

export interface AutoDeploy {
  built: Built;
  /** Objects of K3S's own kinds, not applied here. */
  skipped: string[];
  findings: Finding[];
}

const idOf = (o: KubeObject): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** The auto-deploy files of every server's cloud-config in dist/<env>/kairos, as objects. */
export function autoDeployManifests(distEnv: string): AutoDeploy {
  const dir = path.join(distEnv, 'kairos');
  const findings: Finding[] = [];
  // path in the folder -> { the first server's cloud-config that writes it, its content }
  const files = new Map<string, { config: string; content: string }>();
  // Each server's cloud-config with the paths it writes into the folder.
  const servers: Array<{ file: string; written: Set<string> }> = [];
  for (const f of fs.readdirSync(dir).sort()) {
    if (!f.endsWith('.yaml') || f.startsWith('auroraboot-')) continue;
    const file = path.join(dir, f);
    const written = autoDeployFilesOf(fs.readFileSync(file, 'utf8'));
    if (!written) continue;
    servers.push({ file, written: new Set(written.map((w) => w.path)) });
    for (const w of written) {
      const seen = files.get(w.path);
      if (!seen) files.set(w.path, { config: file, content: w.content });
      else if (seen.content !== w.content) findings.push({ file, object: w.path, message: `differs from ${path.basename(seen.config)}'s: each server's K3S applies its own copy, so the servers would overwrite each other` });
    }
  }
  // Every server must write every file: K3S applies the folder of the server that runs it.
  for (const { file, written } of servers) {
    for (const p of files.keys()) if (!written.has(p)) findings.push({ file, object: p, message: 'not written on this server, but on others' });
  }
  const objects: KubeObject[] = [];
  const origin = new Map<KubeObject, string>();
  const skipped: string[] = [];
  for (const [p, { config, content }] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    for (const o of (yaml.loadAll(content) as KubeObject[]).filter(Boolean)) {
      if (K3S_OWN_GROUPS.includes(groupOf(o.apiVersion))) {
        skipped.push(`${idOf(o)} (${path.basename(p)})`);
        continue;
      }
      objects.push(o);
      origin.set(o, `${config} (${p})`);
    }
  }
  return { built: { objects, fileOf: (o) => origin.get(o) ?? '' }, skipped, findings };
}

/** Every pod of these workloads runs on a K3S-CLUSTER-SVCS node (read back from the scheduler's bindings). */
export async function offClusterServices(kube: Kube, workloads: KubeObject[], fileOf: (o: KubeObject) => string): Promise<Finding[]> {
  const label = poolLabelKey(CLUSTER_SERVICES_POOL);
  const nodes = new Map(((await kube.get<any>('/api/v1/nodes')).items as any[]).map((n) => [n.metadata.name, n]));
  const findings: Finding[] = [];
  for (const w of workloads) {
    const selector = Object.entries((w.spec as any).selector.matchLabels as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(',');
    const pods = (await kube.get<any>(`/api/v1/namespaces/${w.metadata.namespace}/pods?labelSelector=${encodeURIComponent(selector)}`)).items as any[];
    if (!pods.some((p) => p.spec.nodeName)) findings.push({ file: fileOf(w), object: idOf(w), message: 'no pod was placed' });
    for (const p of pods.filter((x) => x.spec.nodeName)) {
      if (!nodes.get(p.spec.nodeName)?.metadata.labels?.[label]) findings.push({ file: fileOf(w), object: idOf(w), message: `pod ${p.metadata.name} runs on ${p.spec.nodeName}, which is not a ${CLUSTER_SERVICES_POOL} node` });
    }
  }
  return findings;
}
