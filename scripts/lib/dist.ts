// Rendering all environments and writing or comparing dist/. Shared by
// scripts/synth.ts, scripts/check.ts and charts/main.ts (the cdk8s CLI entry).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, SHARE_ENV, Worker, workerData } from 'node:worker_threads';
import { ENVIRONMENTS_DIR, environmentSource, loadEnvironment } from '../../charts/environment/load';
import { EnvironmentError, formatIssue } from '../../charts/environment/errors';
import { crossEnvironmentIssues, scanEnvironmentFolder } from '../../charts/environment/folder';
import { resolveEnvironment, type Environment } from '../../charts/environment/environment';
import type { EnvironmentFile } from '../../charts/environment/schema';
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
  /** With `compareWith`: the environments whose files are exactly those of <compareWith>/<env>/. */
  unchanged: Set<string>;
}

export interface RenderOptions {
  /** These environments only (all of the folder by default). */
  only?: string[];
  envDir?: string;
  /**
   * A dist/ folder to compare each environment with, in the thread that
   * rendered it, right after rendering (RenderResult.unchanged): the
   * comparison reads every file back, and is done in parallel so.
   */
  compareWith?: string;
}

/** The environment names of a folder (valid files only). */
export function environmentNames(envDir = ENVIRONMENTS_DIR): string[] {
  return scanEnvironmentFolder(envDir).files.map((f) => path.basename(f, '.yaml'));
}

interface Job { env: Environment; path: string; size: number }

/**
 * What renderAll must render, and the problems found before rendering:
 * misnamed files in environments/, each environment's own errors, and names or
 * endpoints that two environments share (every environment is loaded for
 * that, even when rendering one).
 */
function prepare(opts: { only?: string[]; envDir?: string }): { failed: RenderResult['failed']; jobs: Job[] } {
  const folder = scanEnvironmentFolder(opts.envDir ?? ENVIRONMENTS_DIR);
  const failed: RenderResult['failed'] = folder.issues.map((i) => ({ env: null, message: formatIssue(i) }));
  const names = folder.files.map((f) => path.basename(f, '.yaml'));
  const wanted = (name: string) => !opts.only?.length || opts.only.includes(name);
  for (const n of opts.only ?? []) if (!names.includes(n)) failed.push({ env: n, message: `no environment "${n}": expected one of ${names.join(', ')}` });
  const loaded: Job[] = [];
  for (const file of folder.files) {
    const name = path.basename(file, '.yaml');
    try {
      loaded.push({ env: loadEnvironment(file), path: file, size: fs.statSync(file).size });
    } catch (e) {
      if (wanted(name)) failed.push({ env: name, message: describeError(file, e) });
    }
  }
  const shared = crossEnvironmentIssues(loaded.map((j) => j.env));
  const jobs: Job[] = [];
  for (const job of loaded) {
    if (!wanted(job.env.name)) continue;
    const own = shared.filter((i) => i.file === job.env.file);
    if (own.length > 0) failed.push({ env: job.env.name, message: own.map(formatIssue).join('\n') });
    else jobs.push(job);
  }
  return { failed, jobs };
}

function finish(failed: RenderResult['failed'], rendered: Map<string, RenderedFiles>, order: string[], unchanged: Set<string>): RenderResult {
  const sorted = new Map(order.filter((n) => rendered.has(n)).map((n) => [n, rendered.get(n)!]));
  return { rendered: sorted, failed, errors: failed.map((f) => f.message), unchanged };
}

/** Whether `files` are exactly what <compareWith>/<env>/ holds (false without compareWith). */
const sameAsDist = (compareWith: string | undefined, env: string, files: RenderedFiles) => compareWith !== undefined && sameTree(files, path.join(compareWith, env));

/** Renders the given environments (all of the folder by default), collecting every problem. */
export function renderAll(opts: RenderOptions = {}): RenderResult {
  const { failed, jobs } = prepare(opts);
  const rendered = new Map<string, RenderedFiles>();
  const unchanged = new Set<string>();
  for (const { env } of jobs) {
    try {
      const files = renderEnvironment(env);
      rendered.set(env.name, files);
      if (sameAsDist(opts.compareWith, env.name, files)) unchanged.add(env.name);
    } catch (e) {
      failed.push({ env: env.name, message: describeError(env.file, e) });
    }
  }
  return finish(failed, rendered, jobs.map((j) => j.env.name), unchanged);
}

/**
 * renderAll on every core: rendering is CPU-bound and environments are
 * independent. Worker threads run this same bundle (see the worker branch
 * below). They are started first (by scripts/run.mjs, before this thread
 * loaded the bundle; else here), so that they load the bundle while this
 * thread loads and checks the environment files; then they get each checked
 * environment's data (no file is read or validated twice) and take
 * environments from a shared counter, the largest first, as this thread does.
 * Without a bundle (tests under tsx) or with one environment, it is renderAll.
 */
