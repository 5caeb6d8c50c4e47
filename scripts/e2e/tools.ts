// The one way TypeScript asks for a program built from tools/: runs
// scripts/e2e/build-tools.sh (instant when its cache is warm, minutes when
// cold) and reads its `module=<bindir>` lines. Used by npm run e2e and the tests.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILD_TOOLS = path.join(ROOT, 'scripts/e2e/build-tools.sh');
const built = new Map<string, string>();

/** Builds (or finds) these tools/ modules; returns module -> bin directory. Throws with build-tools.sh's reason. */
/** @param opts.progress show what it builds and how long it takes (a cold build takes minutes). */
export function buildTools(modules: string[], env: NodeJS.ProcessEnv = process.env, opts: { progress?: boolean } = {}): Record<string, string> {
  const r = spawnSync(BUILD_TOOLS, modules, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', opts.progress ? 'inherit' : 'pipe'], maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${path.relative(ROOT, BUILD_TOOLS)} could not be run: ${r.error.message}`);
  if (r.status !== 0) {
    const why = r.status === 3 ? 'Go is missing' : `exit ${r.status}`;
    throw new Error(`${path.relative(ROOT, BUILD_TOOLS)} ${modules.join(' ')} failed (${why}):\n${(r.stderr ?? '(see above)').trim().split('\n').slice(-20).join('\n')}`);
  }
  const dirs = Object.fromEntries(r.stdout.trim().split('\n').filter(Boolean).map((l) => l.split('=') as [string, string]));
  for (const m of modules) {
    if (!dirs[m]) throw new Error(`${path.relative(ROOT, BUILD_TOOLS)} printed no ${m}=<bindir> line:\n${r.stdout}`);
    built.set(m, dirs[m]);
  }
  return dirs;
}

/** The bin directory of one tools/ module, built once per process. */
export function toolBin(module: string): string {
  return built.get(module) ?? buildTools([module])[module];
}
