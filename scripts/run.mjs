#!/usr/bin/env node
// node scripts/run.mjs <file.ts> [args...]: runs a TypeScript entry point of
// this repository from a cached esbuild bundle.
//
// Why: loaded module by module through tsx, the generator spends most of its
// time in the loader (hundreds of small modules: TypeBox, the CRD bindings,
// cdk8s), not in rendering. One bundle per entry point, rebuilt only when a
// source file changes, keeps `npm run synth` and `npm run check` fast.
// The cache key is every source file's path (relative to the repository),
// size and mtime (like make), so an edit, a checkout or a new file rebuilds;
// the bundle lives in .cache/ (git-ignored) beside the sources it was built
// from and finds them relative to itself, so a copy of the repository that
// keeps timestamps (the tests' scratch copies) reuses it. The bundle is a
// classic script that scripts/lib/run-bundle.mjs runs with a V8 code cache.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtinModules } from 'node:module';
import v8 from 'node:v8';
import { fasterConverters, HELPER, isBinding } from './lib/l1-converters.mjs';
import { runBundle, startRenderWorkers } from './lib/run-bundle.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCES = ['charts', 'monitoring', 'scripts', 'imports'];
const CACHE = path.join(ROOT, '.cache', 'bundles');

const [entryArg, ...args] = process.argv.slice(2);
if (!entryArg) {
  console.error('usage: node scripts/run.mjs <file.ts> [args...]');
  process.exit(2);
}
const entry = path.resolve(ROOT, entryArg);