export async function renderAllParallel(opts: RenderOptions = {}): Promise<RenderResult> {
  // A bundle of scripts/run.mjs: a worker runs it too, through scripts/lib/run-bundle.mjs (its code cache).
  const bundled = /\/\.cache\/bundles\/[^/]+\.js$/.test(import.meta.url);
  // RENDER_WORKERS=0 renders in this thread only (the tests do: vitest already keeps every core busy).
  const cap = process.env.RENDER_WORKERS !== undefined ? Number(process.env.RENDER_WORKERS) : os.availableParallelism() - 1;
  const expected = opts.only?.length ? opts.only.length : environmentNames(opts.envDir).length;
  const wanted = bundled ? Math.max(0, Math.min(expected - 1, cap, 3)) : 0;
  const workers = earlyWorkers(wanted);
  while (workers.length < wanted) workers.push(new Worker(path.join(ROOT, 'scripts/lib/run-bundle.mjs'), { workerData: { bundle: fileURLToPath(import.meta.url), [WORKER]: true }, argv: [], stdout: false, env: SHARE_ENV }));
  const next = new Int32Array(new SharedArrayBuffer(4));
  const { failed, jobs: checked } = prepare(opts);
  // Largest first (the file's length stands for the work): the last to start is then a small one.
  const jobs = [...checked].sort((a, b) => b.size - a.size);
  const rendered = new Map<string, RenderedFiles>();
  const unchanged = new Set<string>();
  const work: WorkItem[] = jobs.map((j) => ({ name: j.env.name, path: j.path, display: j.env.file, source: environmentSource(j.env) }));
  const done = new Set<number>();
  const results = workers.map((worker) => new Promise<void>((resolve) => {
    worker.on('message', (m: { i: number; files?: RenderedFiles; same?: boolean; error?: string }) => {
      done.add(m.i);
      if (m.files) rendered.set(jobs[m.i].env.name, m.files);
      else failed.push({ env: jobs[m.i].env.name, message: m.error! });
      if (m.same) unchanged.add(jobs[m.i].env.name);
    });
    worker.on('error', (e) => { failed.push({ env: null, message: `render worker: ${e.stack ?? e}` }); resolve(); });
    worker.on('exit', () => resolve());
    worker.postMessage({ next, compareWith: opts.compareWith, work: jobs.length > 1 ? work : [] } satisfies WorkerTask);
  }));
  for (let i = Atomics.add(next, 0, 1); i < jobs.length; i = Atomics.add(next, 0, 1)) {
    const { env } = jobs[i];
    done.add(i);
    try {
      const files = renderEnvironment(env);
      rendered.set(env.name, files);
      if (sameAsDist(opts.compareWith, env.name, files)) unchanged.add(env.name);
    } catch (e) {
      failed.push({ env: env.name, message: describeError(env.file, e) });
    }
  }
  await Promise.all(results);
  jobs.forEach((j, i) => { if (!done.has(i)) failed.push({ env: j.env.name, message: `${j.env.file}: a render worker stopped before rendering it` }); });
  return finish(failed, rendered, checked.map((j) => j.env.name), unchanged);
}

const WORKER = 'mojaloop-gitops-render-worker';
interface WorkItem { name: string; path: string; display: string; source: unknown }
interface WorkerTask { next: Int32Array; compareWith?: string; work: WorkItem[] }

/** Where scripts/lib/run-bundle.mjs startRenderWorkers leaves the workers scripts/run.mjs started early. */
const EARLY = Symbol.for('mojaloop-gitops.early-render-workers');

/** Up to `n` of the render workers started early, still running; the others are stopped. */
function earlyWorkers(n: number): Worker[] {
  const g = globalThis as { [EARLY]?: Array<{ worker: Worker; stopped: boolean }> };
  const started = (g[EARLY] ?? []).filter((s) => !s.stopped).map((s) => s.worker);
  delete g[EARLY];
  for (const w of started.slice(n)) void w.terminate();
  return started.slice(0, n).map((w) => { w.ref(); return w; });
}

