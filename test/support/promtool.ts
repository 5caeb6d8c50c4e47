// Runs the real promtool at the deployed Prometheus version (see prom-binaries.ts).
// A binary that cannot be built is a failure with the reason, never a silent skip.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { run } from './tools';

export function promtool(args: string[], cwd?: string): { code: number; out: string } {
  const r = run('promtool', args, { cwd });
  return { code: r.status, out: r.output };
}

/** Writes files into a fresh temporary directory; returns its path. */
export function tempFiles(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'promtool-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : stringify(content, { lineWidth: 0 }));
  }
  return dir;
}
