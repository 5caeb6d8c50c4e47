// The command line of every script: --help, strict flags, one table of exit
// codes. A mistyped flag is a usage error (exit 2), never silently ignored.

/** Exit codes shared by every command (README, "Commands"). */
export const EXIT = {
  /** Done; for check/validate: everything is fine; for diff: no changes or only safe ones. */
  ok: 0,
  /** The command ran and found a problem: invalid environment, stale dist/, invalid object, git error. */
  failed: 1,
  /** The command line itself is wrong: unknown flag, missing value, unknown environment, bad choice. */
  usage: 2,
  /** diff only: the change holds destructive changes that need a reviewer's approval. */
  destructive: 3,
} as const;

export interface FlagSpec {
  kind: 'string' | 'list' | 'boolean';
  help: string;
  /** Placeholder shown in the help, e.g. "<env>". */
  value?: string;
  choices?: readonly string[];
}

export interface CommandSpec {
  /** The npm script name, e.g. "synth". */
  name: string;
  summary: string;
  /** Extra lines after the summary: what it reads and writes. */
  details?: string[];
  positional?: { name: string; help: string; required: boolean };
  flags: Record<string, FlagSpec>;
  /** The exit codes this command uses, with what they mean for it. */
  exits: Partial<Record<keyof typeof EXIT, string>>;
  examples?: string[];
}

export type Flags = Record<string, string | string[] | boolean | undefined>;

export class UsageError extends Error {}

export function helpText(spec: CommandSpec): string {
  const flag = (name: string, f: FlagSpec) => `--${name}${f.kind === 'boolean' ? '' : ` ${f.value ?? '<value>'}`}`;
  const flags = { ...spec.flags, help: { kind: 'boolean', help: 'show this help and exit' } as FlagSpec };
  const width = Math.max(...Object.entries(flags).map(([n, f]) => flag(n, f).length));
  const lines = [
    `usage: npm run ${spec.name} --${spec.positional ? ` ${spec.positional.required ? spec.positional.name : `[${spec.positional.name}]`}` : ''} [flags]`,
    '',
    spec.summary,
    ...(spec.details?.length ? ['', ...spec.details] : []),
    ...(spec.positional ? ['', 'arguments:', `  ${spec.positional.name.padEnd(width)}  ${spec.positional.help}`] : []),
    '',
    'flags:',
    ...Object.entries(flags).map(([n, f]) => `  ${flag(n, f).padEnd(width)}  ${f.help}${f.kind === 'list' ? ' (repeatable, or comma-separated)' : ''}${f.choices ? ` (${f.choices.join(', ')})` : ''}`),
    '',
    'exit codes:',
    ...Object.entries(spec.exits).map(([k, v]) => `  ${EXIT[k as keyof typeof EXIT]}  ${v}`),
    ...(spec.examples?.length ? ['', 'examples:', ...spec.examples.map((e) => `  ${e}`)] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** Parses argv against the spec; throws UsageError for anything it does not know. */
export function parseCommandLine(spec: CommandSpec, argv: string[]): { flags: Flags; args: string[]; help: boolean } {
  const flags: Flags = {};
  const args: string[] = [];
  for (const [k, f] of Object.entries(spec.flags)) if (f.kind === 'list') flags[k] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') { help = true; continue; }
    if (a === '--') { args.push(...argv.slice(i + 1)); break; }
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(a);
    if (!m) {
      if (a.startsWith('-')) throw new UsageError(`unknown flag "${a}"`);
      args.push(a);
      continue;
    }
    const [, name, inline] = m;
    const f = spec.flags[name];
    if (!f) throw new UsageError(`unknown flag "--${name}"${suggest(name, Object.keys(spec.flags))}`);
    if (f.kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value${f.value ? ` ${f.value}` : ''}`);
    if (value === '') throw new UsageError(`--${name} needs a non-empty value`);
    const values = f.kind === 'list' ? value.split(',').filter(Boolean) : [value];
    for (const v of values) if (f.choices && !f.choices.includes(v)) throw new UsageError(`--${name} ${v}: expected one of ${f.choices.join(', ')}`);
    if (f.kind === 'list') (flags[name] as string[]).push(...values);
    else if (flags[name] !== undefined) throw new UsageError(`--${name} given twice`);
    else flags[name] = value;
  }
  if (!help) {
    if (args.length > (spec.positional ? 1 : 0)) throw new UsageError(`unexpected argument "${args[spec.positional ? 1 : 0]}"`);
    if (spec.positional?.required && args.length === 0) throw new UsageError(`missing ${spec.positional.name}`);
  }
  return { flags, args, help };
}

function suggest(name: string, known: string[]): string {
  const close = known.find((k) => k.startsWith(name) || name.startsWith(k) || distance(k, name) <= 2);
  return close ? `; did you mean --${close}?` : '';
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/**
 * Parses the command line or exits: --help prints the help (exit 0), a usage
 * error prints the problem and how to get help (exit 2).
 */
export function command(spec: CommandSpec, argv = process.argv.slice(2)): { flags: Flags; args: string[] } {
  try {
    const r = parseCommandLine(spec, argv);
    if (r.help) {
      process.stdout.write(helpText(spec));
      process.exit(EXIT.ok);
    }
    return r;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return usageExit(spec, e.message);
  }
}

export function usageExit(spec: CommandSpec, message: string): never {
  process.stderr.write(`npm run ${spec.name}: ${message}\nrun \`npm run ${spec.name} -- --help\` for usage\n`);
  process.exit(EXIT.usage);
}

// Colours only when a person reads a terminal (and NO_COLOR is unset): CI logs,
// files and pipes get plain text.
export const paint = (stream: { isTTY?: boolean }, code: number) => (s: string) =>
  stream.isTTY && !process.env.NO_COLOR ? `\x1b[${code}m${s}\x1b[0m` : s;
export const red = paint(process.stderr, 31);
export const green = paint(process.stdout, 32);
export const yellow = paint(process.stdout, 33);
export const bold = paint(process.stdout, 1);
