// The objects of every chart of an app, as cdk8s's Chart.toJson() returns
// them (cdk8s 2.70.106 lib/app.js App._synthChart), at a fraction of the cost.
//
// Why: Chart.toJson() was the largest part of synth. Per chart it prepares the
// whole app again (resolveDependencies, validate: idempotent, so once per app
// is the same), and per object ApiObject.toJson() (lib/api-object.js) runs
// resolve() (lib/resolve.js: App.of() up the construct tree, a new
// ResolutionContext, three resolver calls and a copied key path for every
// value) and then sanitizeValue() (lib/_util.js) over the result. Here one walk
// does both, with the same outcome: the built-in resolvers leave strings,
// numbers and booleans alone, so only objects are looked at. The L1 classes
// (imports/, cdk8s-plus-27's k8s) keep their own toJson(), which calls
// ApiObject.prototype.toJson() through `super`: that method is this walk while
// synthesizeCharts runs. Whatever the walk does not know to be equivalent (JSON
// patches, other resolvers, CDK8S_DISABLE_SORT, a value that is neither JSON nor
// a Lazy, a token or a number-or-string union) goes to cdk8s's own code.
// test/synth.test.ts holds the walk to cdk8s's output.
import { ApiObject, App, Chart, DependencyGraph, ImplicitTokenResolver, Lazy, LazyResolver, NumberStringUnionResolver, type ApiObjectMetadataDefinition } from 'cdk8s';
import type { IConstruct } from 'constructs';

/** cdk8s's own ApiObject.toJson(), for what the walk hands back. */
const upstreamToJson = ApiObject.prototype.toJson;

/** Each chart's objects, in the order Chart.toJson() gives them. */
export function synthesizeCharts(app: App, charts: Chart[]): unknown[][] {
  const all = app.node.findAll();
  resolveDependencies(all);
  validate(all);
  // Without a dependency anywhere, the dependency graph orders each chart's constructs as findAll does.
  const independent = all.every((c) => c.node.dependencies.length === 0);
  ApiObject.prototype.toJson = fastToJson;
  try {
    return charts.map((chart) => chartObjects(chart, independent).map((o) => o.toJson()));
  } finally {
    ApiObject.prototype.toJson = upstreamToJson;
  }
}

// lib/app.js validate(): every construct's own validations.
function validate(all: IConstruct[]): void {
  const errors = all.flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

// lib/app.js resolveDependencies(): nested charts and cross-chart construct
// dependencies become chart dependencies, and construct dependencies become
// dependencies between the ApiObjects below them (which order a chart's objects).
function resolveDependencies(all: IConstruct[]): void {
  const below = new Map<IConstruct, IConstruct[]>();
  const findAll = (c: IConstruct) => below.get(c) ?? below.set(c, c.node.findAll()).get(c)!;
  for (const parent of all.filter((x) => x instanceof Chart)) {
    for (const child of parent.node.children.filter((x) => x instanceof Chart)) parent.node.addDependency(child);
  }
  const dependencies = () => all.flatMap((source) => source.node.dependencies.map((target) => ({ source, target })));
  for (const { source, target } of dependencies()) {
    const [from, to] = [Chart.of(source), Chart.of(target)];
    if (from !== to) from.node.addDependency(to);
  }
  for (const { source, target } of dependencies()) {
    const [from, to] = [Chart.of(source), Chart.of(target)];
    const targets = findAll(target).filter((c) => c instanceof ApiObject && Chart.of(c) === to);
    const sources = findAll(source).filter((c) => c instanceof ApiObject && Chart.of(c) === from);
    for (const t of targets) for (const s of sources) if (t !== s) s.node.addDependency(t);
  }
}

// lib/app.js chartToKube(): the chart's own objects, dependencies first.
// (lib/dependency.js: the graph's root adopts every construct without a
// dependant, in findAll order, and topology() visits each one's dependencies
// first; with none, that is findAll's order.)
function chartObjects(chart: Chart, independent: boolean): ApiObject[] {
  const ordered = independent ? chart.node.findAll() : new DependencyGraph(chart.node).topology();
  return ordered.filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart);
}

