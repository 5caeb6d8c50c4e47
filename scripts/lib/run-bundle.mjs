// Runs a bundle that scripts/run.mjs built, with a V8 code cache: in the main
// thread (run.mjs) and in the render workers (scripts/lib/dist.ts starts this
// file as a worker with workerData.bundle).
//
// Why: compiling the bundle (4 MB) and then each function it calls on first
// use was a quarter of `npm run synth`'s CPU, in every thread. Node 20 has no
// compile cache for ES modules (module.enableCompileCache is Node 22), so the
// bundle is a classic script, one async function (top-level await still
// works), compiled by vm.Script with cachedData: V8 then deserialises the
// functions' bytecode instead of parsing. The cache is written once, at the
// end of a run without one (createCachedData then holds every function that
// run compiled), beside the bundle as <bundle>.v8cache; V8 itself refuses a
// cache that does not match its version, flags or the source (then it is
// written again).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { isMainThread, Worker, workerData } from 'node:worker_threads';

/**
 * Runs the bundle; resolves when its top level has (it may stay suspended, as
 * the render workers do), with what became of the code cache.
 * @returns {Promise<'used' | 'none' | 'rejected'>}
 */
export async function runBundle(file) {
  const cacheFile = `${file}.v8cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // No cache yet.
  }
  const script = new vm.Script(fs.readFileSync(file, 'utf8'), {
    filename: file,
    cachedData,
  });
  const cache = !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  if (isMainThread && cache !== 'used') {
    process.once('exit', () => {
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // A read-only checkout: compile every time.
      }
    });
  }
  // The bundle is `(async function (__nodeRequire, __bundleUrl, __import) { ... })` (scripts/run.mjs).
  // A script's own import() would need vm's experimental module API: the bundle calls this module's.
  await script.runInThisContext()(createRequire(file), pathToFileURL(file).href, (specifier) => import(specifier));
  return cache;
}

/** Where startRenderWorkers leaves its workers for scripts/lib/dist.ts renderAllParallel. */
const EARLY = Symbol.for('mojaloop-gitops.early-render-workers');

/**
 * Starts render workers for scripts/lib/dist.ts before the main thread loads
 * the bundle, so that they load it at the same time (a worker takes as long
 * to start as the main thread). renderAllParallel takes them; one it does not
 * need is stopped, and none keeps the process alive (unref).
 */
export function startRenderWorkers(file, count) {
  globalThis[EARLY] = Array.from({ length: count }, () => {
    // The workerData of dist.ts's own render workers.
    const worker = new Worker(new URL(import.meta.url), { workerData: { bundle: file, 'mojaloop-gitops-render-worker': true }, argv: [], stdout: false });
    worker.unref();
    // What happens before renderAllParallel listens: a worker that failed to start is not taken.
    const state = { worker, stopped: false };
    worker.once('error', () => { state.stopped = true; });
    worker.once('exit', () => { state.stopped = true; });
    return state;
  });
}

if (!isMainThread && workerData?.bundle) await runBundle(workerData.bundle);
