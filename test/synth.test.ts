// charts/lib/synth.ts returns what cdk8s's Chart.toJson() returns: the same
// objects, keys in the same order, on a bundled environment and on the values
// where resolve() and sanitizeValue() do something (Lazy, tokens, unions, null,
// empty metadata), and it leaves to cdk8s what it does not cover.
import { ApiObject, App, Chart, JsonPatch, Lazy, type IResolver, type ResolutionContext } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../charts/app';
import { synthesizeCharts } from '../charts/lib/synth';
import { environment } from './support/bundled';

/** Equal with keys in the same order and undefined where cdk8s has undefined. */
function same(a: unknown, b: unknown): boolean {
  try {
    expect(a).toStrictEqual(b);
  } catch {
    return false;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A chart of one object of each kind given, synthesized both ways (each on its own app: cdk8s keeps no state, but the objects are built twice). */
function both(define: (chart: Chart) => void, app = () => new App()): { fast: unknown[]; upstream: unknown[] } {
  const a = app();
  const c1 = new Chart(a, 'c');
  define(c1);
  const fast = synthesizeCharts(a, [c1])[0];
  const b = app();
  const c2 = new Chart(b, 'c');
  define(c2);
  return { fast, upstream: c2.toJson() };
}

describe('synthesizeCharts is Chart.toJson()', () => {
  it('the comparison sees key order and undefined', () => {
    expect(same({ a: 1, b: 2 }, { a: 1, b: 2 })).toBe(true);
    expect(same({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(same({ a: 1, b: undefined }, { a: 1 })).toBe(false);
    expect(same([null], [undefined])).toBe(false);
  });

  it('every chart of a bundled environment', () => {
    const env = environment('dev');
    const fast = buildEnvironment(env);
    const upstream = buildEnvironment(env);
    const got = synthesizeCharts(fast.app, fast.layers);
    const differ = upstream.layers.flatMap((chart, i) => {
      const want = chart.toJson();
      if (want.length !== got[i].length) return [`${chart.layer}: ${got[i].length} objects, cdk8s ${want.length}`];
      return want.flatMap((w, j) => (same(got[i][j], w) ? [] : [`${chart.layer}: ${w.kind}/${w.metadata.name}`]));
    });
    expect(differ).toEqual([]);
    expect(got.flat().length).toBeGreaterThan(100);
  });

  it('Lazy values, tokens, number-or-string unions, null and undefined, empty metadata and nested empties', () => {
    let produced = 0;
    const { fast, upstream } = both((c) => {
      new ApiObject(c, 'plain', {
        apiVersion: 'v1', kind: 'ConfigMap',
        metadata: { name: 'plain', labels: {}, annotations: { b: 'x', a: 'y' }, finalizers: [], extra: { empty: {}, list: [] } } as never,
        data: { z: '1', a: null, m: undefined, e: {}, l: [], n: [null, undefined, 0, '', false, { x: null }] },
        lazy: Lazy.any({ produce: () => ({ b: ++produced > 0, a: Lazy.any({ produce: () => [3, 2] }) }) }),
        token: { resolve: () => ({ y: 1, x: 2 }) },
      } as never);
      new k8s.KubeService(c, 'svc', {
        metadata: { name: 'svc' },
        spec: { ports: [{ port: 80, targetPort: k8s.IntOrString.fromString('http') }, { port: 81, targetPort: k8s.IntOrString.fromNumber(8081) }] },
      });
      new k8s.KubeLimitRange(c, 'limits', { spec: { limits: [{ type: 'Container', default: { cpu: k8s.Quantity.fromString('1'), memory: k8s.Quantity.fromNumber(5) } }] } });
    });
    expect(same(fast, upstream)).toBe(true);
    expect(produced).toBe(2); // once per synthesis
    expect((fast[1] as any).spec.ports[1].targetPort).toBe(8081);
  });

  it('leaves JSON patches, other resolvers and values it does not know to cdk8s', () => {
    const patched = both((c) => new ApiObject(c, 'p', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: '1' } }).addJsonPatch(JsonPatch.add('/data/b', '2')));
    expect(same(patched.fast, patched.upstream)).toBe(true);
    expect((patched.fast[0] as any).data).toEqual({ a: '1', b: '2' });

    const upper: IResolver = { resolve: (ctx: ResolutionContext) => { if (typeof ctx.value === 'string' && ctx.key.at(-1) === 'a' && ctx.value !== ctx.value.toUpperCase()) ctx.replaceValue(ctx.value.toUpperCase()); } };
    const resolved = both((c) => new ApiObject(c, 'r', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'x' } }), () => new App({ resolvers: [upper] }));
    expect(same(resolved.fast, resolved.upstream)).toBe(true);
    expect((resolved.fast[0] as any).data.a).toBe('X');

    const error = (f: () => unknown) => { try { f(); } catch (e) { return (e as Error).message; } return 'no error'; };
    const define = (c: Chart) => new ApiObject(c, 'd', { apiVersion: 'v1', kind: 'ConfigMap', data: { when: new Date(0) } });
    const a = new App();
    const c1 = new Chart(a, 'c');
    define(c1);
    const b = new App();
    const c2 = new Chart(b, 'c');
    define(c2);
    expect(error(() => synthesizeCharts(a, [c1]))).toBe(error(() => c2.toJson()));
    expect(error(() => c2.toJson())).toMatch(/non-simple object of type 'Date'/);
  });

  it('puts ApiObject.prototype.toJson back, also after an error', () => {
    const before = ApiObject.prototype.toJson;
    const a = new App();
    new ApiObject(new Chart(a, 'c'), 'd', { apiVersion: 'v1', kind: 'ConfigMap', data: { f: Lazy.any({ produce: () => { throw new Error('boom'); } }) } });
    expect(() => synthesizeCharts(a, a.node.children as Chart[])).toThrow(/boom/);
    expect(ApiObject.prototype.toJson).toBe(before);
  });

  it('validates the app once, as Chart.toJson() does', () => {
    const a = new App();
    const c = new Chart(a, 'c');
    new ApiObject(c, 'd', { apiVersion: 'v1', kind: 'ConfigMap' }).node.addValidation({ validate: () => ['not good'] });
    expect(() => synthesizeCharts(a, [c])).toThrow(/\[c\/d\] not good/);
  });

  it('orders a chart by its dependencies, as Chart.toJson() does', () => {
    const { fast, upstream } = both((c) => {
      const first = new ApiObject(c, 'first', { apiVersion: 'v1', kind: 'ConfigMap' });
      const second = new ApiObject(c, 'second', { apiVersion: 'v1', kind: 'ConfigMap' });
      first.addDependency(second);
    });
    expect(same(fast, upstream)).toBe(true);
    expect((fast as any[]).map((o) => o.metadata.name.split('-')[1])).toEqual(['second', 'first']);
  });
});
