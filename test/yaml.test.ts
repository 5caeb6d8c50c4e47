// charts/lib/yaml.ts writes what js-yaml's dump() writes, byte for byte: on
// every object the bundled environments render, and on the scalars where
// YAML's styles differ (quoting, block scalars at each depth, document end).
import { describe, expect, it } from 'vitest';
import { dumpYaml, toYaml } from '../charts/lib/yaml';
import { ENV_NAMES, objects } from './support/bundled';

const TRICKY: unknown[] = [
  '', ' ', '  lead', 'trail ', 'a b', 'a: b', 'a #b', '#c', '- x', '-x', '? q', ':', 'x:', 'a,b', '[x]', '{y}', '*ref', '&a', '!t', '|', '>', '%', '@', '`',
  'yes', 'no', 'on', 'off', 'y', 'n', 'True', 'NULL', '~', 'null', '0755', '0o17', '0x1F', '1_000', '1:30', '190:20:30', '1e3', '1.5', '.5', '.inf', '-.inf', '.NaN', '2026-11-30', '2026-11-30T09:00:00Z', '<<', '=',
  'line\nbreak', 'ends\n', 'ends twice\n\n', '\n', '\n\nlead', ' indented\nblock', 'tab\there', 'tab\n\tline', 'nbsp\u00a0x', 'bom\ufeff', 'é ü 日本', '---', '...', 'x\n---\ny', 'x\n...\n',
  'a'.repeat(300), `${'word '.repeat(60)}end`, 'windows\r\nline',
  // Where charts/lib/yaml.ts decides plain without js-yaml: next to each of its rules.
  'a:b', 'a#b', 'a :b', 'a : b', 'a:#', 'http://h:1/p?q=1#f', 'a, b', 'a [b] {c}', '{{ x }}', 'x {{ $labels.pod }}', "it's", '"q" x', 'a  b', 'x!', 'x%', 'x@', 'x`', 'x=y', '==', '<<x', '--', '---x', '--- x', '...x', '.x', '~x', 'a # b', 'a#', 'a\u00a0b', 'café', 'a\u0085b', 'a\u007fb',
  '--flag=x', '-x', '-1', '-.5', '-.inf', '- x', '-', '?x', '? x', ':x', ': x', '-#x', '--a: b', '-x #c', '-x:', '?', '-x y', 'a\n-b',
  '12:30', '0b101', '+1', '+.5', '.5e3', 'Yes', 'NO', 'Off', 'Null', '2001-12-14t21:59:43.10-05:00', 'Y', '$x', '/x', '(x)', 'x)', ';x', '^x', '_x', '+x',
  2 ** 53, -(2 ** 53), 2 ** 53 - 1, 1e15, -5, 0.1, -0.5,
  // Texts of several lines, which charts/lib/yaml.ts writes as literal blocks itself.
  'a\n\n\nb', '  two\nlead', 'x\n ', 'space \nx', '#c\nx', '- a\n- b', 'k: v\nk2: v2', "'q'\nx", '"q"\nx', 'x\n\n', 'x\n\n\n', '\n x', ' \n', '\n\n', 'a\n  \nb', '|\nx', '>\nx', 'a\u00e9\nb', 'a\x7f\nb', 'a\u2028\nb',
  0, -0, 1, -1, 1.5, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, Infinity, -Infinity, NaN, true, false, null,
];

const nest = (v: unknown, depth: number): unknown => (depth === 0 ? v : { k: nest(v, depth - 1) });

describe('toYaml is dump()', () => {
  it.each(ENV_NAMES)('every object %s renders', (name) => {
    const differ = objects(name).filter((m) => toYaml(m) !== dumpYaml(m)).map((m) => `${m.kind}/${m.metadata.name}`);
    expect(differ).toEqual([]);
  });

  it('scalars of every style, as values at depths 1 to 4, as list items and as keys', () => {
    for (const v of TRICKY) {
      for (let depth = 0; depth < 4; depth++) {
        // As values alone too: a key with a line break sends the whole document to dump().
        for (const doc of [nest({ v, list: [v, [v], { v }] }, depth), nest({ v, list: [v, [v], { v }], [String(v)]: 1 }, depth)]) {
          expect(toYaml(doc), JSON.stringify(v)).toBe(dumpYaml(doc));
        }
      }
    }
  });

  it('what the fast path does not take: empty and skipped values, other objects, keys with line breaks, a non-mapping root', () => {
    const cases: unknown[] = [
      { a: undefined }, { a: undefined, b: 1 }, { a: [undefined, null] }, { a: {}, b: [], c: [[]], d: [{}] },
      { a: new Date(0) }, { a: new Map([['x', 1]]) }, { 'two\nlines': 1 }, { ['k'.repeat(1100)]: 1 }, { f: () => 1, g: 2 },
      [1, 2], 'text', 3, null,
    ];
    for (const c of cases) expect(toYaml(c)).toBe(dumpYaml(c));
  });

  it('a scalar is cached per depth: a block scalar is indented by where it stands', () => {
    const text = 'first\nsecond';
    expect(toYaml({ a: text })).toBe('a: |-\n  first\n  second\n');
    expect(toYaml({ a: { b: text } })).toBe('a:\n  b: |-\n    first\n    second\n');
    expect(toYaml({ a: text })).toBe('a: |-\n  first\n  second\n');
  });

  it('a document that ends in an open block scalar is closed with "..."', () => {
    expect(toYaml({ a: 'x\n\n' })).toBe(dumpYaml({ a: 'x\n\n' }));
    expect(toYaml({ a: 'x\n\n' })).toMatch(/\n\.\.\.\n$/);
    expect(toYaml({ a: 'x\n\n', b: 'y' })).not.toMatch(/\.\.\.\n$/);
  });
});
