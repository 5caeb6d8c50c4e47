#!/usr/bin/env tsx
// npm run diff                              dist/ of the working tree vs the merge base with main
// npm run diff -- --base origin/main        vs any git ref
// npm run diff -- --format markdown         Markdown for a merge-request note (also: json)
// npm run diff -- --env prod --output f.md  one environment; write to a file as well as stdout
// npm run diff -- --repo DIR                another checkout
// Exit codes: 0 no changes or only safe ones, 3 destructive changes present,
// 1 error (2 for a usage error).
import fs from 'node:fs';
import { parseArgs } from './lib/args';
import { diffDist, isDestructive } from './lib/diff';
import { formatMarkdown, formatText } from './lib/diff-format';

export const EXIT_DESTRUCTIVE = 3;

// `npm run diff | head` or quitting a pager early is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

const args = parseArgs(process.argv.slice(2), { base: 'string', format: 'string', env: 'list', output: 'string', repo: 'string' });
const format = (args.format as string | undefined) ?? 'text';
if (!['text', 'markdown', 'json'].includes(format)) {
  console.error(`--format ${format}: expected text, markdown or json`);
  process.exit(2);
}
try {
  const report = diffDist({ repo: args.repo as string | undefined, base: args.base as string | undefined, envs: args.env as string[] });
  const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'markdown' ? formatMarkdown(report) : formatText(report);
  process.stdout.write(text);
  if (args.output) fs.writeFileSync(args.output as string, text);
  if (format === 'text') console.error(`(diff in ${report.ms} ms)`);
  process.exitCode = isDestructive(report) ? EXIT_DESTRUCTIVE : 0;
} catch (e) {
  console.error(`diff failed: ${(e as Error).message}`);
  process.exitCode = 1;
}
