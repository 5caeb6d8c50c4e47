// Results of the real external programs the tests run most (netpol-analyzer,
// promtool test rules, kairos-agent validate), kept across runs. A result is
// reused only under the same key: the sha256 of the program's own bytes (its
// version, exactly), its arguments and standard input, and the names and bytes
// of every file it reads. These programs are deterministic (the same bytes in
// give the same output), so a hit is what the program printed on exactly this
// input; an edited chart, fixture or tool runs the program again. Nothing
// here imitates a program: every entry was written by a real run.
// Kept in $MOJALOOP_GITOPS_CACHE (default ~/.cache/mojaloop-gitops)/results/,
// beside the tools it is keyed on; MOJALOOP_TEST_RESULTS=fresh runs each
// program once per key and test worker, without reading what earlier runs stored.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ProgramResult { status: number; stdout: string; stderr: string }

export const resultsDir = (): string => path.join(process.env.MOJALOOP_GITOPS_CACHE ?? path.join(os.homedir(), '.cache', 'mojaloop-gitops'), 'results');
/** Entries kept per program (least recently used go first). */
const KEEP = 2000;

const programHashes = new Map<string, string>();
/** sha256 of a program's file, once per process (and again if the file changes). */
function programHash(bin: string): string {
  const s = fs.statSync(bin);
  const id = `${bin}\0${s.size}\0${s.mtimeMs}`;
  if (!programHashes.has(id)) programHashes.set(id, createHash('sha256').update(fs.readFileSync(bin)).digest('hex'));
  return programHashes.get(id)!;
}

/** Every file below a directory, by path relative to it (what a program given the directory reads). */
export function filesOf(dir: string): Array<[string, Buffer]> {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d): [string, Buffer] => {
      const p = path.join(d.parentPath, d.name);
      return [path.relative(dir, p), fs.readFileSync(p)];
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The cache key of one run. */
export function resultKey(bin: string, args: string[], inputs: Array<[string, Buffer | string]>, stdin = ''): string {
  const h = createHash('sha256').update(`program ${programHash(bin)}\n`).update(`args ${JSON.stringify(args)}\n`).update(`stdin ${stdin.length}\n`).update(stdin);
  for (const [name, bytes] of inputs) h.update(`\ninput ${JSON.stringify(name)} ${Buffer.byteLength(bytes)}\n`).update(bytes);
  return h.digest('hex');
}

/**
 * Runs `bin args` in `cwd` (spawnSync), or returns the stored result of a run
 * with the same key. `inputs` must name every file the program reads, with
 * its bytes; `args` should name them relative to `cwd`, so that the key (and
 * the output) does not depend on where a temporary directory happens to be.
 */
export function runCached(bin: string, args: string[], opts: { cwd: string; inputs: Array<[string, Buffer | string]>; stdin?: string; timeout?: number }): ProgramResult & { cached: boolean } {
  const key = resultKey(bin, args, opts.inputs, opts.stdin);
  const known = ranHere.get(key);
  if (known) return { ...known, cached: true };
  const r = lookUpOrRun(bin, args, opts, key);
  ranHere.set(key, r);
  return r;
}

/** Results of this process, by key (several tests give a program the same input). */
const ranHere = new Map<string, ProgramResult>();
/** Forgets the results of this process (for the cache's own test: the next lookup reads the disk). */
export const forgetProcessResults = (): void => ranHere.clear();

function lookUpOrRun(bin: string, args: string[], opts: { cwd: string; stdin?: string; timeout?: number }, key: string): ProgramResult & { cached: boolean } {
  const dir = path.join(resultsDir(), path.basename(bin));
  const file = path.join(dir, `${key}.json`);
  if (process.env.MOJALOOP_TEST_RESULTS !== 'fresh' && fs.existsSync(file)) {
    try {
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as ProgramResult;
      const now = new Date();
      fs.utimesSync(file, now, now);
      return { ...stored, cached: true };
    } catch {
      // A torn or unreadable entry: run the program and store it again.
    }
  }
  const r = spawnSync(bin, args, { cwd: opts.cwd, input: opts.stdin, encoding: 'utf8', timeout: opts.timeout ?? 120_000, maxBuffer: 256 << 20 });
  if (r.error) throw new Error(`${bin} could not be run: ${r.error.message}`);
  const result: ProgramResult = { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  // Only complete runs are stored: a run killed by a signal (the timeout) says nothing about the input.
  if (r.status !== null) store(dir, file, result);
  return { ...result, cached: false };
}

function store(dir: string, file: string, result: ProgramResult): void {
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(result));
  fs.renameSync(tmp, file);
  const entries = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (entries.length <= KEEP) return;
  const byAge = entries.map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { f } of byAge.slice(0, entries.length - KEEP)) fs.rmSync(path.join(dir, f), { force: true });
}
