import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Rendering is CPU-bound and the machine has 2 cores.
    maxWorkers: 2,
    // V8's optimising compiler later, as scripts/run.mjs sets it for the CLI:
    // most code runs a few dozen times (vitest's CPU 92 -> 83 s in one A/B).
    execArgv: ['--interrupt-budget=270336'],
    // Test files share their worker's modules: the generator (hundreds of
    // modules, transformed once per worker, not once per file) and the
    // environments test/support/bundled.ts renders once. No test mocks
    // modules or changes process-wide state it does not restore.
    isolate: false,
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['./test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Transformed modules kept between runs, keyed by each file's content and
    // the config (the CRD bindings under imports/ alone took ~7 s to transform
    // at every start). `npx vitest --clearCache` empties it.
    experimental: { fsModuleCache: true, fsModuleCachePath: '.cache/vitest' },
  },
});
