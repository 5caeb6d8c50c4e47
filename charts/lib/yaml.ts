// The one YAML writer for everything under dist/. js-yaml: about twice as fast
// as `yaml` on our objects, and its writer quotes every string a YAML 1.1
// parser would misread (Kubernetes reads manifests with one: unquoted
// on/off/yes/no are booleans there, 1:30 a number, 0755 octal).
//
// Why not js-yaml's dump() as it is: it was a third of synth's CPU. Most of it
// goes into choosing each scalar's style (three large Unicode regular
// expressions and the implicit-type resolvers per string), and the same few
// thousand strings (keys, labels, images) come back in every object. So this
// writer walks plain JSON data itself, with js-yaml's layout for block mappings
// and sequences (indent 2, sequence items inline, empty collections as {} and
// []), and asks js-yaml itself for each distinct scalar at each depth, once
// (js-yaml 5.5.0 src/ast/presenter.ts: a scalar's text depends only on its
// value, its depth and whether it is a key), unless the scalar is one js-yaml
// writes as it is (isPlain, isPlainNumber below): asking costs about 0.1 ms,
// most of a cold run's writing. Anything else (a Date, a Map, a
// key with a line break, a root that is not a mapping) goes to dump() whole.
// test/yaml.test.ts holds the output to dump()'s on every rendered object.
import { DUMP_SCHEMA, dump as jsYamlDump, jsToAst, present } from 'js-yaml';

const OPTIONS = { lineWidth: -1, noRefs: true, skipInvalid: true } as const;

/** js-yaml's own output for `value`: the reference, and the writer for what the fast path does not cover. */
// skipInvalid: an undefined field is left out, as JSON would.
export const dumpYaml = (value: unknown): string => jsYamlDump(value, OPTIONS);

/** Several objects as one multi-document YAML stream (an auto-deploy manifest of K3S). */
export const toYamlDocuments = (docs: unknown[]): string => docs.map((d) => toYaml(d)).join('---\n');

export const toYaml = (value: unknown): string => {
  if (!isPlainObject(value)) return dumpYaml(value);
  const out = { text: '', openEnded: false };
  // The root mapping, as present() writes it: block, compact (no leading line break).
  if (!writeMapping(out, 0, value, true)) return dumpYaml(value);
  if (out.text === '') return dumpYaml(value);
  // A block scalar that ends in an empty line leaves the document open: js-yaml closes it with "...".
  return `${out.text}\n${out.openEnded ? '...\n' : ''}`;
};

class Unsupported extends Error {}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype;
}

/**
 * The text so far, appended to in document order (a nested block is never
 * returned as a string and copied into its parent's), and whether the last
 * scalar written left the document open.
 */
interface Out { text: string; openEnded: boolean }

/** Writes a non-empty mapping at `level`; false when something in it needs dump(). */
function writeMapping(out: Out, level: number, obj: Record<string, unknown>, compact: boolean): boolean {
  try {
    blockMapping(out, level, obj, compact);
    return true;
  } catch (e) {
    if (e instanceof Unsupported) return false;
    throw e;
  }
}

/**
 * Writes a value after its "key:" or "-": a non-empty mapping or sequence as a
 * block (after a line break, or, in a sequence, compact: its first line after
 * "- "), anything else inline after a space.
 */
function value(out: Out, level: number, v: unknown, inSequence: boolean): void {
  if (Array.isArray(v)) {
    if (v.length === 0) { out.text += inSequence ? '[]' : ': []'; out.openEnded = false; return; }
    if (!inSequence) out.text += ':';
    blockSequence(out, level, v, inSequence);
  } else if (v !== null && typeof v === 'object') {
    if (!isPlainObject(v)) throw new Unsupported();
    const keys = Object.keys(v);
    if (keys.length === 0) { out.text += inSequence ? '{}' : ': {}'; out.openEnded = false; return; }
    if (!inSequence) out.text += ':';
    blockMapping(out, level, v, inSequence, keys);
  } else {
    const text = scalar(out, level, v, false);
    out.text += inSequence ? text : `: ${text}`;
  }
}

const INDENTS: string[] = [];
const indentOf = (level: number) => (INDENTS[level] ??= `\n${' '.repeat(2 * level)}`);

function blockMapping(out: Out, level: number, obj: Record<string, unknown>, compact: boolean, keys = Object.keys(obj)): void {
  const indent = indentOf(level);
  let empty = true;
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) continue; // skipInvalid
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') throw new Unsupported();
    if (!compact || !empty) out.text += indent;
    empty = false;
    out.text += scalar(out, level + 1, key, true);
    value(out, level + 1, v, false);
  }
  if (empty) throw new Unsupported(); // every value skipped: dump() writes {}
}

function blockSequence(out: Out, level: number, items: unknown[], compact: boolean): void {
  const indent = indentOf(level);
  let first = true;
  for (const raw of items) {
    if (typeof raw === 'function' || typeof raw === 'symbol' || typeof raw === 'bigint') throw new Unsupported();
    if (!compact || !first) out.text += indent;
    first = false;
    // An item never starts with a line break: a collection in a sequence is compact (its first line follows "- ").
    out.text += '- ';
    value(out, level + 1, raw === undefined ? null : raw, true);
  }
}

/** Rendered scalars: per depth and key-or-value, by value (-0 apart: a Map takes it for 0). */
const scalars: Array<Map<unknown, { text: string; openEnded: boolean }>> = [];
const NEGATIVE_ZERO = Symbol('-0');