// The worker side: wait for the checked environments, render what the shared
// counter hands out, report each result, then stay suspended so that the
// entry script's own body (synth, check, diff) never runs in the worker; the
// thread ends once its messages are out.
if (!isMainThread && workerData?.[WORKER]) {
  const { next, compareWith, work } = await new Promise<WorkerTask>((resolve) => parentPort!.once('message', resolve));
  for (let i = Atomics.add(next, 0, 1); i < work.length; i = Atomics.add(next, 0, 1)) {
    const { name, path: file, display, source } = work[i];
    try {
      const files = renderEnvironment(resolveEnvironment(name, display, source as EnvironmentFile));
      parentPort!.postMessage({ i, files, same: sameAsDist(compareWith, name, files) });
    } catch (e) {
      // Issues found while rendering (capacity) are located in the file: that needs the parsed document, so load it here.
      try {
        parentPort!.postMessage({ i, files: renderEnvironment(loadEnvironment(file, display)) });
      } catch (located) {
        parentPort!.postMessage({ i, error: describeError(display, e instanceof EnvironmentError ? located : e) });
      }
    }
  }
  await new Promise(() => {});
}

function describeError(file: string, e: unknown): string {
  return e instanceof EnvironmentError ? e.message : `${path.relative(process.cwd(), file) || file}: ${(e as Error).stack ?? e}`;
}

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
export function writeDist(rendered: Map<string, RenderedFiles>, opts: { dist?: string; prune?: boolean; /** Known to be on disk as rendered (RenderResult.unchanged for this dist). */ unchanged?: Set<string> } = {}): WriteResult {
  const dist = opts.dist ?? DIST;
  fs.mkdirSync(dist, { recursive: true });
  const result: WriteResult = { written: [], unchanged: [], removed: [] };
  for (const [env, files] of rendered) {
    const target = path.join(dist, env);
    if (opts.unchanged?.has(env) || sameTree(files, target)) {
      result.unchanged.push(env);
      continue;
    }
    result.written.push(env);
    const scratch = path.join(dist, `.${env}.new-${process.pid}`);
    const old = path.join(dist, `.${env}.old-${process.pid}`);
    fs.rmSync(scratch, { recursive: true, force: true });
    const made = new Set<string>();
    for (const [rel, content] of files) {
      const p = path.join(scratch, rel);
      const dir = path.dirname(p);
      if (!made.has(dir)) { fs.mkdirSync(dir, { recursive: true }); made.add(dir); }
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

/** A file's text, read into one buffer kept for all (readFileSync allocates one per file and asks its size first). */
let readBuffer: Buffer | undefined;
function readText(file: string): string {
  readBuffer ??= Buffer.allocUnsafe(1 << 20);
  const fd = fs.openSync(file, 'r');
  try {
    const n = fs.readSync(fd, readBuffer, 0, readBuffer.length, 0);
    return n < readBuffer.length ? readBuffer.toString('utf8', 0, n) : fs.readFileSync(file, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Whether dir holds exactly these files with exactly this content; stops at
 * the first difference. Its own walk with plain string paths: listTree's
 * path.relative and path.join per file cost as much as reading the files.
 */
function sameTree(files: RenderedFiles, dir: string): boolean {
  if (!fs.existsSync(dir)) return files.size === 0;
  let seen = 0;
  const walk = (rel: string): boolean => {
    for (const d of fs.readdirSync(rel ? `${dir}/${rel}` : dir, { withFileTypes: true })) {
      const file = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        if (!walk(file)) return false;
      } else if (d.isFile()) {
        const content = files.get(file);
        if (content === undefined || content !== readText(`${dir}/${file}`)) return false;
        seen++;
      }
    }
    return true;
  };
  return walk('') && seen === files.size;
}

export interface Drift { file: string; problem: 'differs' | 'missing' | 'unexpected' }

/**
 * Differences between what the sources render and what dist/ holds.
 * `unchanged`: environments known to be on disk exactly as rendered (RenderResult.unchanged for this dist), not read again.
 */
export function compareDist(rendered: Map<string, RenderedFiles>, dist = DIST, unchanged = new Set<string>()): Drift[] {
  const drift: Drift[] = [];
  const expected = new Map<string, string>();
  for (const [env, files] of rendered) if (!unchanged.has(env)) for (const [rel, content] of files) expected.set(path.join(env, rel), content);
  const top = fs.existsSync(dist) ? (fs.readdirSync(dist, { withFileTypes: true }) as fs.Dirent[]) : [];
  const actual = new Set(top.flatMap((d) => (unchanged.has(d.name) ? [] : d.isDirectory() ? listTree(path.join(dist, d.name)).map((rel) => path.join(d.name, rel)) : d.isFile() ? [d.name] : [])).sort());
  for (const [rel, content] of expected) {
    if (!actual.has(rel)) drift.push({ file: path.join('dist', rel), problem: 'missing' });
    else if (fs.readFileSync(path.join(dist, rel), 'utf8') !== content) drift.push({ file: path.join('dist', rel), problem: 'differs' });
  }
  for (const rel of actual) if (!expected.has(rel)) drift.push({ file: path.join('dist', rel), problem: 'unexpected' });
  return drift.sort((a, b) => a.file.localeCompare(b.file));
}
