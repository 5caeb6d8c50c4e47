#!/usr/bin/env tsx
// npm run diff: the rendered diff of a merge request, dist/ at the merge base
// with main against dist/ in the working tree, with destructive changes
// flagged. Never compares stale output: the sources are rendered in memory
// first, and a dist/ that differs from them is refused.
import fs from 'node:fs';
import { compareDist, environmentNames, renderAllParallel } from './lib/dist';
import { diffDist, isDestructive, UnknownEnvironmentError } from './lib/diff';
import { formatMarkdown, formatText } from './lib/diff-format';
import { DIFF } from './lib/commands';
import { command, EXIT, red, usageExit } from './lib/cli';

export const EXIT_DESTRUCTIVE = EXIT.destructive;

// `npm run diff | head` or quitting a pager early is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

const { flags } = command(DIFF);
if (flags.json && flags.format && flags.format !== 'json') usageExit(DIFF, `--json and --format ${flags.format} contradict each other`);
const format = flags.json ? 'json' : ((flags.format as string | undefined) ?? 'text');
const envs = flags.env as string[];

try {
  const report = diffDist({ repo: flags.repo as string | undefined, base: flags.base as string | undefined, envs });
  if (!flags.repo) await refuseStale();
  const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'markdown' ? formatMarkdown(report) : formatText(report);
  process.stdout.write(text);
  if (flags.output) fs.writeFileSync(flags.output as string, text);
  if (format === 'text') console.error(`(diff in ${report.ms} ms)`);
  process.exitCode = isDestructive(report) ? EXIT.destructive : EXIT.ok;
} catch (e) {
  if (e instanceof UnknownEnvironmentError || /^--base /.test((e as Error).message)) usageExit(DIFF, (e as Error).message);
  console.error(red(`diff failed: ${(e as Error).message}`));
  process.exitCode = EXIT.failed;
}

/** Never compare stale output: what the sources render now must be what dist/ holds. */
async function refuseStale(): Promise<void> {
  const existing = envs.filter((e) => environmentNames().includes(e));
  // Only deleted environments asked for: nothing to render, their folders must simply be gone.
  const { rendered, errors, failed } = envs.length > 0 && existing.length === 0 ? { rendered: new Map(), errors: [], failed: [] } : await renderAllParallel({ only: existing });
  if (errors.length > 0) {
    console.error(errors.join('\n'));
    console.error(red(`\ndiff failed: ${failed.length} problem(s) in environments/; fix them and run npm run synth.`));
    process.exit(EXIT.failed);
  }
  const drift = compareDist(rendered).filter((d) => envs.length === 0 || envs.includes(d.file.split('/')[1]));
  if (drift.length > 0) {
    console.error(red(`dist/ is stale: run npm run synth`));
    console.error(drift.slice(0, 20).map((d) => `  ${d.file}: ${d.problem === 'unexpected' ? 'no longer rendered' : d.problem}`).join('\n') + (drift.length > 20 ? `\n  ... and ${drift.length - 20} more` : ''));
    process.exit(EXIT.failed);
  }
}
