// Upstream sources at the versions dist/ pins, from the Go module proxy
// (tools/upstream/go.mod, verified by go.sum): their CRDs, and the RBAC roles
// their operators need. dist/ and tools/upstream/go.mod must agree on every
// version; a mismatch is an error, so the test never proves a version we do
// not deploy.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';

const root = path.resolve(import.meta.dirname, '../..');
const toolsDir = path.join(root, 'tools', 'upstream');

interface Pinned { module: string; version: string }

function pinnedModules(): Pinned[] {
  const text = fs.readFileSync(path.join(toolsDir, 'go.mod'), 'utf8');
  return [...text.matchAll(/^\s+(\S+)\s+(v\S+)\s*$/gm)].map((m) => ({ module: m[1], version: m[2] }));
}

/** The version tools/upstream/go.mod pins for a repository URL (the sync tool's own controllers, say). */
export function pinnedVersion(url: string): string {
  const repo = repoOf(url);
  const pinned = pinnedModules().find((p) => p.module.toLowerCase().replace(/\/v\d+$/, '') === repo);
  if (!pinned) throw new Error(`tools/upstream/go.mod pins no ${repo}`);
  return pinned.version;
}

/**
 * OCI artifacts built from a Go module's sources at the same release: Flux's
 * `flux install` manifests (flux2 .github/workflows/release.yaml) come from
 * flux2's manifests/ and the controllers' config/ (see fluxInstall in upstream-bundles.ts).
 */
const OCI_ARTIFACTS: Record<string, string> = { 'ghcr.io/fluxcd/flux-manifests': 'github.com/fluxcd/flux2' };

/** github.com/<owner>/<repo> of a source URL (https or ssh), lower-cased; an OCI artifact (behind a mirror too), its module. */
const repoOf = (url: string): string => {
  if (url.startsWith('oci://')) {
    const artifact = Object.keys(OCI_ARTIFACTS).find((a) => url === `oci://${a}` || url.endsWith(`/${a}`));
    if (artifact) return OCI_ARTIFACTS[artifact];
  }
  return url.replace(/^(https?:\/\/|ssh:\/\/git@|git@)/, '').replace(':', '/').replace(/\.git$/, '').toLowerCase();
};

