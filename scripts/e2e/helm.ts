// Upstream sources installed from a Helm chart, as e2e installs them: the
// chart rendered by `helm template` of helm v4.2.4 (tools/helm, the Helm
// library Flux's helm-controller v1.6.4 uses) from the Go module that carries
// it at the pinned release (HelmChart.module, tools/upstream/go.mod), with
// exactly the values dist/ renders: read back from the HelmRelease (Flux) or
// the Application's valuesObject (Argo CD), never recomputed from the charts.
// The result is applied in the unit's place of the sync order, so the real API
// server validates it, Pod Security admission rules on its pods and the real
// scheduler places them.
import { publishedExternalSecretsChart } from './external-secrets-chart';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { UPSTREAM_SOURCES, type UpstreamSource } from '../../charts/sync/upstream';
import type { KubeObject } from './kube';
import { moduleDirOf } from './upstream';

/** The Kubernetes version of the e2e control plane (scripts/e2e/build-tools.sh): the chart's .Capabilities. */
const KUBE_VERSION = '1.36.3';

/** One Helm release as dist/ declares it. */
export interface RenderedRelease {
  chart: string;
  version: string;
  releaseName: string;
  namespace: string;
  values: Record<string, unknown>;
  /** The file that declares it, for messages. */
  file: string;
}

/** The HelmRelease objects of a Flux unit (helm.toolkit.fluxcd.io, charts/sync/helm.ts). */
export function fluxReleases(objects: KubeObject[], fileOf: (o: KubeObject) => string): RenderedRelease[] {
  return objects.filter((o) => o.kind === 'HelmRelease' && o.apiVersion.startsWith('helm.toolkit.fluxcd.io/')).map((o) => {
    const spec = o.spec as any;
    const ns = spec.targetNamespace ?? o.metadata.namespace;
    return {
      chart: spec.chart.spec.chart,
      version: spec.chart.spec.version,
      // helm-controller's default release name is <targetNamespace>-<name> when a targetNamespace is set.
      releaseName: spec.releaseName ?? (spec.targetNamespace ? `${spec.targetNamespace}-${o.metadata.name}` : o.metadata.name),
      namespace: ns,
      values: spec.values ?? {},
      file: fileOf(o),
    };
  });
}

/** The upstream source whose chart this is: its Go module says where the chart's sources are. */
export function sourceOfRelease(r: { chart: string; version: string }): UpstreamSource | undefined {
  return UPSTREAM_SOURCES.find((s) => s.helm && s.helm.chart === r.chart && s.helm.version === r.version);
}

