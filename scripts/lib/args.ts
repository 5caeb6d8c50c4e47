// Minimal flag parsing for the scripts: --name value, --name=value, --flag.
export type ArgSpec = Record<string, 'string' | 'list' | 'boolean'>;

export function parseArgs(argv: string[], spec: ArgSpec): Record<string, string | string[] | boolean | undefined> {
  const out: Record<string, string | string[] | boolean | undefined> = {};
  for (const [k, kind] of Object.entries(spec)) if (kind === 'list') out[k] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !(m[1] in spec)) throw usage(`unknown argument "${argv[i]}"`, spec);
    const [, name, inline] = m;
    if (spec[name] === 'boolean') { out[name] = true; continue; }
    const value = inline ?? argv[++i];
    if (value === undefined) throw usage(`--${name} needs a value`, spec);
    if (spec[name] === 'list') (out[name] as string[]).push(...value.split(','));
    else out[name] = value;
  }
  return out;
}

function usage(message: string, spec: ArgSpec): Error {
  const flags = Object.entries(spec).map(([k, kind]) => (kind === 'boolean' ? `--${k}` : `--${k} <value>`)).join(' ');
  console.error(`${message}\nusage: ${flags}`);
  process.exit(2);
}
