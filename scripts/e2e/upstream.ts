// Upstream sources at the versions dist/ pins, from the Go module proxy
// (tools/upstream/go.mod, verified by go.sum): their CRDs, and the RBAC roles
// their operators need. dist/ and tools/upstream/go.mod must agree on every
// version; a mismatch is an error, so the test never proves a version we do
// not deploy.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const root = path.resolve(import.meta.dirname, '../..');
const toolsDir = path.join(root, 'tools', 'upstream');

interface Pinned { module: string; version: string }

function pinnedModules(): Pinned[] {
  const text = fs.readFileSync(path.join(toolsDir, 'go.mod'), 'utf8');
  return [...text.matchAll(/^\s+(\S+)\s+(v\S+)\s*$/gm)].map((m) => ({ module: m[1], version: m[2] }));
}

/** github.com/<owner>/<repo> of a source URL (https or ssh), lower-cased. */
const repoOf = (url: string): string => url.replace(/^(https?:\/\/|ssh:\/\/git@|git@)/, '').replace(':', '/').replace(/\.git$/, '').toLowerCase();

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
export function upstreamCheckout(url: string, ref: string): UpstreamCheckout | undefined {
  const repo = repoOf(url);
  const pinned = pinnedModules().find((p) => p.module.toLowerCase().replace(/\/v\d+$/, '') === repo);
  if (pinned) {
    if (pinned.version !== ref && pinned.version !== `v${ref}`) {
      throw new Error(`dist/ pins ${repo} at ${ref}, tools/upstream/go.mod at ${pinned.version}: make them agree`);
    }
    return { dir: moduleDir(pinned), origin: `Go module ${pinned.module}@${pinned.version}` };
  }
  const shared = sharedCrds(repo, ref);
  return shared ? { dir: shared, origin: `../shared/crds (no registry serves ${repo} ${ref})` } : undefined;
}

/** ../shared/crds folder names (see its SOURCES.md). */
const SHARED_FOLDERS: Record<string, (ref: string) => string> = {
  'github.com/percona/percona-xtradb-cluster-operator': (t) => `percona-xtradb-cluster-operator-${t}`,
  'github.com/ot-container-kit/redis-operator': (t) => `redis-operator-${t}`,
  'github.com/strimzi/strimzi-kafka-operator': (t) => `strimzi-${t.replace(/^v/, '')}`,
  'strimzi.io/charts': (t) => `strimzi-${t.replace(/^v/, '')}`,
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