const dirs = new Map<string, string>();
function moduleDir(p: Pinned): string {
  const key = `${p.module}@${p.version}`;
  if (!dirs.has(key)) {
    const out = execFileSync('go', ['mod', 'download', '-json', key], { cwd: toolsDir, encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod' } });
    const info = JSON.parse(out) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new Error(`go mod download ${key}: ${info.Error}`);
    dirs.set(key, info.Dir);
  }
  return dirs.get(key)!;
}

/** The sync tool's own release (Flux's manifests artifact, Argo CD's repository), which the sync tool applies to itself. */
export const isSyncToolInstall = (url: string): boolean => ['github.com/fluxcd/flux2', 'github.com/argoproj/argo-cd'].includes(repoOf(url));

/** The module cache folder of a module tools/upstream/go.mod pins; with a version, it must be the pinned one. */
export function moduleDirOf(module: string, version?: string): string {
  const pinned = pinnedModules().find((p) => p.module === module);
  if (!pinned) throw new Error(`tools/upstream/go.mod does not pin ${module}`);
  if (version && pinned.version !== version) throw new Error(`dist/ pins ${module} at ${version}, tools/upstream/go.mod at ${pinned.version}: make them agree`);
  return moduleDir(pinned);
}

export interface UpstreamCheckout {
  /** Where its files are. */
  dir: string;
  /** Where they came from, for the summary. */
  origin: string;
}

/**
 * The upstream repository at the ref dist/ pins: from tools/upstream (the Go
 * module proxy). Sets no registry serves fall back to ../shared/crds when it
 * is there (noted as such); otherwise undefined.
 */
export function upstreamCheckout(url: string, ref: string, chart?: string): UpstreamCheckout | undefined {
  // A chart of an https Helm repository: the project's repository at the chart's release.
  const source = chart ? CHART_SOURCES[`${repoOf(url).replace(/\/$/, '')}/${chart}`] : undefined;
  if (source) {
    const c = upstreamCheckout(`https://${source.repo}`, `v${ref.replace(/^v/, '')}`);
    const dir = c && path.join(c.dir, source.crds);
    return c && (fs.existsSync(dir!) ? { dir: dir!, origin: `${c.origin}/${source.crds} (the CRDs of chart ${chart} ${ref})` } : c);
  }
  const repo = repoOf(url);
  const pinned = pinnedModules().find((p) => p.module.toLowerCase().replace(/\/v\d+$/, '') === repo);
  if (pinned) {
    if (pinned.version !== ref && pinned.version !== `v${ref}`) {
      throw new Error(`dist/ pins ${repo} at ${ref}, tools/upstream/go.mod at ${pinned.version}: make them agree`);
    }
    return { dir: moduleDir(pinned), origin: `Go module ${pinned.module}@${pinned.version}` };
  }
  if (repo === STRIMZI_REPO || repo === 'quay.io/strimzi-helm') {
    if (ref.replace(/^v/, '') !== STRIMZI_VERSION) throw new Error(`dist/ pins Strimzi ${ref}, tools/strimzi-crds/pom.xml ${STRIMZI_VERSION}: make them agree`);
    return { dir: strimziCrds(), origin: `Strimzi ${STRIMZI_VERSION} CRDs generated by its crd-generator from Maven Central (tools/strimzi-crds)` };
  }
  const shared = sharedCrds(repo, ref);
  return shared ? { dir: shared, origin: `../shared/crds (no registry serves ${repo} ${ref})` } : undefined;
}

/** Charts published from a project's own release (Percona's chart versions are the operator's): where their CRDs come from. */
const CHART_SOURCES: Record<string, { repo: string; crds: string }> = {
  'percona.github.io/percona-helm-charts/pxc-operator': { repo: 'github.com/percona/percona-xtradb-cluster-operator', crds: 'deploy' },
  'percona.github.io/percona-helm-charts/psmdb-operator': { repo: 'github.com/percona/percona-server-mongodb-operator', crds: 'deploy' },
};

const STRIMZI_REPO = 'github.com/strimzi/strimzi-kafka-operator';
const STRIMZI_VERSION = /<strimzi.version>([^<]+)</.exec(fs.readFileSync(path.join(root, 'tools/strimzi-crds/pom.xml'), 'utf8'))?.[1];

/**
 * Strimzi publishes no CRD files to a registry, but its CRDs are generated:
 * io.strimzi:crd-generator run on io.strimzi:api, as its own build does,
 * gives the same bytes as packaging/install/cluster-operator/04x-Crd-*.yaml.
 */
let strimziDir: string | undefined;
function strimziCrds(): string {
  strimziDir ??= execFileSync(path.join(root, 'scripts/e2e/strimzi-crds.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return strimziDir;
}

/** ../shared/crds folder names (see its SOURCES.md). */
const SHARED_FOLDERS: Record<string, (ref: string) => string> = {
  'github.com/percona/percona-xtradb-cluster-operator': (t) => `percona-xtradb-cluster-operator-${t}`,
  'github.com/ot-container-kit/redis-operator': (t) => `redis-operator-${t}`,
};

function sharedCrds(repo: string, ref: string): string | undefined {
  const folder = SHARED_FOLDERS[repo]?.(ref);
  const dir = folder && path.resolve(root, '..', 'shared', 'crds', folder);
  return dir && fs.existsSync(dir) ? dir : undefined;
}

/** Every CustomResourceDefinition in the YAML files of a folder (one level; a shared fallback folder is flat). */
export function crdsIn(dir: string): any[] {
  if (!fs.existsSync(dir)) return [];
  const out = new Map<string, any>();
  for (const f of fs.readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(f)) continue;
    for (const doc of yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as any[]) {
      if (doc?.kind === 'CustomResourceDefinition') out.set(doc.metadata.name, doc);
    }
  }
  return [...out.values()];
}

/**
 * A Helm chart's CRDs: every YAML file under its crds/ folder and its
 * subcharts' (charts/<name>/crds/), which helm install applies before the
 * templates (helm's loader takes every file below crds/). [] when the folder
 * is no chart. Envoy Gateway's gateway-helm carries its CRDs in the subchart
 * charts/crds this way.
 */
export function helmChartCrds(chartDir: string): any[] {
  if (!fs.existsSync(path.join(chartDir, 'Chart.yaml'))) return [];
  const out = new Map<string, any>();
  const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : /\.ya?ml$/.test(d.name) ? [path.join(dir, d.name)] : []));
  const chart = (dir: string) => {
    if (fs.existsSync(path.join(dir, 'crds'))) {
      for (const f of files(path.join(dir, 'crds'))) {
        for (const doc of yaml.loadAll(fs.readFileSync(f, 'utf8')) as any[]) if (doc?.kind === 'CustomResourceDefinition') out.set(doc.metadata.name, doc);
      }
    }
    const sub = path.join(dir, 'charts');
    if (fs.existsSync(sub)) for (const d of fs.readdirSync(sub, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) if (d.isDirectory()) chart(path.join(sub, d.name));
  };
  chart(chartDir);
  return [...out.values()];
}

/** The ClusterRole(s) of an upstream operator's manager, read from its module at the pinned version. */
export function upstreamRules(module: string, files: string[]): Array<{ file: string; rules: any[] }> {
  const pinned = pinnedModules().find((p) => p.module === module);
  if (!pinned) throw new Error(`tools/upstream/go.mod does not pin ${module}`);
  const dir = moduleDir(pinned);
  return files.map((f) => {
    const docs = yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8')) as any[];
    return { file: `${module}@${pinned.version}/${f}`, rules: docs.filter((d) => d?.kind === 'ClusterRole' || d?.kind === 'Role').flatMap((d) => d.rules ?? []) };
  });
}
