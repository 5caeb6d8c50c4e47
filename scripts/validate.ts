#!/usr/bin/env tsx
// npm run validate                  every object of dist/ against the Kubernetes and CRD schemas
// npm run validate -- --dist DIR    another rendered tree
// Exit code 1 with one line per problem: file: object: field path: message.
import path from 'node:path';
import { parseArgs } from './lib/args';
import { formatIssue, validateDist } from './lib/validate';

const args = parseArgs(process.argv.slice(2), { dist: 'string' });
try {
  const report = await validateDist(args.dist ? path.resolve(args.dist as string) : undefined);
  for (const issue of report.issues) console.error(formatIssue(issue));
  if (report.issues.length > 0) {
    console.error(`\nvalidate failed: ${report.issues.length} problem(s) in ${report.objects} object(s).`);
    process.exitCode = 1;
  } else {
    console.log(`${report.objects} objects of ${report.kinds.length} kinds valid (${report.ms} ms)`);
  }
} catch (e) {
  console.error(`validate failed: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
}
