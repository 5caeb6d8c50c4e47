#!/usr/bin/env tsx
// npm run where -- <node|pool> [--env <env>]: what runs on a node or a pool,
// with requests against capacity, read from the rendered dist/.
import { DIST, environmentNames } from './lib/dist';
import { WHERE } from './lib/commands';
import { command, EXIT, red, usageExit } from './lib/cli';
import { formatWhere, where } from './lib/where';

const { flags, args } = command(WHERE);
const names = environmentNames();
const envs = flags.env ? [flags.env as string] : names;
if (flags.env && !names.includes(flags.env as string)) usageExit(WHERE, `no environment "${flags.env}": expected one of ${names.join(', ')}`);
const reports = envs.map((e) => where(DIST, e, args[0])).filter((r) => r !== undefined);
if (reports.length === 0) {
  console.error(red(`where: no node or pool "${args[0]}" in dist/${flags.env ? flags.env : '<env>'}/ (node names as in environments/<env>.yaml, pools as in the node-pool table, e.g. CORE-HANDLERS)`));
  process.exit(EXIT.failed);
}
process.stdout.write(flags.json ? `${JSON.stringify(reports, null, 2)}\n` : reports.map(formatWhere).join('\n'));
