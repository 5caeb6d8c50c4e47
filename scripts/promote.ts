#!/usr/bin/env tsx
// npm run promote -- --from staging --to prod: copies the image versions the
// source environment runs (its rendered dist/) into the target's file, renders
// the target, and shows the resulting diff. Only image versions move.
import fs from 'node:fs';
import path from 'node:path';
import { DIST, environmentNames, renderAllParallel, writeDist } from './lib/dist';
import { ENVIRONMENTS_DIR, loadEnvironment } from '../charts/environment/load';
import { PROMOTE } from './lib/commands';
import { command, EXIT, green, red, usageExit } from './lib/cli';
import { readWorkTree } from './lib/dist-tree';
import { planPromotion } from './lib/promote';
import { diffDist } from './lib/diff';
import { formatText } from './lib/diff-format';

const { flags } = command(PROMOTE);
const names = environmentNames();
for (const f of ['from', 'to'] as const) {
  if (!flags[f]) usageExit(PROMOTE, `--${f} <env> is required`);
  if (!names.includes(flags[f] as string)) usageExit(PROMOTE, `--${f} ${flags[f]}: no environment "${flags[f]}"; expected one of ${names.join(', ')}`);
}
const from = flags.from as string;
const to = flags.to as string;
if (from === to) usageExit(PROMOTE, '--from and --to name the same environment');

const targetFile = path.join(ENVIRONMENTS_DIR, `${to}.yaml`);
const plan = planPromotion({
  source: loadEnvironment(path.join(ENVIRONMENTS_DIR, `${from}.yaml`)),
  sourceRuns: readWorkTree(path.join(DIST, from)),
  target: loadEnvironment(targetFile),
  targetRuns: readWorkTree(path.join(DIST, to)),
  targetText: fs.readFileSync(targetFile, 'utf8'),
  only: flags.image as string[],
});
if (plan.refusals.length) {
  console.error(plan.refusals.join('\n'));
  console.error(red(`\npromote refused: ${to} would get a version ${from} never ran. Nothing written.`));
  process.exit(EXIT.failed);
}
for (const c of plan.changes) console.log(`${c.image}: ${c.from} -> ${c.to}`);
for (const u of plan.untouched) console.log(`${u.image}: ${u.tag} (not run by ${from}; left as it is)`);
if (plan.changes.length === 0) {
  console.log(green(`${to} already runs ${from}'s image versions; nothing to do`));
  process.exit(EXIT.ok);
}
if (flags['dry-run']) process.exit(EXIT.ok);

fs.writeFileSync(targetFile, plan.text);
const { rendered, errors } = await renderAllParallel({ only: [to] });
if (errors.length) {
  console.error(errors.join('\n'));
  console.error(red(`\npromote: environments/${to}.yaml was updated but does not render; fix it or git checkout it.`));
  process.exit(EXIT.failed);
}
writeDist(rendered);
const report = diffDist({ base: 'HEAD', envs: [to] });
process.stdout.write(`\n${formatText(report)}`);
console.log(green(`promoted ${plan.changes.length} image version(s) from ${from} to ${to}: commit environments/${to}.yaml and dist/${to}/ together`));
