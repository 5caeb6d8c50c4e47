#!/usr/bin/env tsx
// npm run check: fails when dist/ (or environments/environment.schema.json)
// is not exactly what the sources render: a hand edit, a deleted or added
// file, or a source change that was not re-synthesised.
import fs from 'node:fs';
import { compareDist, DIST, renderAllParallel, SCHEMA_FILE, schemaText, type Drift } from './lib/dist';
import { CHECK } from './lib/commands';
import { command, EXIT, green, red } from './lib/cli';

const { flags } = command(CHECK);
const started = performance.now();
const { rendered, errors, unchanged } = await renderAllParallel({ compareWith: DIST });
let drift: Drift[] = [];
if (errors.length === 0) {
  drift = compareDist(rendered, DIST, unchanged);
  if (!fs.existsSync(SCHEMA_FILE) || fs.readFileSync(SCHEMA_FILE, 'utf8') !== schemaText()) {
    drift.push({ file: 'environments/environment.schema.json', problem: 'differs' });
  }
}
const files = [...rendered.values()].reduce((n, f) => n + f.size, 0);
const ms = Math.round(performance.now() - started);
const ok = errors.length === 0 && drift.length === 0;
if (flags.json) process.stdout.write(`${JSON.stringify({ ok, files, drift, errors, ms }, null, 2)}\n`);
if (errors.length > 0) {
  console.error(errors.join('\n'));
  console.error(red(`\ncheck failed: ${errors.length} problem(s) in environments/.`));
} else if (drift.length > 0) {
  const why = { differs: 'differs from what the sources render', missing: 'is missing (deleted?)', unexpected: 'is not rendered by the sources (stale or added by hand)' };
  for (const d of drift) console.error(`${d.file}: ${why[d.problem]}`);
  console.error(red(`\ncheck failed: ${drift.length} file(s) out of date. Run \`npm run synth\` and commit dist/.`));
} else if (!flags.json) {
  console.log(green(`dist/ is up to date (${files} files, ${ms} ms)`));
}
process.exitCode = ok ? EXIT.ok : EXIT.failed;
