// Applies one unit of the sync order the way Flux's kustomize-controller does
// (fluxcd/pkg/ssa ApplyAllStaged): the layer is built by the real kustomize,
// CRDs and Namespaces are applied first and awaited, then *Class objects, then
// every other object is dry-run server-side (strict field validation) and,
// only if all of them pass, applied. Any error or API warning fails the unit,
// naming the file, the object and the API server's message.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { ApiError, type Kube, type KubeObject } from './kube';

export interface Finding { file: string; object: string; message: string }

export interface Built { objects: KubeObject[]; fileOf: (o: KubeObject) => string }

const id = (o: KubeObject): string => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
export const objectId = id;

/** `kustomize build` of one of our layers, with each object traced back to the file that declares it. */
export function buildLayer(kustomize: string, dir: string): Built {
  const out = execFileSync(kustomize, ['build', dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  const objects = (yaml.loadAll(out) as KubeObject[]).filter(Boolean);
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith('.yaml') || f === 'kustomization.yaml') continue;
    for (const d of yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as KubeObject[]) {
      if (d?.kind) files.set(id(d), path.join(dir, f));
    }
  }
  return { objects, fileOf: (o) => files.get(id(o)) ?? path.join(dir, 'kustomization.yaml') };
}

const stageOf = (o: KubeObject): number => (o.kind === 'CustomResourceDefinition' || o.kind === 'Namespace' ? 1 : o.kind.endsWith('Class') ? 2 : 3);

/** Apply (or dry-run) each object; errors and warnings become findings. */
async function applyAll(kube: Kube, built: Built, objects: KubeObject[], dryRun: boolean, findings: Finding[], allowWarning: (o: KubeObject, w: string) => boolean): Promise<void> {
  await Promise.all(objects.map(async (o) => {
    try {
      const { warnings } = await kube.apply(o, { dryRun });
      for (const w of warnings) {
        if (!allowWarning(o, w)) findings.push({ file: built.fileOf(o), object: id(o), message: `API warning: ${w}` });
      }
    } catch (e) {
      findings.push({ file: built.fileOf(o), object: id(o), message: e instanceof ApiError ? `${dryRun ? 'server-side dry-run' : 'apply'} refused (${e.status} ${e.reason}): ${e.message}` : String(e) });
    }
  }));
}

async function waitEstablished(kube: Kube, crds: KubeObject[]): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  const pending = new Set(crds.map((c) => c.metadata.name));
  while (pending.size && Date.now() < deadline) {
    for (const name of [...pending]) {
      const crd = await kube.get<any>(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
      if (crd.status?.conditions?.some((c: any) => c.type === 'Established' && c.status === 'True')) pending.delete(name);
    }
    if (pending.size) await new Promise((r) => setTimeout(r, 200));
  }
  return [...pending];
}

/**
 * The first half of a unit: its CRDs and Namespaces applied (Flux's stage one), and
 * everything else dry-run. Returns the findings; the caller applies the rest only
 * when every unit of the batch passed, as Flux refuses a layer whose dry-run fails.
 */
export async function prepareUnit(kube: Kube, built: Built, allowWarning: (o: KubeObject, w: string) => boolean): Promise<Finding[]> {
  const findings: Finding[] = [];
  const first = built.objects.filter((o) => stageOf(o) === 1);
  await applyAll(kube, built, first, false, findings, allowWarning);
  const crds = first.filter((o) => o.kind === 'CustomResourceDefinition');
  if (crds.length) {
    for (const name of await waitEstablished(kube, crds)) findings.push({ file: built.fileOf(crds.find((c) => c.metadata.name === name)!), object: `CustomResourceDefinition ${name}`, message: 'not Established after 60 s' });
    await kube.discover();
  }
  const classes = built.objects.filter((o) => stageOf(o) === 2);
  await applyAll(kube, built, classes, false, findings, allowWarning);
  await applyAll(kube, built, built.objects.filter((o) => stageOf(o) === 3), true, findings, allowWarning);
  return findings;
}

export async function finishUnit(kube: Kube, built: Built, allowWarning: (o: KubeObject, w: string) => boolean): Promise<Finding[]> {
  const findings: Finding[] = [];
  await applyAll(kube, built, built.objects.filter((o) => stageOf(o) === 3), false, findings, allowWarning);
  return findings;
}
