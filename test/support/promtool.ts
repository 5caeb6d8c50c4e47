// Runs the real promtool at the deployed Prometheus version (see prom-binaries.ts).
// A binary that cannot be built is a failure with the reason, never a silent skip.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { promBinary } from './prom-binaries';
import { filesOf, runCached } from './result-cache';
import { run } from './tools';

export function promtool(args: string[], cwd?: string): { code: number; out: string } {
  const r = run('promtool', args, { cwd });
  return { code: r.status, out: r.output };
}

/**
 * `promtool test rules <testFiles>` in `dir` (file names relative to it), which
 * holds the rule files the tests name. Evaluating a rule at every step of a
 * day-long case costs seconds, so the result of the same promtool on the same
 * files is reused (support/result-cache.ts).
 */
export function promtoolTestRules(dir: string, testFiles: string[]): { code: number; out: string } {
  const r = runCached(promBinary('promtool'), ['test', 'rules', ...testFiles], { cwd: dir, inputs: filesOf(dir) });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Writes files into a fresh temporary directory; returns its path. */
export function tempFiles(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'promtool-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : stringify(content, { lineWidth: 0 }));
  }
  return dir;
}