/** Cluster-scoped kinds a chart may render; anything else without a namespace goes into the release's (as helm install does). */
const CLUSTER_KINDS = new Set(['ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'Namespace', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'StorageClass', 'PriorityClass', 'IngressClass', 'APIService', 'PersistentVolume', 'CSIDriver']);

/** The chart folder of a source's module, adjusted where the module's copy differs from the published chart (each case named). */
const chartDirs = new Map<string, { dir: string; notes: string[]; crds: KubeObject[] }>();
function chartDir(source: UpstreamSource, notes: string[]): { dir: string; crds: KubeObject[] } {
  let known = chartDirs.get(source.name);
  if (!known) {
    const own: string[] = [];
    const mod = source.helm!.module;
    if (mod?.path === 'github.com/external-secrets/external-secrets') {
      // Its module's chart differs from the published one in three ways its release makes (scripts/e2e/external-secrets-chart.ts).
      const published = publishedExternalSecretsChart(moduleDirOf(mod.path, mod.version), mod.chartDir, source.helm!.version);
      known = { dir: published.dir, notes: published.notes, crds: published.crds };
    } else {
      known = { dir: moduleChartDir(source, own), notes: own, crds: [] };
    }
    chartDirs.set(source.name, known);
  }
  notes.push(...known.notes);
  return known;
}

/** A copy of a chart folder from the read-only module cache, whose Chart.yaml may be stamped. */
function writableCopy(dir: string, name: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-chart-${name}-`));
  fs.cpSync(dir, copy, { recursive: true });
  fs.chmodSync(copy, 0o755);
  fs.chmodSync(path.join(copy, 'Chart.yaml'), 0o644);
  return copy;
}

function moduleChartDir(source: UpstreamSource, notes: string[]): string {
  const mod = source.helm!.module;
  if (!mod) throw new Error(`upstream source ${source.name}: no Go module carries its chart (HelmChart.module): e2e cannot render it`);
  const dir = path.join(moduleDirOf(mod.path, mod.version), mod.chartDir);
  const chartYaml = yaml.load(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8')) as { version: string; appVersion?: string };
  const want = source.helm!.version;
  if (chartYaml.version.replace(/^v/, '') === want.replace(/^v/, '')) return dir;
  // cert-manager's repository keeps "version: v0.0.0" and "appVersion: v0.0.0" in
  // deploy/charts/cert-manager/Chart.yaml; its release tool stamps both with the
  // release (and image tags default to appVersion). The published chart v1.21.2
  // carries v1.21.2 in both: so does this copy.
  if (chartYaml.version === 'v0.0.0' && chartYaml.appVersion === 'v0.0.0') {
    const copy = writableCopy(dir, source.name);
    const file = path.join(copy, 'Chart.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^version: v0\.0\.0$/m, `version: ${want}`).replace(/^appVersion: v0\.0\.0$/m, `appVersion: ${want}`));
    notes.push(`${source.name}: ${mod.path}@${mod.version} ${mod.chartDir}/Chart.yaml has the placeholder version v0.0.0; stamped ${want} as the published chart is`);
    return copy;
  }
  // Envoy Gateway's repository keeps "version: v0.0.0-latest", "appVersion: latest" and
  // values.tmpl.yaml, whose ${GatewayImage} and ${GatewayImagePullPolicy} its release
  // packaging fills in (charts/gateway-helm at v1.9.1). This copy gets the release as
  // version and appVersion, and values.yaml with the release's controller image.
  const tmpl = path.join(dir, 'values.tmpl.yaml');
  if (chartYaml.version === 'v0.0.0-latest' && fs.existsSync(tmpl) && !fs.existsSync(path.join(dir, 'values.yaml'))) {
    const copy = writableCopy(dir, source.name);
    const file = path.join(copy, 'Chart.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^version: v0\.0\.0-latest$/m, `version: ${want}`).replace(/^appVersion: "latest"$/m, `appVersion: "${want}"`));
    fs.writeFileSync(path.join(copy, 'values.yaml'), fs.readFileSync(tmpl, 'utf8')
      .replace('${GatewayImage}', `docker.io/envoyproxy/gateway:${want}`).replace('${GatewayImagePullPolicy}', 'IfNotPresent'));
    notes.push(`${source.name}: ${mod.path}@${mod.version} ${mod.chartDir} has placeholder versions and values.tmpl.yaml; stamped ${want} and wrote values.yaml with docker.io/envoyproxy/gateway:${want}`);
    return copy;
  }
  throw new Error(`${mod.path}@${mod.version} ${mod.chartDir}/Chart.yaml is version ${chartYaml.version}, dist/ installs ${want}: make them agree`);
}

/**
 * `helm template` of one release: CRDs included (Flux installs crds/ with
 * CreateReplace, Argo CD renders them), hooks included (helm-controller runs
 * them), chart tests left out (neither tool runs them by default).
 */
export function renderRelease(helm: string, r: RenderedRelease, notes: string[]): { objects: KubeObject[]; origin: string } {
  const source = sourceOfRelease(r);
  if (!source) throw new Error(`${r.file}: chart ${r.chart} ${r.version} is no Helm-chart source of charts/sync/upstream.ts at that version`);
  const { dir, crds } = chartDir(source, notes);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-values-'));
  try {
    const values = path.join(scratch, 'values.yaml');
    fs.writeFileSync(values, yaml.dump(r.values, { noRefs: true }));
    const out = execFileSync(helm, ['template', r.releaseName, dir, '--namespace', r.namespace, '--values', values, '--kube-version', KUBE_VERSION, '--include-crds', '--skip-tests'], {
      encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const objects = [...crds, ...(yaml.loadAll(out) as KubeObject[])].filter((o) => o?.kind).map((o) => (
      o.metadata.namespace || CLUSTER_KINDS.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: r.namespace } }
    ));
    const mod = source.helm!.module!;
    return { objects, origin: `helm template ${r.chart} ${r.version} (${mod.path}@${mod.version}/${mod.chartDir})` };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Admission webhooks a chart registers (cert-manager's) are served by its pods,
 * which do not run here: registered at once, the API server would call them
 * for every later object of their groups and refuse it. They are applied
 * after every unit, so the API server still validates the configurations.
 */
export const isAdmissionWebhook = (o: KubeObject): boolean => o.kind === 'ValidatingWebhookConfiguration' || o.kind === 'MutatingWebhookConfiguration';
