#!/usr/bin/env tsx
// npm run bench [-- --runs 7]: wall-clock timings of the everyday commands,
// measured as a user runs them (a fresh process each time), on a scratch copy
// of the repository so the working tree is never touched. Prints one table.
//   synth         all bundled environments, as `npm run synth` runs it
//                 (`node scripts/run.mjs scripts/synth.ts`, bundle cached);
//                 renders everything, writes nothing when dist/ is current
//   synth, 1 env edited   the same after an edit of environments/prod.yaml
//                 (dist/prod/ rewritten and swapped in)
//   synth, cold   the same right after a source file changed (bundle rebuilt)
//   cdk8s synth   the same app through the cdk8s CLI (cdk8s.yaml)
//   check         `npm run check` (render in memory + compare with dist/)
//   diff          `npm run diff` of all environments against HEAD
//   validate      `npm run validate` (every object against its schema)
//   scale N       synth of N generated environments; ms per rendered object
// npm's own start-up (~0.2 s) is left out: it is the same for every command.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH } from './lib/commands';
import { command } from './lib/cli';

const { flags: args } = command(BENCH);
const RUNS = Math.max(5, Number(args.runs ?? 5));
const SCALES = (args.scale as string[]).length ? (args.scale as string[]).map(Number) : [10, 50];
const ROOT = path.resolve(import.meta.dirname, '..');
const node = process.execPath;

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

function time(cwd: string, cmd: string, argv: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - t0;
  if (r.status !== 0 && !(argv.includes('scripts/diff.ts') && r.status === 3)) {
    throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  }
  return ms;
}

interface Row { what: string; median: number; min: number; max: number; note: string }
function measure(what: string, cwd: string, cmd: string, argv: string[], note = ''): Row {
  time(cwd, cmd, argv); // warm-up: tsx's transform cache, page cache
  const samples = Array.from({ length: RUNS }, () => time(cwd, cmd, argv)).sort((a, b) => a - b);
  return { what, median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples[samples.length - 1], note };
}

const countObjects = (dist: string): number =>
  (fs.readdirSync(dist, { recursive: true }) as string[]).filter((f) => f.endsWith('.yaml') && !f.endsWith('kustomization.yaml') && f.split(path.sep).length === 3 && !f.includes(`${path.sep}kairos${path.sep}`)).length;

const dir = scratch();
try {
  const rows: Row[] = [];
  const objects = countObjects(path.join(dir, 'dist'));
  const envs = fs.readdirSync(path.join(dir, 'environments')).filter((f) => f.endsWith('.yaml')).length;
  const run = (script: string, ...rest: string[]) => ['scripts/run.mjs', `scripts/${script}.ts`, ...rest];
  rows.push(measure(`synth (${envs} envs)`, dir, node, run('synth'), `${objects} objects`));
  // Alternate one quota value in prod, so that every run rewrites dist/prod/.
  const prodFile = path.join(dir, 'environments/prod.yaml');
  const prodText = fs.readFileSync(prodFile, 'utf8');
  const edited: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    fs.writeFileSync(prodFile, prodText.replace(/^cluster:/m, `namespaces:\n  mojaloop: {quota: {pods: ${900 + (i % 2)}}}\ncluster:`));
    const ms = time(dir, node, run('synth'));
    if (i > 0) edited.push(ms);
  }
  fs.writeFileSync(prodFile, prodText);
  time(dir, node, run('synth'));
  edited.sort((a, b) => a - b);
  rows.push({ what: 'synth, 1 env edited', median: edited[Math.floor(RUNS / 2)], min: edited[0], max: edited[RUNS - 1], note: 'dist/prod/ rewritten' });
  const touched = path.join(dir, 'charts/app.ts');
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    fs.utimesSync(touched, new Date(), new Date(Date.now() + i * 1000));
    cold.push(time(dir, node, run('synth')));
  }
  cold.sort((a, b) => a - b);
  rows.push({ what: 'synth, cold (after an edit)', median: cold[Math.floor(RUNS / 2)], min: cold[0], max: cold[RUNS - 1], note: 'includes rebuilding the bundle' });
  rows.push(measure('cdk8s synth (CLI)', dir, path.join(dir, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade']));
  rows.push(measure('check', dir, node, run('check')));
  rows.push(measure(`diff (${envs} envs vs HEAD)`, dir, node, run('diff', '--base', 'HEAD')));
  rows.push(measure('validate', dir, node, run('validate')));

  for (const n of SCALES) {
    const s = scratch();
    try {
      const bundled = fs.readdirSync(path.join(s, 'environments')).filter((f) => f.endsWith('.yaml')).sort();
      for (const f of bundled) fs.rmSync(path.join(s, 'environments', f));
      fs.rmSync(path.join(s, 'dist'), { recursive: true, force: true });
      for (let i = 0; i < n; i++) {
        const src = bundled[i % bundled.length];
        const text = fs.readFileSync(path.join(ROOT, 'environments', src), 'utf8');
        fs.writeFileSync(path.join(s, 'environments', `gen-${String(i).padStart(3, '0')}.yaml`), text.replace(/name: mojaloop-[a-z]+/, `name: gen-${i}`));
      }
      const row = measure(`synth (${n} generated envs)`, s, node, ['scripts/run.mjs', 'scripts/synth.ts']);
      const count = countObjects(path.join(s, 'dist'));
      rows.push({ ...row, note: `${count} objects, ${(row.median / count).toFixed(3)} ms/object` });
    } finally {
      fs.rmSync(s, { recursive: true, force: true });
    }
  }

  const synth = rows[0].median;
  const cliRow = rows.find((r) => r.what.startsWith('cdk8s synth'))!;
  cliRow.note = `${(cliRow.median / synth).toFixed(1)}x the direct synth`;
  const fmt = (ms: number) => `${Math.round(ms)}`.padStart(7);
  console.log(`\n${os.cpus().length} cores, node ${process.version}, ${RUNS} runs each after one warm-up; wall-clock ms per run of a fresh process\n`);
  console.log(`${'command'.padEnd(30)} ${'median'.padStart(7)} ${'min'.padStart(7)} ${'max'.padStart(7)}  note`);
  for (const r of rows) console.log(`${r.what.padEnd(30)} ${fmt(r.median)} ${fmt(r.min)} ${fmt(r.max)}  ${r.note}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
