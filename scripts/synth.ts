#!/usr/bin/env tsx
// npm run synth                 render every environment into dist/<env>/
// npm run synth -- --env prod   render one (repeatable: --env dev --env test)
// Nothing is written unless every requested environment renders: on error,
// dist/ is left exactly as it was and the exit code is 1.
import fs from 'node:fs';
import { renderAll, writeDist, SCHEMA_FILE, schemaText } from './lib/dist';
import { parseArgs } from './lib/args';

const args = parseArgs(process.argv.slice(2), { env: 'list' });
const only = args.env as string[];
const started = performance.now();
const { rendered, errors } = renderAll({ only });
if (errors.length > 0) {
  console.error(errors.join('\n'));
  console.error(`\nsynth failed: ${errors.length} environment(s) with errors; dist/ unchanged.`);
  process.exit(1);
}
if (fs.readFileSync(SCHEMA_FILE, { encoding: 'utf8', flag: 'a+' }) !== schemaText()) fs.writeFileSync(SCHEMA_FILE, schemaText());
const written = writeDist(rendered, { prune: only.length === 0 });
const count = [...rendered.values()].reduce((n, f) => n + f.size, 0);
console.log(`rendered ${[...rendered.keys()].join(', ')}: ${count} files in ${Math.round(performance.now() - started)} ms; ${written.length ? `wrote ${written.join(', ')}` : 'dist/ already up to date'}`);
