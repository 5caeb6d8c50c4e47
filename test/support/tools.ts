// Real upstream tools (promtool, amtool, alertmanager) run on temporary files.
// A missing binary fails the test with the package to install.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PACKAGES: Record<string, string> = { promtool: 'prometheus', amtool: 'prometheus-alertmanager', 'prometheus-alertmanager': 'prometheus-alertmanager' };

export function which(tool: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function run(tool: string, args: string[], opts: { cwd?: string } = {}): { status: number; output: string } {
  if (!which(tool)) throw new Error(`${tool} not found on PATH: install the Debian package "${PACKAGES[tool] ?? tool}" (apt-get install ${PACKAGES[tool] ?? tool})`);
  const r = spawnSync(tool, args, { encoding: 'utf8', cwd: opts.cwd, timeout: 60_000 });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `${prefix}-`));
}

export function writeTemp(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}
