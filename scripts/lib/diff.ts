// The rendered diff of a merge request: dist/ at a base commit against dist/
// in the working tree, per environment and layer, as objects (identity =
// API group + kind + namespace + name, so a renamed file is no add + remove),
// field changes, image and version changes, and destructive changes.
import path from 'node:path';
import { load } from 'js-yaml';
import { changeRisks, removalRisk, type Destructive } from './destructive';
import { defaultBase, gitText, readGitTree, readWorkTree, resolveCommit, type Tree } from './dist-tree';
import { displayName, isKustomization, locate, objectsOf, type DistObject } from './manifests';
import { diffValues, formatPath, insideText, type FieldChange } from './object-diff';
import { lineDelta } from './text-diff';
import { idlePools, type IdlePool } from './idle-pools';

export type { Destructive } from './destructive';

export interface ObjectChange {
  change: 'added' | 'removed' | 'changed';
  env: string;
  /** The layer the object is in now (or was in, when removed). */
  layer: string;
  /** Set when the object moved from another layer of the environment. */
  fromLayer?: string;
  kind: string;
  namespace: string;
  name: string;
  id: string;
  file: string;
  fields: FieldChange[];
}

export interface FileChange {
  change: 'added' | 'removed' | 'changed';
  env: string;
  layer: string;
  file: string;
  linesAdded: number;
  linesRemoved: number;
  /**
   * What changed inside a changed file: by path for YAML files (alertmanager.yaml,
   * Kairos cloud-configs), else one change of the whole text (path []).
   */
  fields: FieldChange[];
}

export interface ImageChange {
  env: string;
  layer: string;
  /** Image without tag or digest. */
  repository: string;
  from?: string;
  to?: string;
}

export interface VersionChange {
  env: string;
  layer: string;
  object: string;
  path: string;
  from?: unknown;
  to?: unknown;
}

export interface DiffReport {
  base: { ref: string; sha: string };
  head: string;
  objects: ObjectChange[];
  files: FileChange[];
  images: ImageChange[];
  versions: VersionChange[];
  destructive: Destructive[];
  /** Pools whose nodes are left without any workload by the change. */
  idle: IdlePool[];
  /** Environments with at least one change, sorted. */
  environments: string[];
  ms: number;
}

export interface DiffOptions {
  /** Repository root (default: the current one). */
  repo?: string;
  /** A git ref; default: the merge base of HEAD with main. */
  base?: string;
  /** dist/ folder of the head side (default: <repo>/dist). */
  dist?: string;
  /** Only these environments. */
  envs?: string[];
}

interface Side { objects: Map<string, DistObject>; files: Map<string, string> }

/** Parses the files of a tree that differ from the other side (the rest cancels out). */
function parseSide(tree: Tree, other: Tree, envs?: string[]): Side {
  const side: Side = { objects: new Map(), files: new Map() };
  for (const [file, content] of tree) {
    if (other.get(file) === content) continue;
    const { env } = locate(file);
    if (envs?.length && !envs.includes(env)) continue;
    const objs = objectsOf(file, content);
    if (!objs) {
      side.files.set(file, content);
      continue;
    }
    for (const o of objs) {
      const key = `${o.env}\0${o.id}`;
      const prior = side.objects.get(key);
      if (prior) throw new Error(`dist/${file}: ${displayName(o)} is also in dist/${prior.file}`);
      side.objects.set(key, o);
    }
  }
  return side;
}

/**
 * An object can be in an unchanged file on one side and a changed file on the
 * other (moved between files). Those need their counterpart parsed too.
 */
function completeMoves(a: Side, b: Side, treeA: Tree, treeB: Tree): void {
  const fill = (side: Side, tree: Tree, other: Side) => {
    const missing = [...other.objects.keys()].filter((k) => !side.objects.has(k));
    if (missing.length === 0) return;
    const wanted = new Set(missing);
    const envs = new Set(missing.map((k) => k.split('\0')[0]));
    for (const [file, content] of tree) {
      const { env } = locate(file);
      if (!envs.has(env) || side.files.has(file)) continue;
      for (const o of objectsOf(file, content) ?? []) {
        const key = `${o.env}\0${o.id}`;
        if (wanted.has(key) && !side.objects.has(key)) side.objects.set(key, o);
      }
    }
  };
  fill(a, treeA, b);
  fill(b, treeB, a);
}

const stripTag = (image: string): [string, string] => {
  const at = image.indexOf('@');
  if (at >= 0) return [image.slice(0, at), image.slice(at)];
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? [image.slice(0, colon), image.slice(colon + 1)] : [image, 'latest'];
};

