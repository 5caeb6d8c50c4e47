// The bad-input corpus: every broken environment file fails with its file
// name, line, the field path and what was expected; synth exits non-zero and
// leaves dist/ byte-for-byte as it was.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnvironment } from '../charts/environment/load';
import { scratchRepo, type Scratch } from './support/scratch';

const CORPUS = path.join(import.meta.dirname, 'fixtures', 'bad-env');
const cases = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort().map((file) => {
  const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
  const expects = [...text.matchAll(/^# expect: (.+?): (.+)$/gm)].map(([, field, substring]) => ({ field, substring }));
  return { file, name: path.basename(file, '.yaml'), text, expects };
});

it('the corpus has at least 15 cases, each with an expectation', () => {
  expect(cases.length).toBeGreaterThanOrEqual(15);
  for (const c of cases) expect(c.expects.length, c.file).toBeGreaterThan(0);
});

describe.each(cases)('$file', ({ file, expects }) => {
  it('is rejected naming the file, line, field path and expectation', () => {
    let message = '';
    try {
      loadEnvironment(path.join(CORPUS, file), `environments/${file}`);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message, 'no error raised').not.toBe('');
    for (const { field, substring } of expects) {
      const line = message.split('\n').find((l) => l.includes(`: ${field}: `) && l.includes(substring));
      expect(line, `no error for ${field} saying "${substring}" in:\n${message}`).toBeDefined();
      expect(line).toMatch(new RegExp(`^environments/${file.replace('.', '\\.')}:[0-9]+:[0-9]+: `));
    }
  });
});

describe('npm run synth with a broken environment', () => {
  let scratch: Scratch;
  let before: Map<string, string>;
  beforeAll(() => {
    scratch = scratchRepo();
    before = scratch.snapshot();
  });
  afterAll(() => scratch.remove());

  it.each(cases)('$file: exit 1, message names it, dist/ unchanged', ({ file, name, text, expects }) => {
    scratch.write(`environments/${file}`, text);
    try {
      const r = scratch.run('synth.ts');
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`environments/${file}`);
      expect(r.stderr).toContain(expects[0].field);
      expect(r.stderr).toContain('dist/ unchanged');
      expect(scratch.snapshot()).toEqual(before);
      expect(fs.existsSync(path.join(scratch.dir, 'dist', name))).toBe(false);
    } finally {
      fs.rmSync(path.join(scratch.dir, 'environments', file));
    }
  });
});
