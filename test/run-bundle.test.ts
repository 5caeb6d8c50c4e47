// scripts/lib/run-bundle.mjs: a bundle runs as one async function with Node's
// require, its URL and an import(); the first run writes a V8 code cache that
// the next run uses; a cache V8 refuses is written again; and the bundles
// scripts/run.mjs builds are such scripts (no import or export statement).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const LOADER = pathToFileURL(path.join(ROOT, 'scripts/lib/run-bundle.mjs')).href;

/** Runs `file` through runBundle in a fresh node; its stdout, and what became of the cache. */
function run(file: string): { out: string; cache: string } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const { runBundle } = await import(${JSON.stringify(LOADER)}); process.stderr.write('cache=' + await runBundle(${JSON.stringify(file)}));`], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return { out: r.stdout, cache: /cache=(\w+)/.exec(r.stderr)?.[1] ?? r.stderr };
}

describe('run-bundle', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-bundle-'));
  const file = path.join(dir, 'b.js');
  fs.writeFileSync(file, `(async function (__nodeRequire, __bundleUrl, __import) {
  "use strict";
  const os = __nodeRequire('node:os');
  const { sep } = await __import('node:path');
  const twice = (x) => x * 2;
  console.log(JSON.stringify({ url: __bundleUrl, eol: os.EOL === '\\n', sep, value: twice(21) }));
})`);

  it('runs the script with require, its URL and import(), and caches its code from the second run on', () => {
    const first = run(file);
    expect(JSON.parse(first.out)).toEqual({ url: pathToFileURL(file).href, eol: true, sep: '/', value: 42 });
    expect(first.cache).toBe('none');
    expect(fs.existsSync(`${file}.v8cache`)).toBe(true);
    expect(run(file)).toEqual({ out: first.out, cache: 'used' });
  });

  it('a cache V8 refuses is replaced', () => {
    fs.writeFileSync(`${file}.v8cache`, 'not a code cache');
    expect(run(file).cache).toBe('rejected');
    expect(run(file).cache).toBe('used');
    // The same cache for another source is refused too.
    fs.appendFileSync(file, '\n');
    expect(run(file).cache).toBe('rejected');
  });

  it('an early render worker that nothing takes does not keep the process alive', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const { startRenderWorkers } = await import(${JSON.stringify(LOADER)}); startRenderWorkers(${JSON.stringify(file)}, 1); console.log(Object.getOwnPropertySymbols(globalThis).map(String).join());`], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Symbol(mojaloop-gitops.early-render-workers)');
  });

  it('check with one render worker starts exactly one worker thread: the early one renders', () => {
    // Counts the Worker threads a process starts (the bundle and run-bundle.mjs get Node's module, patched here).
    const preload = path.join(dir, 'count-workers.mjs');
    fs.writeFileSync(preload, `import { createRequire, syncBuiltinESMExports } from 'node:module';
const wt = createRequire(import.meta.url)('node:worker_threads');
let started = 0;
const Original = wt.Worker;
wt.Worker = class extends Original { constructor(...a) { super(...a); started++; } };
syncBuiltinESMExports();
process.on('exit', () => process.stderr.write('workers=' + started + '\\n'));
`);
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(preload).href, 'scripts/run.mjs', 'scripts/check.ts'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, RENDER_WORKERS: '1' } });
    expect(r.stderr).toMatch(/workers=1\n/);
  }, 120_000);

  it('the scripts that start render workers early are the ones that render every environment in parallel', () => {
    const run = fs.readFileSync(path.join(ROOT, 'scripts/run.mjs'), 'utf8');
    const early = JSON.parse(/RENDERS_IN_PARALLEL = (\[[^\]]*\])/.exec(run)![1].replace(/'/g, '"')) as string[];
    const parallel = fs.readdirSync(path.join(ROOT, 'scripts')).filter((f) => f.endsWith('.ts') && /renderAllParallel\((?!\{ only: \[)/.test(fs.readFileSync(path.join(ROOT, 'scripts', f), 'utf8'))).map((f) => `scripts/${f}`);
    expect(early.sort()).toEqual(parallel.sort());
  });

  it('the bundles of scripts/run.mjs are scripts of that form', () => {
    const bundles = fs.existsSync(path.join(ROOT, '.cache/bundles')) ? fs.readdirSync(path.join(ROOT, '.cache/bundles')).filter((f) => f.endsWith('.js')) : [];
    for (const f of bundles) {
      const text = fs.readFileSync(path.join(ROOT, '.cache/bundles', f), 'utf8');
      expect(text.startsWith('(async function (__nodeRequire, __bundleUrl, __import) {'), f).toBe(true);
      expect(text.match(/^(import|export) .*$/m), f).toBeNull();
      expect(text.includes('import.meta'), f).toBe(false);
    }
  });
});