// Every run pays for this walk, before anything else: plain string paths and one hash
// update (path.join, path.relative and localeCompare per file were most of its cost).
function fingerprint() {
  let text = process.version;
  const walk = (rel) => {
    const entries = fs.readdirSync(`${ROOT}/${rel}`, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const d of entries) {
      const file = `${rel}/${d.name}`;
      if (d.isDirectory()) walk(file);
      else if (/\.(ts|mts|js|mjs|json)$/.test(d.name)) {
        const s = fs.statSync(`${ROOT}/${file}`);
        text += `\n${file}\0${s.size}\0${Math.floor(s.mtimeMs)}`;
      }
    }
  };
  for (const dir of SOURCES) if (fs.existsSync(`${ROOT}/${dir}`)) walk(dir);
  for (const f of ['package-lock.json', 'tsconfig.json']) {
    if (fs.existsSync(`${ROOT}/${f}`)) text += `\n${f}\0${Math.floor(fs.statSync(`${ROOT}/${f}`).mtimeMs)}`;
  }
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * import() of a path known only when running (scripts/lib/validate.ts loads
 * kubernetes-models classes so): esbuild leaves it as it is, and a script may
 * not call it, so it calls the loader's. An import() of a literal is bundled;
 * import('x').T in a type names a literal too.
 */
const DYNAMIC_IMPORT = /(?<![\w$.])import\((?!\s*['"`])/g;

const name = path.relative(ROOT, entry).replace(/[^A-Za-z0-9]+/g, '_');
const bundle = path.join(CACHE, `${name}-${fingerprint()}.js`);

if (!fs.existsSync(bundle)) {
  const { build } = await import('esbuild');
  fs.mkdirSync(CACHE, { recursive: true });
  const tmp = `${bundle}.${process.pid}.tmp`;
  await build({
    // The entry point imported, not built itself: a script's exports (diff.ts has some) would be the bundle's.
    stdin: { contents: `import ${JSON.stringify(`./${path.relative(ROOT, entry).split(path.sep).join('/')}`)};`, resolveDir: ROOT, sourcefile: 'entry.ts', loader: 'ts' },
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    logLevel: 'error',
    // A third less to read and hash in every thread of every run; names stay
    // (no renaming), so stack traces and class names read as in the sources.
    minifyWhitespace: true,
    // A classic script for scripts/lib/run-bundle.mjs (its V8 code cache): one
    // async function of Node's require, the bundle's URL, which stands for
    // import.meta.url, and the loader's import() (see DYNAMIC_IMPORT). The
    // generated L1 bindings' converters call HELPER (scripts/lib/l1-converters.mjs).
    // CommonJS dependencies (cdk8s, constructs) call require(). The repository
    // root, from the bundle's own place (.cache/bundles/ under it).
    banner: { js: `(async function (__nodeRequire, __bundleUrl, __import) {\n"use strict";\n${HELPER}\nconst require = __nodeRequire;\nconst __repoRoot = __nodeRequire('node:url').fileURLToPath(new URL('../../', __bundleUrl));` },
    footer: { js: '})' },
    define: { 'import.meta.url': '__bundleUrl' },
    plugins: [{
      // CommonJS packages that many of our modules import: esbuild gives each
      // importing module its own copy of the package's exports (__toESM, a
      // property per export), so they are imported once, by one ES module that
      // re-exports them. Of cdk8s-plus-27 the sources import only its k8s
      // bindings (a build error names any other import): its L2 constructs are
      // not loaded at all.
      name: 'shared-commonjs',
      setup(b) {
        const FACADES = { 'cdk8s': 'export * from "cdk8s";', 'constructs': 'export * from "constructs";', 'cdk8s-plus-27': 'export * as k8s from "cdk8s-plus-27/lib/imports/k8s.js";' };
        b.onResolve({ filter: /^(cdk8s|constructs|cdk8s-plus-27)$/ }, (a) => (a.namespace === 'shared-commonjs' || a.importer.includes('/node_modules/') ? undefined : { path: a.path, namespace: 'shared-commonjs' }));
        b.onLoad({ filter: /.*/, namespace: 'shared-commonjs' }, (a) => ({ contents: FACADES[a.path], loader: 'js', resolveDir: ROOT }));
      },
    }, {
      // Node's own modules come from Node's require: a script has no import statements.
      name: 'node-builtins',
      setup(b) {
        b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (a) => (builtinModules.includes(a.path.replace(/^node:/, '')) ? { path: a.path, namespace: 'node-builtin' } : undefined));
        b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (a) => ({ contents: `module.exports = __nodeRequire(${JSON.stringify(a.path)});`, loader: 'js' }));
      },
    }, {
      // Sources locate files next to themselves (environments/, generated JSON):
      // give each source file its own directory, not the bundle's.
      name: 'source-dirname',
      setup(b) {
        b.onLoad({ filter: /\.(ts|mts)$/ }, async (a) => {
          const source = (await fs.promises.readFile(a.path, 'utf8'))
            .replaceAll('import.meta.dirname', `(__repoRoot + ${JSON.stringify(path.relative(ROOT, path.dirname(a.path)).split(path.sep).join('/'))})`)
            .replace(DYNAMIC_IMPORT, '__import(');
          return { contents: isBinding(path.relative(ROOT, a.path)) ? fasterConverters(source) : source, loader: 'ts' };
        });
      },
    }, {
      // The generated L1 bindings of node_modules (see scripts/lib/l1-converters.mjs).
      name: 'l1-converters',
      setup(b) {
        b.onLoad({ filter: /\/lib\/imports\/k8s\.js$/ }, async (a) => (isBinding(path.relative(ROOT, a.path)) ? { contents: fasterConverters(await fs.promises.readFile(a.path, 'utf8')), loader: 'js' } : undefined));
      },
    }],
  });
  fs.renameSync(tmp, bundle);
  // Keep only the newest bundle of this entry point (and its code cache).
  for (const f of fs.readdirSync(CACHE)) {
    if (f.startsWith(`${name}-`) && !path.join(CACHE, f).startsWith(bundle)) fs.rmSync(path.join(CACHE, f), { force: true });
  }
}

/**
 * The heap sized for a render. A young generation of 32 MB from the start:
 * V8 starts it at 1 MB and grows it slowly, and a render allocates hundreds of
 * MB, most of it short-lived. In a one-thread synth (V8's --trace-gc) the
 * scavenger ran about 20 times (90-140 ms) with the defaults, 5 or 6 times
 * (40-45 ms) with this; 64 MB scavenged twice but added 30-60 MB to the
 * process and its CPU time was no lower (a nursery that fits the caches less).
 * An old generation that starts at 128 MB: what survives a render (20-25 MB)
 * then no longer sets off a full mark-compact near its end (10-20 ms in each
 * thread). Set here, the flags reach the render workers (V8 reads them when it
 * makes their heaps); the main thread's heap exists already, so package.json
 * gives node the same flags for synth, check and diff. Same values either
 * way: V8 keys the bundle's code cache by its flags.
 */
for (const flag of ['--min-semi-space-size=32', '--max-semi-space-size=32', '--initial-old-space-size=128']) v8.setFlagsFromString(flag);

/**
 * TurboFan later. V8 optimises a function once it has run an interrupt
 * budget's worth of bytecode (67,584 by default). A run of these scripts is
 * short: most functions run a few dozen times, and TurboFan's compile jobs on
 * background threads competed with the render threads for the two cores.
 * Alternated runs (15 each, same machine): synth median 720-800 -> 550-620 ms
 * and CPU 1.24 -> 0.9-1.0 s with four times the budget; check and diff gain as
 * much, validate (ajv's loops, which need TurboFan) is unchanged. With no
 * TurboFan at all (--no-opt) synth was as fast but validate 50 % slower; 24
 * generated environments still render faster than with the default. Set
 * before the bundle compiles (the code cache is keyed by the flags), it
 * applies to this thread and the render workers alike.
 */
v8.setFlagsFromString('--interrupt-budget=270336');

/**
 * The scripts that render every environment with render workers
 * (scripts/lib/dist.ts renderAllParallel): their workers start now, before
 * this thread loads the bundle. As many as renderAllParallel would start
 * (RENDER_WORKERS, else one per other core, at most 3).
 */
const RENDERS_IN_PARALLEL = ['scripts/synth.ts', 'scripts/check.ts', 'scripts/diff.ts'];
if (RENDERS_IN_PARALLEL.includes(path.relative(ROOT, entry).split(path.sep).join('/'))) {
  const cap = process.env.RENDER_WORKERS !== undefined ? Number(process.env.RENDER_WORKERS) : os.availableParallelism() - 1;
  if (cap > 0) startRenderWorkers(bundle, Math.min(cap, 3));
}

process.argv = [process.argv[0], entry, ...args];
await runBundle(bundle);
