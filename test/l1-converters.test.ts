// scripts/lib/l1-converters.mjs: the bundles' rewrite of the generated
// converters' undefined-dropping reduce finds every one of them, and the loop
// it calls builds the same object as the reduce.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fasterConverters, HELPER, isBinding } from '../scripts/lib/l1-converters.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const REDUCE = /\.reduce\(\(r, i\) => \(i\[1\] === undefined\)/g;
const bindings = [
  ...fs.readdirSync(path.join(ROOT, 'imports')).filter((f) => f.endsWith('.ts')).map((f) => `imports/${f}`),
  path.relative(ROOT, createRequire(import.meta.url).resolve('cdk8s-plus-27/lib/imports/k8s.js')),
];

/** The reduce as the generators write it, and its rewrite, as functions of the object. */
const forms = (value: string) => {
  const original = `Object.entries(o).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: ${value} }), {})`;
  const rewritten = fasterConverters(original);
  return [original, rewritten].map((body) => new Function('o', `${HELPER}\nreturn ${body};`) as (o: unknown) => Record<string, unknown>);
};

/** Same keys in the same order, same values, same own-ness of "__proto__". */
const describeObject = (o: Record<string, unknown>) => JSON.stringify({ keys: Reflect.ownKeys(o).map(String), values: Object.values(o), proto: Object.getPrototypeOf(o) === Object.prototype });

describe('the faster L1 converters', () => {
  it('rewrites every undefined-dropping reduce of every binding, nested ones too', () => {
    expect(bindings.every(isBinding)).toBe(true);
    expect(isBinding('charts/imports/x.ts')).toBe(false);
    let total = 0;
    for (const file of bindings) {
      const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const n = source.match(REDUCE)?.length ?? 0;
      const rewritten = fasterConverters(source);
      expect(rewritten.match(REDUCE), file).toBeNull();
      expect(rewritten.split('__l1Defined(').length - 1, file).toBe(n);
      total += n;
    }
    expect(total).toBeGreaterThan(5000);
    // A reduce the pattern does not know stays as it is (and the count above would catch one left behind).
    const other = 'Object.entries(o).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), [])';
    expect(fasterConverters(other)).toBe(other);
  });

  it('builds the same object: order, undefined left out, numeric keys, "__proto__" as an own key, values mapped', () => {
    const inputs: Array<Record<string, unknown>> = [
      {},
      { b: 1, a: undefined, c: null, d: { value: 3 } },
      { 2: 'two', z: 'z', 1: 'one' },
      JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'),
    ];
    for (const value of ['i[1]', 'i[1]?.value', '((i[1]) === undefined) ? undefined : (Object.entries(i[1]).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {}))']) {
      const [original, rewritten] = forms(value);
      for (const o of inputs) {
        if (value.startsWith('((') && Object.values(o).includes(null)) continue; // Object.entries(null) throws in both
        expect(describeObject(rewritten(o)), `${value} on ${JSON.stringify(o)}`).toBe(describeObject(original(o)));
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the comparison sees a helper that sets "__proto__" as the prototype', () => {
    const o = JSON.parse('{"__proto__": {"p": 1}}');
    const naive: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) naive[k] = v;
    const [original] = forms('i[1]');
    expect(describeObject(naive)).not.toBe(describeObject(original(o)));
  });
});
