#!/usr/bin/env tsx
// npm run check: fails when dist/ (or environments/environment.schema.json)
// is not exactly what the sources render: a hand edit, a deleted or added
// file, or a source change that was not re-synthesised.
import fs from 'node:fs';
import { compareDist, renderAll, SCHEMA_FILE, schemaText } from './lib/dist';

const started = performance.now();
const { rendered, errors } = renderAll();
if (errors.length > 0) {
  console.error(errors.join('\n'));
  process.exit(1);
}
const drift = compareDist(rendered);
if (!fs.existsSync(SCHEMA_FILE) || fs.readFileSync(SCHEMA_FILE, 'utf8') !== schemaText()) {
  drift.push({ file: 'environments/environment.schema.json', problem: 'differs' });
}
if (drift.length > 0) {
  const why = { differs: 'differs from what the sources render', missing: 'is missing (deleted?)', unexpected: 'is not rendered by the sources (stale or added by hand)' };
  for (const d of drift) console.error(`${d.file}: ${why[d.problem]}`);
  console.error(`\ncheck failed: ${drift.length} file(s) out of date. Run \`npm run synth\` and commit dist/.`);
  process.exit(1);
}
console.log(`dist/ is up to date (${[...rendered.values()].reduce((n, f) => n + f.size, 0)} files, ${Math.round(performance.now() - started)} ms)`);
