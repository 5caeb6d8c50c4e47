#!/usr/bin/env tsx
// npm run validate: every object of dist/ against the Kubernetes and CRD
// schemas. One line per problem: file: object: field path: message.
import fs from 'node:fs';
import path from 'node:path';
import { formatIssue, validateDist } from './lib/validate';
import { VALIDATE } from './lib/commands';
import { command, EXIT, green, red } from './lib/cli';

const { flags } = command(VALIDATE);
try {
  const dist = flags.dist ? path.resolve(flags.dist as string) : undefined;
  if (dist && !fs.existsSync(dist)) throw new Error(`--dist ${flags.dist}: no such directory`);
  const report = await validateDist(dist);
  if (report.objects === 0 && report.issues.length === 0) throw new Error(`no objects in ${flags.dist ?? 'dist/'}: run npm run synth first`);
  const ok = report.issues.length === 0;
  if (flags.json) process.stdout.write(`${JSON.stringify({ ok, ...report }, null, 2)}\n`);
  for (const issue of report.issues) console.error(formatIssue(issue));
  if (!ok) console.error(red(`\nvalidate failed: ${report.issues.length} problem(s) in ${report.objects} object(s).`));
  else if (!flags.json) console.log(green(`${report.objects} objects of ${report.kinds.length} kinds valid (${report.ms} ms)`));
  process.exitCode = ok ? EXIT.ok : EXIT.failed;
} catch (e) {
  console.error(red(`validate failed: ${(e as Error).message ?? e}`));
  process.exitCode = EXIT.failed;
}
