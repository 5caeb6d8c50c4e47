#!/usr/bin/env tsx
// npm run bench [-- --runs 7 --with-test]: wall-clock timings of the everyday
// commands, measured as a user runs them (a fresh process each time), on a
// scratch copy of the repository so the working tree is never touched. Prints
// one table and whether the speed targets of issue 16 are met.
//   synth         all bundled environments, as `npm run synth` runs it
//                 (its node command line from package.json, bundle cached);
//                 renders everything, writes nothing when dist/ is current
//   synth, 1 env edited   the same after an edit of environments/prod.yaml
//                 (dist/prod/ rewritten and swapped in)
//   synth, cold   the same right after a source file changed (bundle rebuilt)
//   cdk8s synth   the same app through the cdk8s CLI (cdk8s.yaml)
//   check         `npm run check` (render in memory + compare with dist/)
//   diff          `npm run diff` of all environments against HEAD, unchanged
//                 and with one object changed per environment (target: the
//                 diff itself, the report's ms, <= 2 s)
//   validate      `npm run validate` (every object against its schema)
//   scale N       synth of N generated environments; ms per rendered object
//   npm test      (--with-test) one run in this checkout, as CI runs it
// npm's own start-up (~0.2 s) is left out: it is the same for every command.
// Wall-clock time depends on what else the machine runs: every row carries
// the 1-minute load average sampled right after it; compare rows of one run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { BENCH } from './lib/commands';
import { command } from './lib/cli';

const { flags: args } = command(BENCH);
const RUNS = Math.max(5, Number(args.runs ?? 5));
const SCALES = (args.scale as string[]).length ? (args.scale as string[]).map(Number).filter((n) => n > 0) : [10, 50];
const ROOT = path.resolve(import.meta.dirname, '..');
const node = process.execPath;

/** node's arguments for an npm script of package.json ("node <arguments>"): each row runs a command as npm does, without npm. */
function npmScript(name: string): string[] {
  const command = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts[name];
  const [bin, ...args] = command.split(/\s+/);
  if (bin !== 'node') throw new Error(`package.json script ${name} does not start with node: ${command}`);
  return args;
}

/** The speed targets (issue 16, build item 6). */
const TARGET = { synthMs: 800, checkOverSynth: 1.1, diffEditedMs: 2000, testMs: 90_000 };

