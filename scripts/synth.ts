#!/usr/bin/env tsx
// npm run synth: renders environments/<env>.yaml into dist/<env>/. Nothing is
// written unless every requested environment renders: on error, dist/ is left
// exactly as it was.
import fs from 'node:fs';
import { DIST, environmentNames, renderAllParallel, writeDist, SCHEMA_FILE, schemaText } from './lib/dist';
import { SYNTH } from './lib/commands';
import { command, EXIT, green, red, usageExit } from './lib/cli';

const { flags } = command(SYNTH);
const only = flags.env as string[];
const json = Boolean(flags.json);
const names = environmentNames();
const unknown = only.filter((n) => !names.includes(n));
if (unknown.length) usageExit(SYNTH, `no environment ${unknown.map((n) => `"${n}"`).join(', ')}: expected one of ${names.join(', ')}`);

const started = performance.now();
const { rendered, errors, unchanged } = await renderAllParallel({ only, compareWith: DIST });
if (errors.length > 0) {
  if (json) process.stdout.write(`${JSON.stringify({ ok: false, rendered: [], written: [], unchanged: [], removed: [], errors, ms: Math.round(performance.now() - started) }, null, 2)}\n`);
  console.error(errors.join('\n'));
  console.error(red(`\nsynth failed: ${errors.length} problem(s); dist/ unchanged.`));
  process.exit(EXIT.failed);
}
if (fs.readFileSync(SCHEMA_FILE, { encoding: 'utf8', flag: 'a+' }) !== schemaText()) fs.writeFileSync(SCHEMA_FILE, schemaText());
const result = writeDist(rendered, { prune: only.length === 0, unchanged });
const ms = Math.round(performance.now() - started);
if (json) {
  process.stdout.write(`${JSON.stringify({ ok: true, rendered: [...rendered.keys()], ...result, errors: [], ms }, null, 2)}\n`);
} else {
  const n = rendered.size;
  const parts = [
    `rendered ${n} environment${n === 1 ? '' : 's'}`,
    result.written.length ? `wrote ${result.written.map((e) => `dist/${e}`).join(', ')}` : '',
    result.unchanged.length ? `${result.unchanged.length} unchanged` : '',
    ...result.removed.map((r) => `removed ${r}`),
  ].filter(Boolean);
  console.log(`${green(parts.join(', '))} (${[...rendered.values()].reduce((a, f) => a + f.size, 0)} files, ${ms} ms)`);
}
