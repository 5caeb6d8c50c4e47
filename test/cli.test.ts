// The command line through the real scripts: --help everywhere, strict flags,
// the exit codes the README documents, honest summaries, JSON for CI, no
// colour codes in pipes, and diff refusing a stale dist/.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../scripts/lib/commands';
import { EXIT, helpText, paint, parseCommandLine, UsageError } from '../scripts/lib/cli';
import { REPO, scratchRepo, type Scratch } from './support/scratch';

const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

describe('command specs (in process)', () => {
  it.each(COMMANDS.map((c) => [c.name, c]))('%s: unknown flags, missing values and bad choices are usage errors', (_, spec) => {
    expect(() => parseCommandLine(spec, ['--bogus'])).toThrow(UsageError);
    const stray = spec.positional ? ['first', 'stray'] : ['stray'];
    expect(() => parseCommandLine(spec, stray)).toThrow(/unexpected argument "stray"/);
    if (spec.positional?.required) expect(() => parseCommandLine(spec, [])).toThrow(`missing ${spec.positional.name}`);
    expect(parseCommandLine(spec, ['--help']).help).toBe(true);
    for (const [name, f] of Object.entries(spec.flags)) {
      if (f.kind !== 'boolean') expect(() => parseCommandLine(spec, [`--${name}`]), name).toThrow(/needs a value/);
      else expect(() => parseCommandLine(spec, [`--${name}=x`]), name).toThrow(/takes no value/);
      if (f.choices) expect(() => parseCommandLine(spec, [`--${name}`, 'nope'])).toThrow(`expected one of ${f.choices.join(', ')}`);
    }
  });

  it('colours only on a terminal, and never with NO_COLOR', () => {
    const saved = process.env.NO_COLOR;
    try {
      delete process.env.NO_COLOR;
      expect(paint({ isTTY: true }, 31)('failed')).toBe('\x1b[31mfailed\x1b[0m');
      expect(paint({ isTTY: false }, 31)('failed')).toBe('failed');
      process.env.NO_COLOR = '1';
      expect(paint({ isTTY: true }, 31)('failed')).toBe('failed');
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });

  it('the README check catches a row without a flag, with a flag the command lacks, or no row', () => {
    const synth = COMMANDS.find((c) => c.name === 'synth')!;
    expect(readmeRowProblems('| `npm run synth` | renders (`--env prod`, `--jsn`) |', synth)).toEqual(['npm run synth: --json missing', 'npm run synth: --jsn is no flag of the command']);
    expect(readmeRowProblems('| `npm run check` | `--json` |', synth)).toEqual(['no row for npm run synth']);
  });

  it('a near miss suggests the flag', () => {
    expect(() => parseCommandLine(COMMANDS.find((c) => c.name === 'diff')!, ['--fromat', 'json'])).toThrow('did you mean --format?');
  });

  it('the README command table lists every command with exactly its flags, and the exit codes as the code has them', () => {
    for (const spec of COMMANDS) expect(readmeRowProblems(README, spec), spec.name).toEqual([]);
    const codes = [...README.matchAll(/^\| ([0-9]) \| `([a-z]+)` \|/gm)].map(([, code, name]) => [name, Number(code)]);
    expect(Object.fromEntries(codes)).toEqual(EXIT);
    for (const spec of COMMANDS) expect(helpText(spec)).toContain(`usage: npm run ${spec.name} --`);
  });
});

/** What the README's command table gets wrong about a command: a flag it omits, a flag the command lacks (in `code`), a missing row. */
function readmeRowProblems(readme: string, spec: (typeof COMMANDS)[number]): string[] {
  const row = readme.split('\n').find((l) => l.startsWith(`| \`npm run ${spec.name}\``));
  if (!row) return [`no row for npm run ${spec.name}`];
  const named = [...row.matchAll(/`[^`]*`/g)].flatMap(([code]) => [...code.matchAll(/--([a-z][a-z-]*)/g)].map(([, f]) => f));
  return [
    ...Object.keys(spec.flags).filter((f) => !named.includes(f)).map((f) => `npm run ${spec.name}: --${f} missing`),
    ...[...new Set(named)].filter((f) => !(f in spec.flags) && f !== 'help').map((f) => `npm run ${spec.name}: --${f} is no flag of the command`),
  ];
}

const scriptOf = (name: string) => (name === 'import' ? 'import-crds.ts' : `${name}.ts`);

/** A script of this checkout, as npm runs it; never writes (help and usage errors only). */
function here(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [path.join('scripts', 'run.mjs'), path.join('scripts', script), ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', RENDER_WORKERS: '0' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the real scripts', () => {
  it('--help on every command: exit 0, the usage on stdout', () => {
    for (const spec of COMMANDS) expect(here(scriptOf(spec.name), '--help'), spec.name).toEqual({ status: 0, stdout: helpText(spec), stderr: '' });
  }, 240_000); // nine processes; on a fresh clone each first builds its bundle

  it('unknown flags exit 2 (check --bogus no longer passes)', () => {
    const r = here('check.ts', '--bogus');
    expect(r.status).toBe(EXIT.usage);
    expect(r.stderr).toContain('unknown flag "--bogus"');
    expect(r.stderr).toContain('npm run check -- --help');
  });

  it('an unknown environment is a usage error for synth and diff', () => {
    expect(here('synth.ts', '--env', 'nope')).toMatchObject({ status: EXIT.usage, stderr: expect.stringContaining('no environment "nope"') });
    expect(here('diff.ts', '--env', 'nope')).toMatchObject({ status: EXIT.usage, stderr: expect.stringContaining('no environment "nope"') });
  });
});

describe('on a scratch copy (git, dist/ committed)', () => {
  let s: Scratch;
  beforeAll(() => {
    s = scratchRepo();
    const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...a], { cwd: s.dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '-A', 'dist');
    git('commit', '-q', '-m', 'base');
  });
  afterAll(() => s.remove());

  it('diff refuses a stale dist/; synth says what it did; then diff and check answer in JSON', () => {
    s.write('environments/staging.yaml', s.read('environments/staging.yaml').replace('name: mojaloop-staging', 'name: mojaloop-staging-2'));
    s.write('dist/perf/README.md', 'an environment deleted earlier');
    const stale = s.run('diff.ts', '--env', 'staging', '--env', 'perf');
    expect(stale.status).toBe(EXIT.failed);
    expect(stale.stderr).toContain('dist/ is stale: run npm run synth');
    expect(stale.stderr).toContain('dist/perf/README.md: no longer rendered');
    expect(stale.stdout).toBe('');

    const text = s.run('synth.ts', '--env', 'staging', '--env', 'prod');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^rendered 2 environments, wrote dist\/staging, 1 unchanged \(/);
    expect(text.stdout + text.stderr).not.toContain('\x1b[');
    const synth = s.run('synth.ts', '--json');
    expect(synth.status).toBe(0);
    expect(JSON.parse(synth.stdout)).toMatchObject({ ok: true, written: [], unchanged: ['dev', 'prod', 'staging', 'test'], removed: ['dist/perf'] });

    const diff = s.run('diff.ts', '--json', '--env', 'staging');
    expect(diff.status, diff.stderr).toBe(0);
    expect(JSON.parse(diff.stdout).environments).toEqual(['staging']);
    const check = s.run('check.ts', '--json');
    expect(check.status).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, drift: [], errors: [] });
  }, 240_000); // seven runs of the real scripts, four of them rendering
});
