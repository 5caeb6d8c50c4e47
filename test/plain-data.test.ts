// charts/environment/plain-data.ts reads an environment file as `yaml` does,
// or declines: on the bundled environments (which it must read), on every
// bad-input fixture (where `yaml` reports a problem it must decline) and on the
// scalars and forms where YAML schemas and parsers differ.
import fs from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { LineCounter, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { listEnvironmentFiles } from '../charts/environment/load';
import { plainEnvironmentData } from '../charts/environment/plain-data';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/bad-env');

/** What load.ts's `yaml` path reads, or 'error' where it reports a problem before looking at the data. */
function viaYaml(text: string): unknown {
  const docs = parseAllDocuments(text, { lineCounter: new LineCounter(), prettyErrors: true, uniqueKeys: false });
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0].errors.length > 0) return 'error';
  return docs[0].toJS();
}

/** Numbers JSON cannot hold, kept apart. */
const show = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === 'number' && !Number.isFinite(x) ? `number ${x}` : x));

/** Declined, or read as `yaml` reads it (and then `yaml` saw no problem). */
function agrees(text: string): boolean {
  const quick = plainEnvironmentData(text);
  return quick === undefined || show(quick) === show(viaYaml(text));
}

const SCALARS = ['1', '-1', '+1', '0', '00', '07', '08', '0o17', '0x1F', '0b101', '1_000', '1e3', '1E3', '1e+3', '1.5e-3', '.5', '1.', '-.5', '.inf', '-.inf', '.NaN', 'nan',
  'null', 'Null', 'NULL', '~', '', 'true', 'True', 'TRUE', 'tRUE', 'yes', 'no', 'on', 'off', 'y', '2024-01-01', '2024-01-01T00:00:00Z', '12:30', '1:30:00', '=', '-0', '-0.0',
  '9007199254740993', '1e400', '-1e400', '1.5e999', '1e-400', '"1"', "'1'", '"a\\x41\\u00e9\\N\\_ b"', "'it''s'", 'a b # c', 'a#b', '@x', '`x', '!x', '*x', '&a x', '|', '>', '"\\t"'];
const FORMS = (s: string) => [`k: ${s}\n`, `- ${s}\n`, `k: [${s}]\n`, `${s}: v\n`, `k: {${s}: v}\n`, `? ${s}\n: v\n`];
const DOCUMENTS = ['a: |\n  x\n  y\n', 'a: >\n  x\n  y\n\n  z\n', 'a: |+\n  x\n\n', 'a: >2\n   x\n', 'a:\n  - b: 1\n    c: [1, {d: 2}]\n', "a: 'multi\n  line'\n", 'a: multi\n  line plain\n',
  '---\na: 1\n', 'a: 1\n...\n', '\ufeffa: 1\n', 'a: 1\r\nb: 2\r\n', 'a: &x {b: 1}\nc: *x\n', 'a: 1\na: 2\n', '? [a, b]\n: c\n', '{a: 1, b: [2, 3]}\n', 'a: !!str 1\n', 'a: !!binary aGk=\n',
  '', '---\n', 'a:\n', 'a: [\n  1,\n  2,\n]\n', 'a: {b: }\n', 'a: [b: c]\n', 'a: b: c\n', 'a:\tb\n', '\ta: b\n', 'a: x\n---\nb: y\n', '%YAML 1.1\n---\na: yes\n', '<<: {a: 1}\nb: 2\n', 'a:\n  <<: {b: 1}\n',
  'a: "unterminated\n', 'a: [1, 2\n', '- a\nb: c\n', 'a:\n- b\n  - c\n', 'key with spaces: 1\n', 'a : b\n', 'a: b #c\n#d\n', 'a: "x"y\n'];

describe('plain environment data', () => {
  it('reads every bundled environment, as `yaml` does', () => {
    for (const file of listEnvironmentFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      const quick = plainEnvironmentData(text);
      expect(quick, file).toBeDefined();
      expect(show(quick), file).toBe(show(viaYaml(text)));
    }
  });

  it('declines wherever `yaml` reports a problem, and otherwise reads as it does: every bad-input fixture', () => {
    const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(40);
    for (const f of files) expect(agrees(fs.readFileSync(path.join(FIXTURES, f), 'utf8')), f).toBe(true);
  });

  it('scalars of every type, as values, items, flow items, keys and explicit keys; documents of every form', () => {
    for (const s of SCALARS) for (const text of FORMS(s)) expect(agrees(text), JSON.stringify(text)).toBe(true);
    for (const text of DOCUMENTS) expect(agrees(text), JSON.stringify(text)).toBe(true);
  });

  it('each thing it leaves to `yaml` is one where js-yaml alone would read otherwise', () => {
    const differs = ['%YAML 1.1\n---\na: yes\n', 'a: !!float 1\n', '~: v\n', 'null: v\n', ': v\n', 'k: 1e400\n'];
    for (const text of differs) {
      let alone: unknown;
      try {
        alone = load(text, { schema: CORE_SCHEMA });
      } catch {
        alone = 'error';
      }
      expect(show(alone), JSON.stringify(text)).not.toBe(show(viaYaml(text)));
      expect(plainEnvironmentData(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});
