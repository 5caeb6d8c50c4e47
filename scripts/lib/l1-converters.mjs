// A faster form of one pattern in the generated L1 bindings' toJson_* converters
// (cdk8s import: imports/*.ts; cdk8s-plus-27 2.9.5 lib/imports/k8s.js), for
// the bundles of scripts/run.mjs.
//
// Why: each converter ends by dropping undefined fields with
//   Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})
// which copies the object once per field (quadratic, and garbage for the
// collector): the converters were a sixth of synth's CPU. The rewrite calls a
// loop with the same callback body, which builds the same object (same keys in
// the same order, "__proto__" an own key as in a literal). The callback gets
// one [key, value] pair, refilled for each key: the generated bodies read it
// at once (i[1], toJson_X(i[1]), i[1]?.value) and keep nothing of it.
const PATTERN = /Object\.entries\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: ((?:(?!Object\.entries\().)+?) \}\), \{\}\)/g;

/** The helper the rewritten converters call: put once at the top of a bundle. */
export const HELPER = "function __l1Defined(o, f) { const r = {}; const keys = Object.keys(o); const i = [undefined, undefined]; for (let n = 0; n < keys.length; n++) { const k = keys[n]; const v = o[k]; if (v === undefined) continue; i[0] = k; i[1] = v; if (k === '__proto__') Object.defineProperty(r, k, { value: f(i), writable: true, enumerable: true, configurable: true }); else r[k] = f(i); } return r; }";

/** Whether a file (its path from the repository's root) is a generated L1 binding. */
export const isBinding = (file) => /^imports\/[^/]+\.ts$/.test(file) || /(^|\/)node_modules\/cdk8s-plus-\d+\/lib\/imports\/k8s\.js$/.test(file);

/** The source with every undefined-dropping reduce replaced by a call of HELPER (nested ones first: maps of maps). */
export function fasterConverters(source) {
  for (let previous; previous !== source;) {
    previous = source;
    source = source.replace(PATTERN, (_, object, value) => `__l1Defined(${object}, (i) => ${value})`);
  }
  return source;
}