function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-bench-'));
  for (const e of ['charts', 'environments', 'scripts', 'imports', 'monitoring', 'dist', 'package.json', 'tsconfig.json', 'cdk8s.yaml']) {
    if (fs.existsSync(path.join(ROOT, e))) fs.cpSync(path.join(ROOT, e), path.join(dir, e), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  // A git repository, so that diff has a base to compare with.
  spawnSync('git', ['init', '-q'], { cwd: dir });
  spawnSync('git', ['add', '-A'], { cwd: dir });
  spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', 'commit', '-qm', 'base'], { cwd: dir });
  // Flush the copy to disk first: its write-back would otherwise slow the measured writes.
  spawnSync('sync');
  return dir;
}

/**
 * CPU time of a node command (all its threads), which other work on the
 * machine changes much less than wall-clock time: a preloaded module appends
 * process.cpuUsage() to a file when the process exits.
 */
const cpuDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-bench-cpu-'));
const cpuHook = path.join(cpuDir, 'hook.mjs');
const cpuLog = path.join(cpuDir, 'cpu.log');
fs.writeFileSync(cpuHook, "import fs from 'node:fs';\nprocess.on('exit', () => { const c = process.cpuUsage(); fs.appendFileSync(process.env.BENCH_CPU_LOG, `${(c.user + c.system) / 1000}\\n`); });\n");

/** Wall-clock ms of one run, and its CPU ms for node commands. */
function time(cwd: string, cmd: string, argv: string[]): { ms: number; cpu?: number; stdout: string } {
  const isNode = cmd === node;
  fs.rmSync(cpuLog, { force: true });
  const t0 = performance.now();
  const r = spawnSync(cmd, isNode ? ['--import', cpuHook, ...argv] : argv, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', BENCH_CPU_LOG: cpuLog }, maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && !(argv.includes('scripts/diff.ts') && r.status === 3)) {
    throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  }
  return { ms, cpu: isNode && fs.existsSync(cpuLog) ? Number(fs.readFileSync(cpuLog, 'utf8').trim().split('\n').pop()) : undefined, stdout: r.stdout };
}

interface Row { what: string; median: number; min: number; max: number; cpu?: number; runs: number; load: number; note: string }
const load1 = () => os.loadavg()[0];
const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
function row(what: string, samples: Array<{ ms: number; cpu?: number }>, note = ''): Row {
  const ms = samples.map((x) => x.ms).sort((a, b) => a - b);
  const cpu = samples.flatMap((x) => (x.cpu === undefined ? [] : [x.cpu]));
  return { what, median: medianOf(ms), min: ms[0], max: ms[ms.length - 1], cpu: cpu.length ? medianOf(cpu) : undefined, runs: ms.length, load: load1(), note };
}
function measure(what: string, cwd: string, cmd: string, argv: string[], note = ''): Row {
  time(cwd, cmd, argv); // warm-up: the bundle, the validator cache, the page cache
  return row(what, Array.from({ length: RUNS }, () => time(cwd, cmd, argv)), note);
}

const countObjects = (dist: string): number =>
  (fs.readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml') && f.split(path.sep).length === 3 && !f.includes(`${path.sep}kairos${path.sep}`)).length;

/**
 * The n-th copy of a bundled environment: cluster name, API endpoint and node
 * names made its own (synth refuses environments that share them).
 */
function generated(text: string, i: number): string {
  const doc = parseDocument(text.replace(/\bmojaloop-(dev|test|staging|prod)\b/g, `gen-${i}`));
  for (const group of (doc.get('pools') as YAMLMap<unknown, YAMLMap>).items) {
    for (const n of (group.value!.get('nodes') as YAMLSeq<YAMLMap>).items) n.set('name', `g${i}-${n.get('name')}`);
  }
  return doc.toString();
}

const started = new Date();
const loadBefore = os.loadavg();
const dir = scratch();
const rows: Row[] = [];
let envs = 0;
let diffOwnMs = 0;
try {
  const objects = countObjects(path.join(dir, 'dist'));
  envs = fs.readdirSync(path.join(dir, 'environments')).filter((f) => f.endsWith('.yaml')).length;
  const run = (script: string, ...rest: string[]) => [...npmScript(script), ...rest];
  // synth and check alternate, so that both see the same load: the target compares them.
  time(dir, node, run('synth'));
  time(dir, node, run('check'));
  const pair = { synth: [] as Array<{ ms: number; cpu?: number }>, check: [] as Array<{ ms: number; cpu?: number }> };
  for (let i = 0; i < RUNS; i++) {
    pair.synth.push(time(dir, node, run('synth')));
    pair.check.push(time(dir, node, run('check')));
  }
  rows.push(row(`synth (${envs} envs)`, pair.synth, `${objects} objects`));
  const checkRow = row('check', pair.check, 'runs alternate with the synth row');
  // Alternate one quota value in prod, so that every run rewrites dist/prod/.
  const prodFile = path.join(dir, 'environments/prod.yaml');
  const prodText = fs.readFileSync(prodFile, 'utf8');
  const edited: Array<{ ms: number; cpu?: number }> = [];
  for (let i = 0; i <= RUNS; i++) {
    fs.writeFileSync(prodFile, prodText.replace(/^cluster:/m, `namespaces:\n  mojaloop: {quota: {pods: ${900 + (i % 2)}}}\ncluster:`));
    const ms = time(dir, node, run('synth'));
    if (i > 0) edited.push(ms);
  }
  fs.writeFileSync(prodFile, prodText);
  time(dir, node, run('synth'));
  rows.push(row('synth, 1 env edited', edited, 'dist/prod/ rewritten'));
  const touched = path.join(dir, 'charts/app.ts');
  const cold: Array<{ ms: number; cpu?: number }> = [];
  for (let i = 0; i < RUNS; i++) {
    fs.utimesSync(touched, new Date(), new Date(Date.now() + i * 1000));
    cold.push(time(dir, node, run('synth')));
  }
  rows.push(row('synth, cold (after an edit)', cold, 'includes rebuilding the bundle'));
  rows.push(measure('cdk8s synth (CLI)', dir, path.join(dir, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade']));
  rows.push(checkRow);
  rows.push(measure(`diff (${envs} envs vs HEAD)`, dir, node, run('diff', '--base', 'HEAD')));
  // One object changed in each environment (its mojaloop quota), re-synthesised: diff parses
  // only the files that differ (was a timing assertion in test/review-diff.test.ts).
  const envFiles = fs.readdirSync(path.join(dir, 'environments')).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, 'environments', f));
  for (const f of envFiles) fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/^cluster:/m, 'namespaces:\n  mojaloop: {quota: {pods: 901}}\ncluster:'));
  time(dir, node, run('synth'));
  time(dir, node, run('diff', '--base', 'HEAD', '--json'));
  const changed = Array.from({ length: RUNS }, () => time(dir, node, run('diff', '--base', 'HEAD', '--json')));
  // The diff itself (the report's ms: git tree, parse, compare), without the process start and the stale check's render.
  diffOwnMs = medianOf(changed.map((c) => (JSON.parse(c.stdout) as { ms: number }).ms));
  rows.push(row(`diff, ${envFiles.length} objects changed`, changed, `one ResourceQuota per environment; the diff itself ${diffOwnMs} ms`));
  spawnSync('git', ['checkout', '-q', '--', 'environments', 'dist'], { cwd: dir });
  rows.push(measure('validate', dir, node, run('validate')));

  for (const n of SCALES) {
    const s = scratch();
    try {
      const bundled = fs.readdirSync(path.join(s, 'environments')).filter((f) => f.endsWith('.yaml')).sort();
      for (const f of bundled) fs.rmSync(path.join(s, 'environments', f));
      fs.rmSync(path.join(s, 'dist'), { recursive: true, force: true });
      for (let i = 0; i < n; i++) {
        const src = bundled[i % bundled.length];
        fs.writeFileSync(path.join(s, 'environments', `gen-${String(i).padStart(3, '0')}.yaml`), generated(fs.readFileSync(path.join(ROOT, 'environments', src), 'utf8'), i));
      }
      const r = measure(`synth (${n} generated envs)`, s, node, npmScript('synth'));
      const count = countObjects(path.join(s, 'dist'));
      rows.push({ ...r, note: `${count} objects, ${(r.median / count).toFixed(3)} ms/object` });
    } finally {
      fs.rmSync(s, { recursive: true, force: true });
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

let test: { ms: number; ok: boolean; load: number } | undefined;
const testLog = path.join(os.tmpdir(), 'gitops-bench-npm-test.log');
if (args['with-test']) {
  const t0 = performance.now();
  const r = spawnSync('npm', ['test'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024 });
  test = { ms: performance.now() - t0, ok: r.status === 0, load: load1() };
  fs.writeFileSync(testLog, `${r.stdout}${r.stderr}`);
  const summary = /^[0-9]+ passed, [0-9]+ failed.*$/m.exec(r.stdout)?.[0];
  rows.push({ what: 'npm test', median: test.ms, min: test.ms, max: test.ms, runs: 1, load: test.load, note: `${test.ok ? summary ?? 'passed' : `FAILED (exit ${r.status}${summary ? `; ${summary}` : ''})`}; output in ${testLog}` });
}
fs.rmSync(cpuDir, { recursive: true, force: true });

const synth = rows[0];
const check = rows.find((r) => r.what === 'check')!;
const cliRow = rows.find((r) => r.what.startsWith('cdk8s synth'))!;
cliRow.note = `${(cliRow.median / synth.median).toFixed(1)}x the direct synth`;
const fmt = (ms: number) => `${Math.round(ms)}`.padStart(7);
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`\n${started.toISOString()}: ${os.availableParallelism()} cores (${cpu}), node ${process.version}; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`${RUNS} runs each after one warm-up (npm test: one run); wall-clock ms per run of a fresh process; cpu: median CPU ms of the process, all threads; load: 1-minute load average after the row\n`);
console.log(`${'command'.padEnd(30)} ${'median'.padStart(7)} ${'min'.padStart(7)} ${'max'.padStart(7)} ${'cpu'.padStart(7)} ${'load'.padStart(6)}  note`);
for (const r of rows) console.log(`${r.what.padEnd(30)} ${fmt(r.median)} ${fmt(r.min)} ${fmt(r.max)} ${r.cpu === undefined ? '      -' : fmt(r.cpu)} ${r.load.toFixed(2).padStart(6)}  ${r.note}`);

const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured (--with-test)' : ok ? 'met' : 'NOT met');
const targets = [
  [`synth of the ${envs} bundled environments <= ${TARGET.synthMs} ms (median)`, `${Math.round(synth.median)} ms`, verdict(synth.median <= TARGET.synthMs)],
  [`check <= synth + ${Math.round((TARGET.checkOverSynth - 1) * 100)} %`, `${Math.round(check.median)} ms = ${((check.median / synth.median - 1) * 100).toFixed(0)} % over synth`, verdict(check.median <= synth.median * TARGET.checkOverSynth)],
  [`diff itself, 1 object changed per env <= ${TARGET.diffEditedMs} ms`, `${diffOwnMs} ms`, verdict(diffOwnMs <= TARGET.diffEditedMs)],
  [`npm test <= ${TARGET.testMs / 1000} s`, test ? `${(test.ms / 1000).toFixed(1)} s${test.ok ? '' : ' (failed)'}` : '-', verdict(test ? test.ok && test.ms <= TARGET.testMs : undefined)],
];
console.log('\ntargets:');
for (const [what, got, v] of targets) console.log(`  ${what.padEnd(52)} ${got.padEnd(28)} ${v}`);
const busy = Math.max(...rows.map((r) => r.load)) > os.availableParallelism();
if (busy) console.log(`\nThe load average exceeded the ${os.availableParallelism()} cores during the run: other work shared the CPU, so these times are longer than on an idle machine.`);
