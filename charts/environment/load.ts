// Reads environments/<name>.yaml: YAML syntax, then the JSON schema (ajv, strict,
// all errors), then the semantic checks. Every problem is reported with file,
// line, field path and what was expected, all at once.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { LineCounter, isMap, isNode, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import { EnvironmentSchema } from './schema';
import { environmentValidator } from './schema-validator';
import { resolveEnvironment, type Environment } from './environment';
import { EnvironmentError, formatPath, type EnvironmentIssue, type FieldPath } from './errors';
import { semanticIssues, type SemanticIssue } from './semantic';
import { plainEnvironmentData } from './plain-data';

export const ENVIRONMENTS_DIR = path.resolve(import.meta.dirname, '../../environments');

/** The bundled environments, in the order they are rendered (misnamed files: see ./folder.ts). */
export function listEnvironmentFiles(dir = ENVIRONMENTS_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.startsWith('.')).sort().map((f) => path.join(dir, f));
}

/** Loads and checks one environment file; throws EnvironmentError listing every issue. */
export function loadEnvironment(file: string, displayName = path.relative(process.cwd(), file) || file): Environment {
  const bytes = readFileSync(file);
  return parseEnvironment(decodeText(bytes, displayName), path.basename(file, '.yaml'), displayName);
}

/** The file as text, or a clear error for binary content (never echoed to the terminal). */
function decodeText(bytes: Buffer, file: string): string {
  const nul = bytes.indexOf(0);
  try {
    if (nul >= 0) throw new Error(`a NUL byte at offset ${nul}`);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    const why = e instanceof TypeError ? 'bytes that are not UTF-8' : (e as Error).message;
    throw new EnvironmentError([{ file, path: [], line: 1, column: 1, message: `not a text file (it holds ${why}); expected a YAML environment file` }]);
  }
}

const REQUIRED_TOP = Object.keys(EnvironmentSchema.properties).filter((k) => ((EnvironmentSchema.required ?? []) as string[]).includes(k));

export function parseEnvironment(text: string, name: string, file: string): Environment {
  return quickEnvironment(text, name, file) ?? checkedEnvironment(text, name, file);
}

/**
 * A valid file read with js-yaml (./plain-data.ts), its positions found with
 * `yaml` only if a later check asks (capacity at render); undefined for
 * anything that is not plainly valid: checkedEnvironment then reports it.
 */
function quickEnvironment(text: string, name: string, file: string): Environment | undefined {
  const raw = plainEnvironmentData(text);
  if (!raw || !environmentValidator()(raw)) return undefined;
  let env: Environment;
  try {
    env = resolveEnvironment(name, file, raw);
    if (semanticIssues(raw, env).length > 0) return undefined;
  } catch {
    return undefined;
  }
  let at: ((path: FieldPath) => Pick<EnvironmentIssue, 'line' | 'column'>) | undefined;
  locators.set(env, (path) => (at ??= locator(text))(path));
  sources.set(env, raw);
  return env;
}

/** Line and column of field paths in the file. */
function locator(text: string): (path: FieldPath) => Pick<EnvironmentIssue, 'line' | 'column'> {
  const lineCounter = new LineCounter();
  const [doc] = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: false }) as Document[];
  return (path) => locate(doc, lineCounter, path);
}

