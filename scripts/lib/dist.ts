// Rendering all environments and writing or comparing dist/. Shared by
// scripts/synth.ts, scripts/check.ts and charts/main.ts (the cdk8s CLI entry).
import fs from 'node:fs';
import path from 'node:path';
import { ENVIRONMENTS_DIR, loadEnvironment } from '../../charts/environment/load';
import { EnvironmentError, formatIssue } from '../../charts/environment/errors';
import { crossEnvironmentIssues, scanEnvironmentFolder } from '../../charts/environment/folder';
import type { Environment } from '../../charts/environment/environment';
import { jsonSchema } from '../../charts/environment/schema';
import { renderEnvironment, type RenderedFiles } from '../../charts/render';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DIST = path.join(ROOT, 'dist');
export const SCHEMA_FILE = path.join(ROOT, 'environments', 'environment.schema.json');

export const schemaText = (): string => `${JSON.stringify(jsonSchema(), null, 2)}\n`;

export interface RenderResult {
  rendered: Map<string, RenderedFiles>;
  /** One message per problem (several lines for an environment with several issues). */
  errors: string[];
  /** Environments that failed, and why (null: a problem of the folder, not of one environment). */
  failed: Array<{ env: string | null; message: string }>;
}

/** The environment names of a folder (valid files only). */
export function environmentNames(envDir = ENVIRONMENTS_DIR): string[] {
  return scanEnvironmentFolder(envDir).files.map((f) => path.basename(f, '.yaml'));
}

/**
 * Renders the given environments (all of the folder by default). Collects every
 * problem instead of stopping at the first: misnamed files in environments/,
 * each environment's own errors, and names or endpoints that two environments
 * share (every environment is loaded for that, even when rendering one).
 */
export function renderAll(opts: { only?: string[]; envDir?: string } = {}): RenderResult {
  const folder = scanEnvironmentFolder(opts.envDir ?? ENVIRONMENTS_DIR);
  const failed: RenderResult['failed'] = folder.issues.map((i) => ({ env: null, message: formatIssue(i) }));
  const names = folder.files.map((f) => path.basename(f, '.yaml'));
  const wanted = (name: string) => !opts.only?.length || opts.only.includes(name);
  for (const n of opts.only ?? []) if (!names.includes(n)) failed.push({ env: n, message: `no environment "${n}": expected one of ${names.join(', ')}` });
  const loaded: Environment[] = [];
  for (const file of folder.files) {
    const name = path.basename(file, '.yaml');
    try {
      loaded.push(loadEnvironment(file));
    } catch (e) {
      if (wanted(name)) failed.push({ env: name, message: describeError(file, e) });
    }
  }
  const shared = crossEnvironmentIssues(loaded);
  const rendered = new Map<string, RenderedFiles>();
  for (const env of loaded) {
    if (!wanted(env.name)) continue;
    const own = shared.filter((i) => i.file === env.file);
    if (own.length > 0) {
      failed.push({ env: env.name, message: own.map(formatIssue).join('\n') });
      continue;
    }
    try {
      rendered.set(env.name, renderEnvironment(env));
    } catch (e) {
      failed.push({ env: env.name, message: describeError(env.file, e) });
    }
  }
  return { rendered, failed, errors: failed.map((f) => f.message) };
}

const describeError = (file: string, e: unknown): string =>
  e instanceof EnvironmentError ? e.message : `${path.relative(process.cwd(), file) || file}: ${(e as Error).stack ?? e}`;

/** Files below dir, relative, sorted. */
export function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

export interface WriteResult {
  /** Environments whose folder was replaced. */
  written: string[];
  /** Environments that rendered exactly as they are on disk. */
  unchanged: string[];
  /** Folders of dist/ removed because no environment renders them any more. */
  removed: string[];
}

/**
 * Replaces dist/<env>/ for each rendered environment whose files changed:
 * writes into a scratch folder beside it and swaps by rename, so a reader never
 * sees half an environment. An environment that renders exactly as it is on
 * disk is left alone (most runs change one environment, or none). With
 * `prune`, folders of environments that no longer exist go.
 */
export function writeDist(rendered: Map<string, RenderedFiles>, opts: { dist?: string; prune?: boolean } = {}): WriteResult {
  const dist = opts.dist ?? DIST;
  fs.mkdirSync(dist, { recursive: true });
  const result: WriteResult = { written: [], unchanged: [], removed: [] };
  for (const [env, files] of rendered) {
    const target = path.join(dist, env);
    if (sameTree(files, target)) {
      result.unchanged.push(env);
      continue;
    }
    result.written.push(env);
    const scratch = path.join(dist, `.${env}.new-${process.pid}`);
    const old = path.join(dist, `.${env}.old-${process.pid}`);
    fs.rmSync(scratch, { recursive: true, force: true });
    for (const [rel, content] of files) {
      const p = path.join(scratch, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
    }
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(scratch, target);
    fs.rmSync(old, { recursive: true, force: true });
  }
  if (opts.prune) {
    for (const entry of fs.readdirSync(dist).sort()) {
      if (rendered.has(entry)) continue;
      fs.rmSync(path.join(dist, entry), { recursive: true, force: true });
      result.removed.push(`${path.relative(ROOT, dist) || 'dist'}/${entry}`);
    }
  }
  return result;
}

/** Whether dir holds exactly these files with exactly this content. */
function sameTree(files: RenderedFiles, dir: string): boolean {
  const actual = listTree(dir);
  return actual.length === files.size && actual.every((rel) => files.get(rel) === fs.readFileSync(path.join(dir, rel), 'utf8'));
}

export interface Drift { file: string; problem: 'differs' | 'missing' | 'unexpected' }

/** Differences between what the sources render and what dist/ holds. */
export function compareDist(rendered: Map<string, RenderedFiles>, dist = DIST): Drift[] {
  const drift: Drift[] = [];
  const expected = new Map<string, string>();
  for (const [env, files] of rendered) for (const [rel, content] of files) expected.set(path.join(env, rel), content);
  const actual = new Set(listTree(dist));
  for (const [rel, content] of expected) {
    if (!actual.has(rel)) drift.push({ file: path.join('dist', rel), problem: 'missing' });
    else if (fs.readFileSync(path.join(dist, rel), 'utf8') !== content) drift.push({ file: path.join('dist', rel), problem: 'differs' });
  }
  for (const rel of actual) if (!expected.has(rel)) drift.push({ file: path.join('dist', rel), problem: 'unexpected' });
  return drift.sort((a, b) => a.file.localeCompare(b.file));
}