function imagesIn(value: unknown, out: string[] = [], key?: string): string[] {
  if (Array.isArray(value)) value.forEach((v) => imagesIn(v, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) imagesIn(v, out, k);
  else if (key === 'image' && typeof value === 'string') out.push(value);
  return out;
}

/** Every `image:` value of a rendered file, without parsing it (the renderer writes one key per line). */
const IMAGE_LINE = /^[ \t]*(?:- )?image: *["']?([^\s"'#]+)/gm;

/** Tags of the given repositories in use in one env/layer folder of a tree. */
function tagsInUse(tree: Tree, folder: string, repositories: Set<string>): Map<string, Set<string>> {
  const tags = new Map<string, Set<string>>();
  for (const [file, content] of tree) {
    if (!file.startsWith(folder) || file.indexOf('/', folder.length) >= 0 || isKustomization(file)) continue;
    for (const m of content.matchAll(IMAGE_LINE)) {
      const [repository, tag] = stripTag(m[1]);
      if (!repositories.has(repository)) continue;
      if (!tags.has(repository)) tags.set(repository, new Set());
      tags.get(repository)!.add(tag);
    }
  }
  return tags;
}

/**
 * Image tags in use per env/layer before and after, for the repositories of
 * the changed objects: a bump is one line; an image only some removed objects
 * used, and others still use, is no line.
 */
function imageChanges(changed: DistObject[], baseTree: Tree, headTree: Tree): ImageChange[] {
  const candidates = new Map<string, Set<string>>();
  for (const o of changed) {
    const folder = `${o.env}/${o.layer ? `${o.layer}/` : ''}`;
    for (const img of imagesIn(o.manifest.spec)) {
      if (!candidates.has(folder)) candidates.set(folder, new Set());
      candidates.get(folder)!.add(stripTag(img)[0]);
    }
  }
  const out: ImageChange[] = [];
  for (const [folder, repositories] of candidates) {
    const before = tagsInUse(baseTree, folder, repositories);
    const after = tagsInUse(headTree, folder, repositories);
    const { env, layer } = locate(`${folder}x`);
    for (const repository of repositories) {
      const from = [...(before.get(repository) ?? [])].sort();
      const to = [...(after.get(repository) ?? [])].sort();
      if (from.join() === to.join()) continue;
      out.push({ env, layer, repository, from: from.length ? from.join(', ') : undefined, to: to.length ? to.join(', ') : undefined });
    }
  }
  return out;
}

/** Version fields of operator custom resources (Prometheus spec.version, Strimzi spec.kafka.version, ...). */
const isVersionField = (c: FieldChange): boolean =>
  c.path[c.path.length - 1] === 'version' && c.path[0] === 'spec' && !insideText(c.path) && (typeof c.old === 'string' || typeof c.new === 'string');

const kustomizationWithoutResources = (content: string): string =>
  content.replace(/^resources:\n(?: *- .*\n)*/m, '');

/** A plain file's changes: YAML by path, other text as a whole. */
function fileFields(file: string, a: string, b: string): FieldChange[] {
  if (/\.ya?ml$/.test(file)) {
    try {
      const pa = load(a);
      const pb = load(b);
      if (pa && pb && typeof pa === 'object' && typeof pb === 'object') {
        const fields = diffValues(pa, pb);
        if (fields.length) return fields;
      }
    } catch {
      // not YAML after all: compared as text
    }
  }
  return [{ path: [], old: a, new: b }];
}

export function diffTrees(baseTree: Tree, headTree: Tree, base: { ref: string; sha: string }, envs?: string[]): DiffReport {
  const started = performance.now();
  const before = parseSide(baseTree, headTree, envs);
  const after = parseSide(headTree, baseTree, envs);
  completeMoves(before, after, baseTree, headTree);

  const objects: ObjectChange[] = [];
  const destructive: Destructive[] = [];
  const versions: VersionChange[] = [];
  const changed: DistObject[] = [];
  for (const key of [...new Set([...before.objects.keys(), ...after.objects.keys()])]) {
    const a = before.objects.get(key);
    const b = after.objects.get(key);
    const o = (b ?? a)!;
    const base = { env: o.env, layer: o.layer, kind: o.kind, namespace: o.namespace, name: o.name, id: o.id, file: o.file };
    if (a && b) {
      const fields = diffValues(a.manifest, b.manifest);
      if (fields.length === 0 && a.layer === b.layer) continue;
      objects.push({ change: 'changed', ...base, ...(a.layer !== b.layer ? { fromLayer: a.layer } : {}), fields });
      for (const reason of changeRisks(a, b, fields)) destructive.push({ env: o.env, layer: o.layer, object: displayName(o), reason });
      for (const f of fields.filter(isVersionField)) versions.push({ env: o.env, layer: o.layer, object: displayName(o), path: formatPath(f.path), from: f.old, to: f.new });
      changed.push(a, b);
    } else if (b) {
      objects.push({ change: 'added', ...base, fields: [] });
      changed.push(b);
    } else if (a) {
      objects.push({ change: 'removed', ...base, fields: [] });
      const reason = removalRisk(a);
      if (reason) destructive.push({ env: o.env, layer: o.layer, object: displayName(o), reason });
      changed.push(a);
    }
  }

  const files: FileChange[] = [];
  for (const file of [...new Set([...before.files.keys(), ...after.files.keys()])]) {
    const a = before.files.get(file);
    const b = after.files.get(file);
    if (a !== undefined && b !== undefined && isKustomization(file) && kustomizationWithoutResources(a) === kustomizationWithoutResources(b)) continue;
    const d = lineDelta(a ?? '', b ?? '');
    const { env, layer } = locate(file);
    files.push({
      change: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed', env, layer, file,
      fields: a !== undefined && b !== undefined ? fileFields(file, a, b) : [],
      linesAdded: b === undefined ? 0 : a === undefined ? b.split('\n').length : d.added,
      linesRemoved: a === undefined ? 0 : b === undefined ? a.split('\n').length : d.removed,
    });
  }

  const order = (x: { env: string; layer: string }, y: { env: string; layer: string }) => x.env.localeCompare(y.env) || x.layer.localeCompare(y.layer);
  const rank = { removed: 0, changed: 1, added: 2 };
  objects.sort((x, y) => order(x, y) || rank[x.change] - rank[y.change] || x.kind.localeCompare(y.kind) || x.namespace.localeCompare(y.namespace) || x.name.localeCompare(y.name));
  files.sort((x, y) => x.file.localeCompare(y.file));
  destructive.sort((x, y) => order(x, y) || x.object.localeCompare(y.object));
  const images = imageChanges(changed, baseTree, headTree).sort((x, y) => order(x, y) || x.repository.localeCompare(y.repository));
  const environments = [...new Set([...objects, ...files].map((c) => c.env))].sort();
  const idle = idlePools(baseTree, headTree, environments);
  return { base, head: 'working tree', objects, files, images, versions, destructive, idle, environments, ms: Math.round(performance.now() - started) };
}

/** Compares dist/ at the base commit with dist/ on disk. */
export function diffDist(opts: DiffOptions = {}): DiffReport {
  const started = performance.now();
  const repo = opts.repo ?? process.cwd();
  const root = resolveRepoRoot(repo);
  const dist = opts.dist ?? path.join(root, 'dist');
  const base = opts.base ? { ref: opts.base, sha: resolveCommitOrThrow(root, opts.base) } : defaultBase(root);
  const rel = path.relative(root, dist).split(path.sep).join('/');
  const baseTree = readGitTree(root, base.sha, rel);
  const headTree = readWorkTree(dist);
  const known = new Set([...baseTree.keys(), ...headTree.keys()].map((f) => f.split('/')[0]));
  const unknown = (opts.envs ?? []).filter((e) => !known.has(e));
  if (unknown.length) throw new UnknownEnvironmentError(`no environment ${unknown.map((e) => `"${e}"`).join(', ')} in dist/ at ${base.ref} or in the working tree: expected one of ${[...known].sort().join(', ')}`);
  const report = diffTrees(baseTree, headTree, base, opts.envs);
  return { ...report, ms: Math.round(performance.now() - started) };
}

/** An --env that names no environment on either side. */
export class UnknownEnvironmentError extends Error {}

function resolveRepoRoot(dir: string): string {
  try {
    return gitText(dir, ['rev-parse', '--show-toplevel']);
  } catch {
    throw new Error(`${dir} is not inside a git repository`);
  }
}

function resolveCommitOrThrow(repo: string, ref: string): string {
  try {
    return resolveCommit(repo, ref);
  } catch {
    throw new Error(`--base ${ref}: not a commit in this repository`);
  }
}

/** True when the report holds a change that can lose data or fail to apply. */
export const isDestructive = (r: DiffReport): boolean => r.destructive.length > 0;
