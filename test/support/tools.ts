// Real upstream tools (promtool, amtool, alertmanager) run on temporary files,
// at the versions we deploy (see prom-binaries.ts). A binary that cannot be
// built fails the test with build-tools.sh's reason, never a silent skip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promBinary, type PromBinary } from './prom-binaries';

export function run(tool: PromBinary, args: string[], opts: { cwd?: string } = {}): { status: number; output: string } {
  const r = spawnSync(promBinary(tool), args, { encoding: 'utf8', cwd: opts.cwd, timeout: 60_000 });
  if (r.error) throw new Error(`${tool} could not be run: ${r.error.message}`);
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

/** The path of a program on PATH, if any. */
export function which(tool: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `${prefix}-`));
}

export function writeTemp(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}