function scalar(out: Out, level: number, v: unknown, isKey: boolean): string {
  if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new Unsupported();
  if (isKey && (typeof v !== 'string' || v.includes('\n') || v.length > 1000)) throw new Unsupported(); // explicit "? " keys
  const byValue = (scalars[2 * level + (isKey ? 1 : 0)] ??= new Map());
  const id = Object.is(v, -0) ? NEGATIVE_ZERO : v;
  let s = byValue.get(id);
  if (!s) {
    s = (typeof v === 'string' && isPlain(v)) || isPlainNumber(v) ? { text: String(v), openEnded: false } : (!isKey && typeof v === 'string' && literalBlock(level, v)) || presentScalar(level, v, isKey);
    byValue.set(id, s);
  }
  out.openEnded = s.openEnded;
  return s.text;
}

/**
 * Most scalars are written plain, as they are: names, labels, images, paths,
 * flags, sentences. js-yaml (src/ast/scalar_styler.ts canUsePlain, and the
 * rules of src/ast/styler_defaults.ts) writes a one-line string plain when it
 * matches YAML's ns-plain-one-line (out of flow) and a YAML 1.1 reader would
 * not take it for another type (yes, on, 0755, 1e3, null, a date, "="), and
 * has no tab or invisible character. PLAIN below is a part of that decided
 * without js-yaml: printable ASCII, no indicator first (but "-", "?" or ":"
 * before a non-space, as ns-plain-first allows: --flag=value), no space first
 * or last, no ": ", " #" or ":" last, not a document marker. Anything else is
 * asked of js-yaml.
 */
const PLAIN = /^(?!---|\.\.\.)(?:[-?:](?=[\x21-\x7e])|(?![-?:,[\]{}#&*!|>'"%@`])[\x21-\x7e])(?:[\x20-\x7e]*[\x21-\x7e])?$/;
const STRING_TAG = DUMP_SCHEMA.defaultScalarTag.tagName;
const isPlain = (v: string) => PLAIN.test(v) && !v.endsWith(':') && !v.includes(': ') && !v.includes(' #') && v !== '=' && DUMP_SCHEMA.resolveImplicitScalarTag(v).tag.tagName === STRING_TAG;

/** js-yaml writes a safe integer in decimal and a boolean as true or false (src/tags: represent), plain: they read back as themselves. */
const isPlainNumber = (v: unknown): v is number | boolean => typeof v === 'boolean' || (Number.isSafeInteger(v) && !Object.is(v, -0));

/**
 * A text of several lines, as js-yaml writes it as a value at `level` (>= 1)
 * with lineWidth -1: a literal block (src/ast/styler_defaults.ts
 * tryLongOrMultilineAsBlock; src/ast/scalar_styler.ts renderLiteralBlock,
 * blockHeader, indentString), unless it is only white space or holds a
 * character other than printable ASCII and line feeds (a tab, a carriage
 * return, an invisible one): js-yaml is asked about those.
 */
function literalBlock(level: number, v: string): { text: string; openEnded: boolean } | undefined {
  if (!v.includes('\n') || !/^[\x20-\x7e\n]*$/.test(v) || /^\s+$/.test(v)) return undefined;
  // Indentation indicator: the content's indent beyond the parent's, when the text starts with a space.
  const indicator = /^\n* /.test(v) ? '2' : '';
  const chomping = !v.endsWith('\n') ? '-' : v.endsWith('\n\n') ? '+' : '';
  const pad = ' '.repeat(2 * level);
  let body = '';
  for (const line of v.split('\n')) body += `${line === '' ? '' : pad}${line}\n`;
  // split() gives one line more than there are line breaks: the last "\n" added is not the text's.
  body = body.slice(0, -1);
  // Like js-yaml, the block's own last line break is the one after it.
  if (body.endsWith('\n')) body = body.slice(0, -1);
  return { text: `|${indicator}${chomping}\n${body}`, openEnded: v.endsWith('\n\n') };
}

const PRESENT = { lineWidth: OPTIONS.lineWidth, schema: DUMP_SCHEMA };
type Ast = NonNullable<ReturnType<typeof jsToAst>[0]['contents']>;
const astOf = (v: unknown): Ast => jsToAst(v, DUMP_SCHEMA, OPTIONS)[0].contents!;
const K = astOf('k');
const NULL = astOf(null);
const EMPTY_MAPPING = astOf({});
const mappingOf = (key: Ast, value: Ast) => ({ ...EMPTY_MAPPING, items: [{ key, value }] }) as Ast;

/**
 * js-yaml's text for one scalar at `level` (>= 1): present() on a chain of
 * mappings `k:` that puts it at that depth, as a value (`k: <it>`) or as a key
 * (`<it>: null`), with the chain cut off again.
 */
function presentScalar(level: number, v: unknown, isKey: boolean): { text: string; openEnded: boolean } {
  let doc = isKey ? mappingOf(astOf(v), NULL) : mappingOf(K, astOf(v));
  for (let d = level - 1; d > 0; d--) doc = mappingOf(K, doc);
  const text = present([{ contents: doc, directives: [] }], PRESENT);
  let head = '';
  for (let d = 0; d < level - 1; d++) head += `${' '.repeat(2 * d)}k:\n`;
  head += `${' '.repeat(2 * (level - 1))}${isKey ? '' : 'k: '}`;
  const suffix = isKey ? ': null\n' : '\n';
  const openEnded = text.endsWith('\n...\n');
  const body = openEnded ? text.slice(0, -4) : text;
  if (!body.startsWith(head) || !body.endsWith(suffix)) throw new Error(`yaml: unexpected js-yaml output for ${JSON.stringify(v)} at depth ${level}: ${JSON.stringify(text)}`);
  return { text: body.slice(head.length, body.length - suffix.length), openEnded };
}