/** The file read with `yaml`: every problem, with its line and column. */
function checkedEnvironment(text: string, name: string, file: string): Environment {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length > 1) {
    const second = list[1].range?.[0];
    const pos = second !== undefined ? position(lineCounter, second) : {};
    throw new EnvironmentError([{ file, path: [], ...pos, message: `the file holds ${list.length} YAML documents (separated by "---"); an environment file holds exactly one: remove the "---" line or split the file` }]);
  }
  const doc = list[0];
  if (!doc || doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null && doc.errors.length === 0)) {
    throw new EnvironmentError([{ file, path: [], line: 1, column: 1, message: `the file is empty; expected an environment with at least ${REQUIRED_TOP.join(', ')} (copy a bundled environment to start)` }]);
  }
  const at = (path: FieldPath) => locate(doc, lineCounter, path);
  if (doc.errors.length > 0) {
    // The first syntax error only: the parser's later ones are mostly consequences of it.
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    const more = doc.errors.length > 1 ? ' (fix this first; what follows it could not be read)' : '';
    throw new EnvironmentError([{ file, path: [], message: `YAML syntax: ${syntaxMessage(e.code, e.message)}${more}`, line: pos?.line, column: pos?.col }]);
  }
  const duplicates = duplicateKeys(doc, lineCounter);
  if (duplicates.length > 0) throw new EnvironmentError(duplicates.map((d) => ({ file, ...d })));
  const raw = doc.toJS() ?? {};
  if (!isMap(doc.contents)) {
    throw new EnvironmentError([{ file, path: [], ...at([]), message: `expected a mapping of fields (stage:, cluster:, ...); got ${describeValue(raw)}` }]);
  }
  const validate = environmentValidator();
  if (!validate(raw)) {
    const schemaIssues = (validate.errors ?? []).filter(relevant).map((e) => ({ file, ...describe(e), ...at(describe(e).path) }));
    // All at once: the rules beyond the schema still run when the schema errors can be set aside.
    const semantic = semanticsDespite(raw, name, file, validate.errors ?? [], schemaIssues).map((i) => ({ file, ...i, ...at(i.path) }));
    throw new EnvironmentError([...schemaIssues, ...semantic].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }
  const env = resolveEnvironment(name, file, raw);
  locators.set(env, at);
  sources.set(env, raw);
  const issues = semanticIssues(raw, env).map((i) => ({ file, ...i, ...at(i.path) })).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (issues.length > 0) throw new EnvironmentError(issues);
  return env;
}

/** The parser's messages, in the reader's words where they are unclear. */
function syntaxMessage(code: string, message: string): string {
  const first = message.split('\n')[0].replace(/ at line [0-9]+, column [0-9]+:$/, '');
  if (code === 'TAB_AS_INDENT' || /tab/i.test(first)) return 'a tab character in the indentation; YAML indents with spaces only';
  return first;
}

/** Keys given twice in one mapping: the parser's "Map keys must be unique" names neither the key nor the places. */
function duplicateKeys(doc: Document, lc: LineCounter): Array<Omit<EnvironmentIssue, 'file'>> {
  const out: Array<Omit<EnvironmentIssue, 'file'>> = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) {
      const seen = new Map<unknown, number>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        const offset = isNode(pair.key) ? pair.key.range?.[0] : undefined;
        const first = seen.get(key);
        if (first !== undefined && offset !== undefined) {
          out.push({ path: [...path, String(key)], ...position(lc, offset), message: `key "${String(key)}" is given twice in this mapping (first at line ${position(lc, first).line}); expected each key once` });
        } else if (offset !== undefined) seen.set(key, offset);
        walk(pair.value, [...path, String(key)]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
  };
  walk(doc.contents, []);
  return out;
}

/**
 * Schema and semantic errors at once: set the fields with schema errors aside
 * (delete them, so defaults apply) and run the semantic checks when what is
 * left is valid. Issues on the fields set aside are dropped (their schema
 * error says it); if the rest is still invalid (a required field is wrong),
 * only the schema errors are reported.
 */
function semanticsDespite(raw: unknown, name: string, file: string, errors: ErrorObject[], schemaIssues: Array<{ path: FieldPath }>): SemanticIssue[] {
  const validate = environmentValidator();
  const copy = structuredClone(raw) as Record<string, unknown>;
  for (const e of errors.filter(relevant)) {
    const p = describe(e).path;
    if (p.length === 0) return [];
    const parent = p.slice(0, -1).reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k as string] : undefined), copy);
    if (parent && typeof parent === 'object' && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[p[p.length - 1] as string];
    else return [];
  }
  if (!validate(copy)) return [];
  try {
    const env = resolveEnvironment(name, file, copy);
    const blamed = schemaIssues.map((i) => formatPath(i.path));
    return semanticIssues(copy, env).filter((i) => !blamed.some((b) => formatPath(i.path).startsWith(b)));
  } catch {
    return [];
  } finally {
    validate(raw); // leave ajv's errors as they were for the caller
  }
}

