// `npm run e2e` runs these after the clean run of every environment: each
// starts its own control plane, so they run one at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    maxWorkers: 1,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
