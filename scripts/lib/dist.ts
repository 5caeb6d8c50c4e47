// Rendering all environments and writing or comparing dist/. Shared by
// scripts/synth.ts, scripts/check.ts and charts/main.ts (the cdk8s CLI entry).
import fs from 'node:fs';
import path from 'node:path';
import { listEnvironmentFiles, loadEnvironment } from '../../charts/environment/load';
import { EnvironmentError } from '../../charts/environment/errors';
import { jsonSchema } from '../../charts/environment/schema';
import { renderEnvironment, type RenderedFiles } from '../../charts/render';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DIST = path.join(ROOT, 'dist');
export const SCHEMA_FILE = path.join(ROOT, 'environments', 'environment.schema.json');

export const schemaText = (): string => `${JSON.stringify(jsonSchema(), null, 2)}\n`;

export interface RenderResult { rendered: Map<string, RenderedFiles>; errors: string[] }

/**
 * Renders the given environments (all bundled ones by default). Collects every
 * environment's errors instead of stopping at the first.
 */
export function renderAll(opts: { only?: string[]; envDir?: string } = {}): RenderResult {
  const files = listEnvironmentFiles(opts.envDir);
  const names = files.map((f) => path.basename(f, '.yaml'));
  const unknown = (opts.only ?? []).filter((n) => !names.includes(n));
  if (unknown.length) return { rendered: new Map(), errors: unknown.map((n) => `no environment "${n}": expected one of ${names.join(', ')}`) };
  const rendered = new Map<string, RenderedFiles>();
  const errors: string[] = [];
  for (const file of files) {
    const name = path.basename(file, '.yaml');
    if (opts.only?.length && !opts.only.includes(name)) continue;
    try {
      rendered.set(name, renderEnvironment(loadEnvironment(file)));
    } catch (e) {
      errors.push(e instanceof EnvironmentError ? e.message : `${path.relative(process.cwd(), file)}: ${(e as Error).stack ?? e}`);
    }
  }
  return { rendered, errors };
}

/** Files below dir, relative, sorted. */
export function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}

/**
 * Replaces dist/<env>/ for each rendered environment whose files changed:
 * writes into a scratch folder beside it and swaps by rename, so a reader never
 * sees half an environment. An environment that renders exactly as it is on
 * disk is left alone (most runs change one environment, or none). With
 * `prune`, folders of environments that no longer exist go. Returns the
 * environments written.
 */
export function writeDist(rendered: Map<string, RenderedFiles>, opts: { dist?: string; prune?: boolean } = {}): string[] {
  const dist = opts.dist ?? DIST;
  fs.mkdirSync(dist, { recursive: true });
  const written: string[] = [];
  for (const [env, files] of rendered) {
    const target = path.join(dist, env);
    if (sameTree(files, target)) continue;
    written.push(env);
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
    for (const entry of fs.readdirSync(dist)) {
      if (!rendered.has(entry)) fs.rmSync(path.join(dist, entry), { recursive: true, force: true });
    }
  }
  return written;
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
