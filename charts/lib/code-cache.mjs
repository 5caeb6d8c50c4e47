// Code compiled with a V8 code cache beside its file (<file>.v8cache): V8
// then deserialises the functions' bytecode instead of parsing and compiling
// them. For what Node 20 does not cache itself: the bundles of scripts/run.mjs
// (scripts/lib/run-bundle.mjs) and the environment validator of .cache/ajv/
// (charts/environment/schema-validator.ts). Plain JavaScript: run-bundle.mjs
// loads it without a TypeScript loader.
//
// The cache is written once, when the process (its main thread) exits after
// compiling without one, or with one V8 refused (another V8 version, other
// flags, other source): it then holds every function that run compiled.
import fs from 'node:fs';
import vm from 'node:vm';
import { isMainThread } from 'node:worker_threads';

/**
 * Compiles `source` (the code of `file`) and runs it in this context.
 * @returns {{ value: unknown, cache: 'used' | 'none' | 'rejected' }} what the code evaluated to, and what became of the cache
 */
export function runWithCodeCache(file, source) {
  const cacheFile = `${file}.v8cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // No cache yet.
  }
  const script = new vm.Script(source, { filename: file, cachedData });
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
  return { value: script.runInThisContext(), cache };
}
