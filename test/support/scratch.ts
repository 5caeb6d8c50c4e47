// A scratch copy of the repository (node_modules linked) for tests that run
// the real scripts and change files: nothing touches the working tree.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');
const COPIED = ['charts', 'environments', 'scripts', 'monitoring', 'dist', 'package.json', 'package-lock.json', 'tsconfig.json', 'cdk8s.yaml', '.cache/bundles', '.cache/ajv'];
/** Read-only inputs, linked rather than copied (the generated CRD bindings are 13 MB). */
const LINKED = ['node_modules', 'imports'];

export interface Scratch {
  dir: string;
  run(script: string, ...args: string[]): { status: number; stdout: string; stderr: string };
  /** run() with more environment variables (RENDER_WORKERS: '1' renders with a worker thread, as npm run synth does). */
  runWith(env: Record<string, string>, script: string, ...args: string[]): { status: number; stdout: string; stderr: string };
  snapshot(sub?: string): Map<string, string>;
  write(rel: string, content: string): void;
  read(rel: string): string;
  remove(): void;
}

export function scratchRepo(): Scratch {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-scratch-'));
  for (const entry of COPIED) {
    const from = path.join(REPO, entry);
    // Same timestamps: scripts/run.mjs then reuses this checkout's bundles instead of building its own.
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true, preserveTimestamps: true });
  }
  for (const l of LINKED) fs.symlinkSync(path.join(REPO, l), path.join(dir, l), 'dir');
  return {
    dir,
    run(script, ...args) {
      return this.runWith({}, script, ...args);
    },
    runWith(env, script, ...args) {
      const r = spawnSync(process.execPath, [path.join('scripts', 'run.mjs'), path.join('scripts', script), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', RENDER_WORKERS: '0', ...env } });
      return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    snapshot(sub = 'dist') {
      const root = path.join(dir, sub);
      const out = new Map<string, string>();
      if (!fs.existsSync(root)) return out;
      for (const d of fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
        if (d.isFile()) {
          const p = path.join(d.parentPath, d.name);
          out.set(path.relative(root, p), fs.readFileSync(p, 'utf8'));
        }
      }
      return out;
    },
    write(rel, content) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
    },
    read: (rel) => fs.readFileSync(path.join(dir, rel), 'utf8'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
