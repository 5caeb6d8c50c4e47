// A faster form of one pattern in the generated L1 bindings' toJson_* converters
// (cdk8s import: imports/*.ts; cdk8s-plus-27 2.9.5 lib/imports/k8s.js), for
// the bundles of scripts/run.mjs.
//
// Why: each converter ends by dropping undefined fields with
//   Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})
// which copies the object once per field (quadratic, and garbage for the
// collector): the converters were a sixth of synth's CPU. The rewrite calls a
// loop with the same callback body, which builds the same object (same keys in
// the same order, "__proto__" an own key as in a literal).
const PATTERN = /Object\.entries\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: ((?:(?!Object\.entries\().)+?) \}\), \{\}\)/g;

/** The helper the rewritten converters call: put once at the top of a bundle. */
export const HELPER = "function __l1Defined(o, f) { const r = {}; for (const i of Object.entries(o)) { if (i[1] === undefined) continue; if (i[0] === '__proto__') Object.defineProperty(r, i[0], { value: f(i), writable: true, enumerable: true, configurable: true }); else r[i[0]] = f(i); } return r; }";

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
