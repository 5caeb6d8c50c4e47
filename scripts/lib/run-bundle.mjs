// Runs a bundle that scripts/run.mjs built, with a V8 code cache: in the main
// thread (run.mjs) and in the render workers (scripts/lib/dist.ts starts this
// file as a worker with workerData.bundle).
//
// Why: compiling the bundle (4 MB) and then each function it calls on first
// use was a quarter of `npm run synth`'s CPU, in every thread. Node 20 has no
// compile cache for ES modules (module.enableCompileCache is Node 22), so the
// bundle is a classic script, one async function (top-level await still
// works), compiled with a cache beside it (charts/lib/code-cache.mjs).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, SHARE_ENV, Worker, workerData } from 'node:worker_threads';
import { runWithCodeCache } from '../../charts/lib/code-cache.mjs';

/**
 * Runs the bundle; resolves when its top level has (it may stay suspended, as
 * the render workers do), with what became of the code cache.
 * @returns {Promise<'used' | 'none' | 'rejected'>}
 */
export async function runBundle(file) {
  const { value: run, cache } = runWithCodeCache(file, fs.readFileSync(file, 'utf8'));
  // The bundle is `(async function (__nodeRequire, __bundleUrl, __import) { ... })` (scripts/run.mjs).
  // A script's own import() would need vm's experimental module API: the bundle calls this module's.
  await run(createRequire(file), pathToFileURL(file).href, (specifier) => import(specifier));
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
    // SHARE_ENV: no copy of the environment for a thread that only reads it (a few ms of its start).
    const worker = new Worker(new URL(import.meta.url), { workerData: { bundle: file, 'mojaloop-gitops-render-worker': true }, argv: [], stdout: false, env: SHARE_ENV });
    worker.unref();
    // What happens before renderAllParallel listens: a worker that failed to start is not taken.
    const state = { worker, stopped: false };
    worker.once('error', () => { state.stopped = true; });
    worker.once('exit', () => { state.stopped = true; });
    return state;
  });
}

if (!isMainThread && workerData?.bundle) await runBundle(workerData.bundle);
