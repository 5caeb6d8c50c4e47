// Runs the real promtool (Debian package "prometheus"). A missing binary is a
// failure with instructions, never a silent skip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

export function promtool(args: string[], cwd?: string): { code: number; out: string } {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (r.error) throw new Error(`promtool could not be run (${r.error.message}); install it: apt-get install prometheus`);
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

/** Writes files into a fresh temporary directory; returns its path. */
export function tempFiles(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'promtool-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : stringify(content, { lineWidth: 0 }));
  }
  return dir;
}
