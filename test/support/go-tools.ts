// Programs built from the pinned Go modules under tools/ by
// scripts/e2e/build-tools.sh (cached outside the repository; instant when warm,
// minutes when cold, hence the long timeout callers give their beforeAll).
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const built = new Map<string, string>();

/** The bin directory of tools/<module>, building it if needed. */
export function goToolsBin(module: string): string {
  const cached = built.get(module);
  if (cached) return cached;
  const r = spawnSync('bash', [path.join(ROOT, 'scripts/e2e/build-tools.sh'), module], { encoding: 'utf8', timeout: 20 * 60_000 });
  const line = r.stdout?.split('\n').find((l) => l.startsWith(`${module}=`));
  if (r.status !== 0 || !line) throw new Error(`scripts/e2e/build-tools.sh ${module} failed (exit ${r.status}):\n${r.stderr}`);
  const bin = line.slice(module.length + 1);
  built.set(module, bin);
  return bin;
}

/** Long enough for a cold build of a tools module on 2 cores. */
export const BUILD_TIMEOUT = 20 * 60_000;
