// Turns an environment into the files of dist/<env>/: one YAML file per object
// under its layer folder, a kustomization.yaml per layer, the layer's plain
// files, and the environment's README. Pure: returns the files, writes nothing.
import { buildEnvironment, type Artifacts } from './app';
import type { Environment } from './environment/environment';
import type { LayerChart } from './lib/layer';
import { renderInventory } from './inventory';
import { mirrorImages } from './cluster/mirror-images';
import { capacityIssues } from './environment/capacity';
import { replacementAddons } from './cluster/auto-deploy';
import { upstreamWorkloadObjects } from './sync/upstream-workloads';
import { EnvironmentError } from './environment/errors';
import { locatedIssues } from './environment/load';
import { synthesizeCharts } from './lib/synth';
import { requiredSecrets } from './lib/secrets';
import { declaredSecrets, secretReferencesOf, undeclaredSecretReferences } from './lib/secret-references';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

export interface RenderedLayer { layer: string; objects: Array<{ file: string; manifest: Manifest }> }

/** Files of one environment, by path relative to dist/<env>/, sorted. */
export type RenderedFiles = Map<string, string>;

export { toYaml } from './lib/yaml';
import { toYaml } from './lib/yaml';

/** Label values and DNS-label names are limited to 63 characters. */
const MAX_LABEL = 63;

export function objectFileName(m: Manifest, homeNamespace?: string): string {
  const base = `${m.kind.toLowerCase()}-${m.metadata.name}`;
  const ns = m.metadata.namespace;
  return `${ns && ns !== homeNamespace ? `${ns}_` : ''}${base}.yaml`.replace(/[^A-Za-z0-9_.-]/g, '_');
}

export function renderLayers(env: Environment): { layers: RenderedLayer[]; charts: LayerChart[]; artifacts: Artifacts[] } {
  const { app, layers, artifacts } = buildEnvironment(env);
  const errors = app.node.validate();
  if (errors.length > 0) throw new Error(`${env.file}: ${errors.join('\n')}`);
  // What each chart's toJson() returns (charts/lib/synth.ts).
  const synthesized = synthesizeCharts(app, layers);
  const rendered = layers.map((chart, i) => {
    const seen = new Map<string, string>();
    // Air-gapped environments: every image names the registry mirror (charts/cluster/mirror-images.ts).
    const objects = (mirrorImages(env, synthesized[i]) as Manifest[]).map((manifest) => {
      checkNames(env, chart.layer, manifest);
      const file = objectFileName(manifest, chart.homeNamespace);
      const id = `${manifest.kind} ${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`;
      const prior = seen.get(file);
      if (prior) throw new Error(`${env.file}: layer ${chart.layer}: ${id} and ${prior} both render to ${file}`);
      seen.set(file, id);
      return { file, manifest };
    });
    return { layer: chart.layer, objects };
  });
  for (const a of artifacts) {
    if (layers.some((l) => l.layer === a.folder)) throw new Error(`${env.file}: artifact folder ${a.folder} clashes with a layer of the same name`);
  }
  return { layers: rendered, charts: layers, artifacts };
}

/** @param opts.capacityCheck off only in e2e tests that prove the real scheduler catches the same mistake. */
export function renderEnvironment(env: Environment, opts: { capacityCheck?: boolean } = {}): RenderedFiles {
  const { layers, charts, artifacts } = renderLayers(env);
  // Replicas and requests against the pools, before anything is written; with our CoreDNS and
  // local-path provisioner, which Kairos writes for K3S to apply, on K3S-CLUSTER-SVCS too, and
  // the workloads the upstream sources and the sync tool run (charts/sync/upstream-workloads.ts).
  const autoDeployed = replacementAddons(env).flatMap((a) => a.objects);
  const capacity = opts.capacityCheck === false ? [] : capacityIssues(env, [...layers.flatMap((l) => l.objects.map((o) => o.manifest)), ...autoDeployed, ...upstreamWorkloadObjects(env)]);
  if (capacity.length > 0) throw new EnvironmentError(locatedIssues(env, capacity));
  const secrets = secretReferenceIssues(env, layers, charts);
  if (secrets.length > 0) throw new Error(secrets.join('\n'));
  const files: Array<[string, string]> = [];
  for (const [i, { layer, objects }] of layers.entries()) {
    const chart = charts[i];
    for (const { file, manifest } of objects) files.push([`${layer}/${file}`, toYaml(manifest)]);
    for (const [name, content] of chart.files) files.push([`${layer}/${name}`, content]);
    const kustomization = {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: objects.map((o) => o.file).sort(),
      ...chart.kustomization,
    };
    files.push([`${layer}/kustomization.yaml`, toYaml(kustomization)]);
  }
  for (const { folder, files: plain } of artifacts) for (const [name, content] of plain) files.push([`${folder}/${name}`, content]);
  const paths = new Set<string>();
  for (const [p] of files) {
    if (paths.has(p)) throw new Error(`${env.file}: ${p} is rendered twice`);
    paths.add(p);
  }
  files.push(['README.md', renderInventory(env, layers, charts)]);
  return new Map(files.sort(([a], [b]) => a.localeCompare(b)));
}

/** Every Secret a rendered object names must be declared (charts/lib/secret-references.ts). */
export function secretReferenceIssues(env: Environment, layers: RenderedLayer[], charts: LayerChart[]): string[] {
  const manifests = layers.flatMap((l) => l.objects.map((o) => o.manifest));
  const generators = charts.flatMap((c) => (c.kustomization.secretGenerator ?? []).map((g) => ({ name: g.name, namespace: g.namespace ?? c.homeNamespace ?? '', files: g.files ?? [] })));
  const declared = declaredSecrets(manifests, charts.length ? requiredSecrets(charts[0]) : [], generators);
  return layers.flatMap((l) => undeclaredSecretReferences(l.objects.flatMap((o) => secretReferencesOf(o.manifest)), declared).map((m) => `${env.file}: layer ${l.layer}: ${m}`));
}

function checkNames(env: Environment, layer: string, m: Manifest): void {
  const where = `${env.file}: layer ${layer}: ${m.kind} ${m.metadata.name}`;
  if (!m.metadata.name) throw new Error(`${where}: object has no name`);
  if (m.metadata.name.length > 253) throw new Error(`${where}: name longer than 253 characters`);
  for (const [k, v] of Object.entries(m.metadata.labels ?? {})) {
    if (v.length > MAX_LABEL) throw new Error(`${where}: label ${k}="${v}" is ${v.length} characters; label values allow at most ${MAX_LABEL}`);
  }
  if (['Namespace', 'Service'].includes(m.kind) && m.metadata.name.length > MAX_LABEL) {
    throw new Error(`${where}: ${m.kind} names are DNS labels of at most ${MAX_LABEL} characters`);
  }
}
