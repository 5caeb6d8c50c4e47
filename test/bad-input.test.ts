// The bad-input corpus: every broken environment file fails with its file
// name, line, the field path and what was expected, without cascades. Checked
// in process (load, then render for the capacity check); a sample goes
// through the real `npm run synth` to prove it exits 1 and leaves dist/
// byte-for-byte as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnvironment } from '../charts/environment/load';
import { renderEnvironment } from '../charts/render';
import { scratchRepo, type Scratch } from './support/scratch';

const CORPUS = path.join(import.meta.dirname, 'fixtures', 'bad-env');

interface Case { file: string; name: string; bytes: Buffer; expects: Array<{ field: string; substring: string }>; lines?: number }

const fromCorpus: Case[] = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort().map((file) => {
  const bytes = fs.readFileSync(path.join(CORPUS, file));
  const text = bytes.toString('utf8');
  const expects = [...text.matchAll(/^# expect: (.+?): (.+)$/gm)].map(([, field, substring]) => ({ field, substring }));
  const lines = /^# lines: ([0-9]+)$/m.exec(text)?.[1];
  return { file, name: path.basename(file, '.yaml'), bytes, expects, lines: lines ? Number(lines) : undefined };
});
/** Files that cannot carry an "# expect:" comment. */
const generated: Case[] = [
  { file: 'empty.yaml', name: 'empty', bytes: Buffer.alloc(0), expects: [{ field: '(top level)', substring: 'the file is empty' }], lines: 1 },
  { file: 'comments-only.yaml', name: 'comments-only', bytes: Buffer.from('# yaml-language-server: $schema=./environment.schema.json\n\n'), expects: [{ field: '(top level)', substring: 'the file is empty' }], lines: 1 },
  { file: 'binary.yaml', name: 'binary', bytes: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0xff]), expects: [{ field: '(top level)', substring: 'not a text file (it holds a NUL byte at offset 6)' }], lines: 1 },
  { file: 'latin1.yaml', name: 'latin1', bytes: Buffer.from('stage: prod\ncluster:\n  name: caf\xe9\n', 'latin1'), expects: [{ field: '(top level)', substring: 'not a text file (it holds bytes that are not UTF-8)' }], lines: 1 },
];
const cases = [...fromCorpus, ...generated];

/** The message synth would print for this file (load, then render for the capacity check). */
function messageFor(file: string): string {
  try {
    renderEnvironment(loadEnvironment(file, `environments/${path.basename(file)}`));
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

let tmp: string;
beforeAll(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-env-')); });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

it('the corpus has at least 15 cases, each with an expectation', () => {
  expect(fromCorpus.length).toBeGreaterThanOrEqual(15);
  for (const c of fromCorpus) expect(c.expects.length, c.file).toBeGreaterThan(0);
});

describe.each(cases)('$file', ({ file, bytes, expects, lines }) => {
  it('is rejected naming the file, line, field path and expectation', () => {
    const p = path.join(tmp, file);
    fs.writeFileSync(p, bytes);
    const message = messageFor(p);
    expect(message, 'no error raised').not.toBe('');
    for (const { field, substring } of expects) {
      const line = message.split('\n').find((l) => l.includes(`: ${field}: `) && l.includes(substring));
      expect(line, `no error for ${field} saying "${substring}" in:\n${message}`).toBeDefined();
      expect(line).toMatch(new RegExp(`^environments/${file.replace('.', '\\.')}:[0-9]+:[0-9]+: `));
    }
    if (lines !== undefined) expect(message.split('\n'), message).toHaveLength(lines);
    // Nothing from the file's bytes reaches the terminal raw.
    expect(message).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });
});

// One synth run over the three sample files at once (each is an environment of
// its own, reported on its own lines), then the same with a render worker: two
// processes, not one per file.
describe('npm run synth with broken environments (a sample of the corpus, in one run)', () => {
  const SAMPLE = ['yaml-syntax.yaml', 'schema-and-semantic.yaml', 'capacity-missing-rack.yaml'].map((f) => cases.find((c) => c.file === f)!);
  let scratch: Scratch;
  let before: Map<string, string>;
  let one: ReturnType<Scratch['run']>;
  let parallel: ReturnType<Scratch['run']>;
  beforeAll(() => {
    scratch = scratchRepo();
    before = scratch.snapshot();
    for (const { file, bytes } of SAMPLE) scratch.write(`environments/${file}`, bytes.toString('utf8'));
    one = scratch.run('synth.ts');
    parallel = scratch.runWith({ RENDER_WORKERS: '1' }, 'synth.ts');
  }, 120_000);
  afterAll(() => scratch.remove());

  it.each(SAMPLE)('$file: exit 1, message names it, dist/ unchanged', ({ file, name, expects }) => {
    expect(one.status).toBe(1);
    expect(one.stderr).toContain(`environments/${file}`);
    expect(one.stderr).toContain(expects[0].field);
    expect(one.stderr).toContain(`synth failed: ${SAMPLE.length} problem(s); dist/ unchanged`);
    expect(scratch.snapshot()).toEqual(before);
    expect(fs.existsSync(path.join(scratch.dir, 'dist', name))).toBe(false);
  });

  it('a capacity error found in a render worker is reported as in one thread: same lines, same exit, dist/ unchanged', () => {
    const { file } = SAMPLE.find((c) => c.file === 'capacity-missing-rack.yaml')!;
    expect(parallel.status).toBe(1);
    expect(parallel.stderr).toBe(one.stderr);
    expect(parallel.stderr).toMatch(new RegExp(`^environments/${file.replace('.', '\\.')}:[0-9]+:[0-9]+: `, 'm'));
    expect(scratch.snapshot()).toEqual(before);
  });
});
