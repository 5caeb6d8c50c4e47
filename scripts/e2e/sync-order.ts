// The order a sync tool applies an environment in, read from what we render
// (dist/<env>/flux-system Kustomizations and their dependsOn, or
// dist/<env>/argocd Applications and their sync waves), never recomputed from
// the chart code: the cluster follows the files, so the test does too.
import fs from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';

export interface SyncStep {
  /** Kustomization or Application name. */
  name: string;
  /** The file that declares it, for messages. */
  file: string;
  /** A folder of this repository (dist/<env>/<layer>), or an upstream source. */
  layer?: string;
  /** helm: an Argo CD helm source's release (the values as rendered), for charts e2e renders itself. */
  upstream?: { url: string; ref: string; path: string; chart?: string; helm?: { releaseName: string; namespace: string; values: Record<string, unknown> } };
  /** Flux Kustomization fields that change what is applied. */
  targetNamespace?: string;
  dependsOn: string[];
}

export interface SyncOrder {
  tool: 'flux' | 'argocd';
  /** The folder the sync tool itself is configured from (applied first, as bootstrap does). */
  syncFolder: string;
  steps: SyncStep[];
}

const readDocs = (file: string): any[] => yaml.loadAll(fs.readFileSync(file, 'utf8')).filter(Boolean) as any[];

export function syncOrder(distEnv: string): SyncOrder {
  const env = path.basename(distEnv);
  const flux = path.join(distEnv, 'flux-system');
  const argo = path.join(distEnv, 'argocd');
  if (fs.existsSync(flux)) return { tool: 'flux', syncFolder: 'flux-system', steps: fluxSteps(flux, env) };
  if (fs.existsSync(argo)) return { tool: 'argocd', syncFolder: 'argocd', steps: argoSteps(argo, env) };
  throw new Error(`${distEnv}: neither flux-system/ nor argocd/: no sync configuration to follow`);
}

function fluxSteps(dir: string, env: string): SyncStep[] {
  const repos = new Map<string, { url: string; ref: string }>();
  const ks: Array<{ doc: any; file: string }> = [];
  for (const f of fs.readdirSync(dir).sort()) {
    if (f === 'kustomization.yaml') continue;
    for (const doc of readDocs(path.join(dir, f))) {
      if (doc.kind === 'GitRepository') repos.set(doc.metadata.name, { url: doc.spec.url, ref: doc.spec.ref?.tag ?? doc.spec.ref?.commit ?? doc.spec.ref?.branch });
      if (doc.kind === 'OCIRepository') repos.set(doc.metadata.name, { url: doc.spec.url, ref: doc.spec.ref?.tag ?? doc.spec.ref?.digest });
      if (doc.kind === 'Kustomization' && doc.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) ks.push({ doc, file: path.join(dir, f) });
    }
  }
  const steps = ks.map(({ doc, file }): SyncStep => {
    const source = repos.get(doc.spec.sourceRef.name);
    if (!source) throw new Error(`${file}: sourceRef ${doc.spec.sourceRef.kind}/${doc.spec.sourceRef.name} is not declared in ${dir}`);
    const p = String(doc.spec.path).replace(/^\.\//, '');
    const ours = p.startsWith(`dist/${env}/`);
    return {
      name: doc.metadata.name,
      file,
      ...(ours ? { layer: p.slice(`dist/${env}/`.length) } : { upstream: { url: source.url, ref: source.ref, path: p } }),
      targetNamespace: doc.spec.targetNamespace,
      dependsOn: (doc.spec.dependsOn ?? []).map((d: { name: string }) => d.name),
    };
  });
  return topological(steps);
}

function argoSteps(dir: string, env: string): SyncStep[] {
  const apps: Array<{ step: SyncStep; wave: number }> = [];
  for (const f of fs.readdirSync(dir).sort()) {
    for (const doc of readDocs(path.join(dir, f))) {
      if (doc.kind !== 'Application') continue;
      const src = doc.spec.source;
      const p = String(src.path ?? '').replace(/^\.\//, '');
      const ours = p.startsWith(`dist/${env}/`);
      apps.push({
        wave: Number(doc.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0),
        step: {
          name: doc.metadata.name,
          file: path.join(dir, f),
          ...(ours ? { layer: p.slice(`dist/${env}/`.length) } : {
            upstream: {
              url: src.repoURL, ref: src.targetRevision, path: p, chart: src.chart,
              ...(src.chart ? { helm: { releaseName: src.helm?.releaseName ?? doc.metadata.name, namespace: doc.spec.destination.namespace, values: src.helm?.valuesObject ?? {} } } : {}),
            },
          }),
          dependsOn: [],
        },
      });
    }
  }
  // Waves apply in order; the Application that syncs argocd/ itself is the bootstrap.
  apps.sort((a, b) => a.wave - b.wave || a.step.name.localeCompare(b.step.name));
  return apps.filter((a) => a.step.layer !== 'argocd').map((a, i, all) => ({ ...a.step, dependsOn: all.filter((b) => b.wave < a.wave).map((b) => b.step.name) }));
}

/** Kahn's algorithm, ties by name; a cycle or an unknown dependency is an error naming the files. */
function topological(steps: SyncStep[]): SyncStep[] {
  const byName = new Map(steps.map((s) => [s.name, s]));
  for (const s of steps) {
    for (const d of s.dependsOn) if (!byName.has(d)) throw new Error(`${s.file}: dependsOn ${d}, which no Kustomization declares`);
  }
  const done = new Set<string>();
  const out: SyncStep[] = [];
  while (out.length < steps.length) {
    const ready = steps.filter((s) => !done.has(s.name) && s.dependsOn.every((d) => done.has(d))).sort((a, b) => a.name.localeCompare(b.name));
    if (!ready.length) throw new Error(`dependsOn cycle among ${steps.filter((s) => !done.has(s.name)).map((s) => s.file).join(', ')}`);
    // The sync layer's own Kustomization (it applies flux-system) is bootstrap, applied first.
    for (const s of ready) { done.add(s.name); out.push(s); }
  }
  return out.filter((s) => s.layer !== 'flux-system');
}
