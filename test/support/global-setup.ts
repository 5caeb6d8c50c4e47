// vitest globalSetup, before the workers start:
// - builds promtool, amtool and alertmanager (a cold build takes minutes; a
//   warm one nothing). The workers inherit their paths through process.env
//   (see prom-binaries.ts).
// - builds this checkout's bundles of the scripts the tests run
//   (scripts/run.mjs, cached in .cache/bundles/). A scratch copy keeps the
//   timestamps and so reuses them (support/scratch.ts); without them, on a
//   fresh clone, every scratch copy would build its own.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setupPromBinaries } from './prom-binaries';
import { REPO } from './scratch';

/** The scripts the tests run through scripts/run.mjs, here and on scratch copies. */
const SCRIPTS = ['synth.ts', 'check.ts', 'diff.ts', 'validate.ts'];

/**
 * `node scripts/run.mjs scripts/<script> --help`: builds the bundle when it is
 * missing. A failure is left to the tests that run the script, which report it.
 */
function buildBundle(script: string): Promise<void> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [path.join('scripts', 'run.mjs'), path.join('scripts', script), '--help'], { cwd: REPO, stdio: 'ignore' });
    p.on('error', () => resolve());
    p.on('close', () => resolve());
  });
}

export default async function setup(): Promise<void> {
  const bundles = Promise.all(SCRIPTS.map(buildBundle));
  setupPromBinaries(['promtool', 'amtool', 'alertmanager']);
  await bundles;
}