const describeValue = (v: unknown) => (v === null ? 'nothing' : Array.isArray(v) ? 'a list' : `${typeof v === 'string' ? 'the text' : 'the value'} ${show(v)}`);

/** Where each loaded environment's fields are, for checks that run after loading (capacity at render). */
const locators = new WeakMap<Environment, (path: FieldPath) => Pick<EnvironmentIssue, 'line' | 'column'>>();

/** The file's data each loaded environment was resolved from (plain data: it can go to a render worker). */
const sources = new WeakMap<Environment, unknown>();
export const environmentSource = (env: Environment): unknown => sources.get(env);

/** Issues found after loading, with the file, line and column of their field path. */
export function locatedIssues(env: Environment, issues: Array<{ path: FieldPath; message: string }>): EnvironmentIssue[] {
  const at = locators.get(env) ?? (() => ({}));
  return issues.map((i): EnvironmentIssue => ({ file: env.file, ...i, ...at(i.path) })).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** ajv reports an `if`/`anyOf` wrapper beside the real cause; keep the causes. */
const relevant = (e: ErrorObject) => e.keyword !== 'if' && e.keyword !== 'anyOf';

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
}

/** A value for a message: quoted, control characters escaped, long text cut; a pasted private key is never echoed into logs. */
const show = (v: unknown) => {
  if (typeof v === 'string' && /PRIVATE KEY/.test(v)) return 'a PRIVATE KEY (not shown: remove it from the file and from git history)';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}..."` : text;
};

function describe(e: ErrorObject): { path: FieldPath; message: string } {
  const path = pointerToPath(e.instancePath);
  const title = (e.parentSchema as { title?: string } | undefined)?.title;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      return { path: [...path, key], message: `unknown key "${key}"${allowed.length ? `; expected one of: ${allowed.join(', ')}` : ''}` };
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return { path: [...path, key], message: 'required field is missing' };
    }
    case 'type': {
      const expected = (e.params as { type: string }).type;
      const article = /^[aeiou]/.test(expected) ? 'an' : 'a';
      if (e.data === null) return { path, message: `has no value; expected ${article} ${expected}` };
      return { path, message: `expected ${article} ${expected}; got ${typeName(e.data)} ${show(e.data)}` };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      return { path, message: `expected one of: ${allowed.join(', ')}; got ${show(e.data)}` };
    }
    case 'pattern':
      return { path, message: `expected ${title ?? `a string matching ${(e.params as { pattern: string }).pattern}`}; got ${show(e.data)}` };
    case 'maxLength':
      return { path, message: `expected ${title ?? 'a string'} of at most ${(e.params as { limit: number }).limit} characters; got ${String(e.data).length}` };
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return { path, message: `expected a number ${(e.params as { comparison: string }).comparison} ${(e.params as { limit: number }).limit}; got ${show(e.data)}` };
    default:
      return { path, message: `${e.message ?? 'invalid'}${e.data !== undefined && typeof e.data !== 'object' ? `; got ${show(e.data)}` : ''}` };
  }
}

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Line and column of the deepest node of `path` that exists in the document. */
function locate(doc: Document, lc: LineCounter, path: FieldPath): Pick<EnvironmentIssue, 'line' | 'column'> {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    // For a key, point at the key itself (also when its value is missing or unknown).
    const parent = sub.length ? doc.getIn(sub.slice(0, -1), true) : undefined;
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === sub[sub.length - 1]);
      const range = pair && isNode(pair.key) ? pair.key.range : undefined;
      if (range) return position(lc, range[0]);
    }
    const node = sub.length ? doc.getIn(sub, true) : doc.contents;
    if (isNode(node) && node.range) return position(lc, node.range[0]);
  }
  return {};
}

function position(lc: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}
