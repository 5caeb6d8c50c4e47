// The workloads of the upstream bundles as the sync tool applies them: the
// pinned upstream files (from the Go module proxy, tools/upstream/go.mod) with
// the rendered Flux Kustomization's patches, images and targetNamespace,
// built by the real kustomize the way kustomize-controller does (a generated
// kustomization.yaml over the source's files when it has none). Bundles no
// registry serves are reported as such, never guessed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { moduleDirOf, upstreamCheckout } from './upstream';

const readDocs = (file: string): any[] => (yaml.loadAll(fs.readFileSync(file, 'utf8')) as any[]).filter(Boolean);

export interface FluxUnit {
  /** The Kustomization as rendered (edit it to see what a missing patch does). */
  kustomization: any;
  source: any;
  file: string;
}

/** Every Kustomization of dist/<env>/flux-system that applies an upstream source, with its source object. */
export function fluxUpstreamUnits(distEnv: string): FluxUnit[] {
  const dir = path.join(distEnv, 'flux-system');
  const sources = new Map<string, any>();
  const ks: Array<{ doc: any; file: string }> = [];
  for (const f of fs.readdirSync(dir).sort()) {
    if (f === 'kustomization.yaml') continue;
    for (const doc of readDocs(path.join(dir, f))) {
      if (doc.kind === 'GitRepository' || doc.kind === 'OCIRepository') sources.set(`${doc.kind}/${doc.metadata.name}`, doc);
      if (doc.kind === 'Kustomization' && doc.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) ks.push({ doc, file: path.join(dir, f) });
    }
  }
  return ks
    .map(({ doc, file }) => ({ kustomization: doc, source: sources.get(`${doc.spec.sourceRef.kind}/${doc.spec.sourceRef.name}`), file }))
    .filter((u) => u.source && !String(u.kustomization.spec.path).replace(/^\.\//, '').startsWith('dist/'));
}

export type BundleBuild =
  | { unit: string; origin: string; objects: any[] }
  | { unit: string; unavailable: string };

/** Flux's release manifests as flux2 v2.9.5 builds them, from the modules the proxy serves. */
const FLUX_CONTROLLER_MODULES = ['source-controller', 'kustomize-controller', 'helm-controller'];
const FLUX_NOT_SERVED = 'notification-controller v1.9.4, image-reflector-controller and image-automation-controller v1.2.5, source-watcher v2.2.4 (the Go module proxy answers 403 for these versions)';

/** The source's files at spec.path, in a fresh folder; undefined with the reason when no registry serves them. */
function sourceFiles(kustomize: string, unit: FluxUnit, work: string): { origin: string; files: string[] } | { unavailable: string } {
  const src = unit.source;
  const ref = src.spec.ref?.tag ?? src.spec.ref?.digest;
  if (src.kind === 'OCIRepository' && String(src.spec.url).endsWith('ghcr.io/fluxcd/flux-manifests')) {
    // flux2 .github/workflows/release.yaml pushes `flux install --export` (manifests/install:
    // namespace flux-system, ghcr.io images, each controller's release Deployment with
    // manifests/bases/<controller>/patch.yaml). The release Deployments are the
    // controllers' config/manager at the versions flux2's go.mod names.
    const flux2 = moduleDirOf('github.com/fluxcd/flux2/v2', ref);
    const base = path.join(work, 'flux-install');
    fs.mkdirSync(base);
    const resources: string[] = [];
    const patches: any[] = [];
    const images: any[] = [];
    for (const c of FLUX_CONTROLLER_MODULES) {
      const dir = moduleDirOf(`github.com/fluxcd/${c}`);
      fs.writeFileSync(path.join(base, `${c}.yaml`), execFileSync(kustomize, ['build', path.join(dir, 'config/manager')], { encoding: 'utf8' }));
      fs.copyFileSync(path.join(flux2, 'manifests/bases', c, 'patch.yaml'), path.join(base, `${c}-patch.yaml`));
      fs.copyFileSync(path.join(flux2, 'manifests/bases', c, 'account.yaml'), path.join(base, `${c}-account.yaml`));
      resources.push(`${c}.yaml`, `${c}-account.yaml`);
      patches.push({ path: `${c}-patch.yaml`, target: { group: 'apps', version: 'v1', kind: 'Deployment', name: c } });
      images.push({ name: `fluxcd/${c}`, newName: `ghcr.io/fluxcd/${c}` });
    }
    fs.writeFileSync(path.join(base, 'kustomization.yaml'), yaml.dump({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', namespace: 'flux-system', resources: ['namespace.yaml', ...resources], patches, images }));
    fs.copyFileSync(path.join(flux2, 'manifests/install/namespace.yaml'), path.join(base, 'namespace.yaml'));
    const out = path.join(work, 'gotk-components.yaml');
    fs.writeFileSync(out, execFileSync(kustomize, ['build', base], { encoding: 'utf8' }));
    return { origin: `flux2 ${ref} manifests/ with ${FLUX_CONTROLLER_MODULES.join(', ')} config/manager (Go modules); not served: ${FLUX_NOT_SERVED}`, files: [out] };
  }
  // Strimzi's install files are in no registry: Maven Central has the artifacts its CRDs are generated from, not its Deployment.
  if (/strimzi-kafka-operator$/.test(src.spec.url)) return { unavailable: `${src.spec.url} ${ref}: its install files are served by no reachable registry (Maven Central carries only what its CRDs are generated from)` };
  const checkout = upstreamCheckout(src.spec.url, ref);
  if (!checkout || checkout.origin.startsWith('../shared') || checkout.origin.startsWith('Strimzi')) {
    return { unavailable: `${src.spec.url} ${ref}: ${checkout ? `only its CRDs are available (${checkout.origin})` : 'served by no reachable registry'}` };
  }
  const p = String(unit.kustomization.spec.path).replace(/^\.\//, '');
  // The GitRepository's ignore keeps only the listed files of the folder ("!/<path>/<file>").
  const kept = [...String(src.spec.ignore ?? '').matchAll(/^!\/(.+)$/gm)].map((m) => m[1]).filter((f) => f.startsWith(`${p}/`));
  const files = kept.length ? kept : fs.readdirSync(path.join(checkout.dir, p)).filter((f) => /\.ya?ml$/.test(f)).map((f) => `${p}/${f}`);
  return {
    origin: `${checkout.origin} ${files.join(', ')}`,
    files: files.map((f) => {
      const to = path.join(work, path.basename(f));
      // Without the CRDs (megabytes that only slow kustomize down; our patches only annotate them).
      const kept = (yaml.loadAll(fs.readFileSync(path.join(checkout.dir, f), 'utf8')) as any[]).filter((d) => d && d.kind !== 'CustomResourceDefinition');
      fs.writeFileSync(to, kept.map((d) => yaml.dump(d, { noRefs: true })).join('---\n'));
      return to;
    }),
  };
}

/** The source side (as the sync tool downloads it) is the same whatever our patches say: built once per source and path. */
const sources = new Map<string, { origin: string; contents: Array<[string, string]> } | { unavailable: string }>();

function cachedSource(kustomize: string, unit: FluxUnit): { origin: string; contents: Array<[string, string]> } | { unavailable: string } {
  const key = `${unit.source.kind}/${unit.source.metadata.name}@${unit.source.spec.ref?.tag ?? unit.source.spec.ref?.digest}:${unit.kustomization.spec.path}`;
  if (!sources.has(key)) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-source-'));
    try {
      const files = sourceFiles(kustomize, unit, work);
      sources.set(key, 'unavailable' in files ? files : { origin: files.origin, contents: files.files.map((f) => [path.basename(f), fs.readFileSync(f, 'utf8')]) });
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  return sources.get(key)!;
}

/** kustomize build of one upstream unit with the Kustomization's patches, images and targetNamespace. */
export function buildFluxUnit(kustomize: string, unit: FluxUnit): BundleBuild {
  const name = unit.kustomization.metadata.name;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `bundle-${name}-`));
  try {
    const source = cachedSource(kustomize, unit);
    if ('unavailable' in source) return { unit: name, unavailable: source.unavailable };
    for (const [f, text] of source.contents) fs.writeFileSync(path.join(work, f), text);
    const files = { origin: source.origin, files: source.contents.map(([f]) => f) };
    const spec = unit.kustomization.spec;
    fs.writeFileSync(path.join(work, 'kustomization.yaml'), yaml.dump({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      ...(spec.targetNamespace ? { namespace: spec.targetNamespace } : {}),
      resources: files.files.map((f) => path.basename(f)),
      ...(spec.patches?.length ? { patches: spec.patches } : {}),
      ...(spec.images?.length ? { images: spec.images } : {}),
    }));
    const out = execFileSync(kustomize, ['build', work], { encoding: 'utf8', maxBuffer: 256 << 20 });
    return { unit: name, origin: files.origin, objects: (yaml.loadAll(out) as any[]).filter(Boolean) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * kustomize build of an Argo CD Application whose source is a kustomize
 * folder of a pinned upstream repository, with the Application's kustomize
 * patches (Argo CD adds them to the folder's kustomization.yaml; a wrapper
 * kustomization over the folder gives the same result).
 */
export function buildArgoKustomizeApp(kustomize: string, app: any): BundleBuild {
  const src = app.spec.source;
  const checkout = upstreamCheckout(src.repoURL, src.targetRevision);
  if (!checkout || !fs.existsSync(path.join(checkout.dir, src.path, 'kustomization.yaml'))) {
    return { unit: app.metadata.name, unavailable: `${src.repoURL} ${src.targetRevision} ${src.path}: ${checkout ? `no kustomization.yaml in ${checkout.origin}` : 'served by no reachable registry'}` };
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `argo-${app.metadata.name}-`));
  try {
    fs.writeFileSync(path.join(work, 'kustomization.yaml'), yaml.dump({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      ...(app.spec.destination?.namespace ? { namespace: app.spec.destination.namespace } : {}),
      resources: withoutCrdFolders(path.join(checkout.dir, src.path)).map((r) => path.relative(work, r)),
      ...(src.kustomize?.patches?.length ? { patches: src.kustomize.patches } : {}),
    }));
    const out = execFileSync(kustomize, ['build', work], { encoding: 'utf8', maxBuffer: 256 << 20 });
    return { unit: app.metadata.name, origin: `${checkout.origin} ${src.path}`, objects: (yaml.loadAll(out) as any[]).filter(Boolean) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The resources of a kustomize folder that lists only resources, without
 * those named crds (megabytes of CRDs without a pod template, which only slow
 * kustomize down); any other folder whole.
 */
function withoutCrdFolders(dir: string): string[] {
  const k = yaml.load(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as Record<string, unknown>;
  if (Object.keys(k).some((key) => !['apiVersion', 'kind', 'resources'].includes(key))) return [dir];
  return (k.resources as string[]).filter((r) => path.basename(r) !== 'crds').map((r) => path.resolve(dir, r));
}