/** A value the walk leaves to cdk8s. */
class Unsupported extends Error {}

// ApiObject.toJson() of lib/api-object.js: the metadata (lib/metadata.js
// toJson(), empty arrays and objects dropped), then the object, keys sorted,
// with apiVersion, kind and metadata first.
function fastToJson(this: ApiObject): unknown {
  const internals = this as unknown as { patches: unknown[]; props: Record<string, unknown> };
  if (internals.patches.length > 0 || process.env.CDK8S_DISABLE_SORT || !builtInResolvers(App.of(this))) return upstreamToJson.call(this);
  try {
    const json = walk({ ...internals.props, metadata: metadataJson(this.metadata) }, false) as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(json)]) if (k in json) result[k] = json[k];
    return result;
  } catch (e) {
    if (e instanceof Unsupported) return upstreamToJson.call(this);
    throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
  }
}

function metadataJson(m: ApiObjectMetadataDefinition): unknown {
  const { _additionalAttributes: extra, annotations, finalizers, ownerReferences, labels } = m as unknown as Record<'_additionalAttributes' | 'annotations' | 'labels', Record<string, unknown>> & Record<'finalizers' | 'ownerReferences', unknown[]>;
  return walk({ ...extra, name: m.name, namespace: m.namespace, annotations, finalizers, ownerReferences, labels }, true);
}

/** The app resolves with cdk8s's three built-in resolvers only, in their order (lib/app.js App constructor). */
function builtInResolvers(app: App): boolean {
  const r = app.resolvers;
  return r.length === 3 && r[0].constructor === LazyResolver && r[1].constructor === ImplicitTokenResolver && r[2].constructor === NumberStringUnionResolver;
}

/**
 * resolve() then sanitizeValue() of one value: null and undefined are left
 * out (undefined), a Lazy is produced, a token resolved, a number-or-string
 * union (IntOrString, Quantity) becomes { value }, arrays and plain objects are
 * walked (keys sorted). `dropEmpty`: sanitizeValue's filterEmptyArrays and
 * filterEmptyObjects.
 */
function walk(v: unknown, dropEmpty: boolean): unknown {
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean') return v;
  if (v === null || v === undefined) return undefined;
  if (t !== 'object') throw new Unsupported();
  if (Array.isArray(v)) {
    const a = v as unknown[] & { value?: unknown; resolve?: unknown };
    if (Object.getPrototypeOf(a) !== Array.prototype || a.value !== undefined || a.resolve !== undefined) throw new Unsupported();
    if (dropEmpty && a.length === 0) return undefined;
    const out = new Array<unknown>(a.length);
    for (let i = 0; i < a.length; i++) out[i] = walk(a[i], dropEmpty);
    return out;
  }
  const o = v as Record<string, unknown>;
  if (Object.getPrototypeOf(o) === Object.prototype && o.constructor === Object && typeof o.resolve !== 'function') {
    const keys = Object.keys(o);
    if (keys.length > 1) keys.sort();
    const out: Record<string, unknown> = {};
    let empty = true;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k === '__proto__') throw new Unsupported();
      const x = walk(o[k], dropEmpty);
      if (x !== undefined) { out[k] = x; empty = false; }
    }
    return dropEmpty && empty ? undefined : out;
  }
  // The resolvers, in their order.
  if (o instanceof Lazy) return walk(o.produce(), dropEmpty);
  if (typeof o.resolve === 'function') return walk((o.resolve as () => unknown)(), dropEmpty);
  if (o.constructor !== Object && (typeof o.value === 'number' || typeof o.value === 'string')) return walk({ value: o.value }, dropEmpty);
  throw new Unsupported();
}
