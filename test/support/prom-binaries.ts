// promtool, amtool, alertmanager and prometheus-operator's `operator`, at the
// versions of the images we deploy (charts/monitoring-core/images.ts), built from
// the pinned Go modules under tools/ by scripts/e2e/build-tools.sh (instant when
// its cache is warm). vitest's globalSetup builds the test tools once and hands
// their paths to the workers in environment variables; a script, or a worker
// started without them, builds (or finds) them here. Never Debian's packages:
// those are older releases than the ones we deploy.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildTools } from '../../scripts/e2e/tools';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILD_TOOLS = path.join(ROOT, 'scripts/e2e/build-tools.sh');

/** Each binary: the tools/ module that builds it, and the variable that carries its path. */
export const PROM_BINARIES = {
  promtool: { module: 'prometheus', env: 'MOJALOOP_PROMTOOL' },
  amtool: { module: 'alertmanager', env: 'MOJALOOP_AMTOOL' },
  alertmanager: { module: 'alertmanager', env: 'MOJALOOP_ALERTMANAGER' },
  operator: { module: 'prometheus-operator', env: 'MOJALOOP_PROMETHEUS_OPERATOR' },
} as const;
export type PromBinary = keyof typeof PROM_BINARIES;

/** Set by globalSetup when the build failed: every test that needs a binary fails with it. */
const ERROR_ENV = 'MOJALOOP_PROM_BINARIES_ERROR';

export { buildTools };

/** Builds (or finds) the given binaries and exports their paths into process.env. */
export function ensurePromBinaries(names: PromBinary[]): Record<PromBinary, string> {
  const dirs = buildTools([...new Set(names.map((n) => PROM_BINARIES[n].module))]);
  const paths = {} as Record<PromBinary, string>;
  for (const n of names) {
    const file = path.join(dirs[PROM_BINARIES[n].module], n);
    if (!existsSync(file)) throw new Error(`${path.relative(ROOT, BUILD_TOOLS)} built module ${PROM_BINARIES[n].module} but ${file} is missing: check tools/${PROM_BINARIES[n].module}/targets`);
    process.env[PROM_BINARIES[n].env] = paths[n] = file;
  }
  return paths;
}

/** The path of one binary: from globalSetup, else built or found now. */
export function promBinary(name: PromBinary): string {
  const known = process.env[PROM_BINARIES[name].env];
  if (known && existsSync(known)) return known;
  if (process.env[ERROR_ENV]) throw new Error(`${name} is not available: ${process.env[ERROR_ENV]}`);
  return ensurePromBinaries([name])[name];
}

/** vitest globalSetup: build the test tools once; a failure is reported by each test that needs them, not by the whole run. */
export function setupPromBinaries(names: PromBinary[]): void {
  try {
    ensurePromBinaries(names);
  } catch (e) {
    process.env[ERROR_ENV] = (e as Error).message;
  }
}
