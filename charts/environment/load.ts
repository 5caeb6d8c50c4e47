// Reads environments/<name>.yaml: YAML syntax, then the JSON schema (ajv, strict,
// all errors), then the semantic checks. Every problem is reported with file,
// line, field path and what was expected, all at once.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, isMap, isNode, parseDocument, type Document } from 'yaml';
import { EnvironmentSchema, type EnvironmentFile } from './schema';
import { resolveEnvironment, type Environment } from './environment';
import { EnvironmentError, type EnvironmentIssue, type FieldPath } from './errors';
import { semanticIssues } from './semantic';

const ajv = new Ajv({ strict: true, allErrors: true, verbose: true });
const validate = ajv.compile<EnvironmentFile>(EnvironmentSchema);

export const ENVIRONMENTS_DIR = path.resolve(import.meta.dirname, '../../environments');

/** The bundled environments, in the order they are rendered. */
export function listEnvironmentFiles(dir = ENVIRONMENTS_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(dir, f));
}

/** Loads and checks one environment file; throws EnvironmentError listing every issue. */
export function loadEnvironment(file: string, displayName = path.relative(process.cwd(), file) || file): Environment {
  const text = readFileSync(file, 'utf8');
  return parseEnvironment(text, path.basename(file, '.yaml'), displayName);
}

export function parseEnvironment(text: string, name: string, file: string): Environment {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const at = (path: FieldPath) => locate(doc, lineCounter, path);
  if (doc.errors.length > 0) {
    throw new EnvironmentError(doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      return { file, path: [], message: `YAML syntax: ${e.message.split('\n')[0].replace(/ at line [0-9]+, column [0-9]+:$/, '')}`, line: pos?.line, column: pos?.col };
    }));
  }
  const raw = doc.toJS() ?? {};
  if (!validate(raw)) {
    throw new EnvironmentError((validate.errors ?? []).filter(relevant).map((e) => ({ file, ...describe(e), ...at(describe(e).path) })));
  }
  const env = resolveEnvironment(name, file, raw);
  const issues = semanticIssues(raw, env).map((i) => ({ file, ...i, ...at(i.path) })).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (issues.length > 0) throw new EnvironmentError(issues);
  return env;
}

/** ajv reports an `if`/`anyOf` wrapper beside the real cause; keep the causes. */
const relevant = (e: ErrorObject) => e.keyword !== 'if' && e.keyword !== 'anyOf';

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
}

/** A value as the error shows it; a pasted private key is never echoed into logs. */
const show = (v: unknown) => (typeof v === 'string' ? (/PRIVATE KEY/.test(v) ? 'a PRIVATE KEY (not shown: remove it from the file and from git history)' : `"${v}"`) : JSON.stringify(v));

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
    case 'type':
      return { path, message: `expected ${(e.params as { type: string }).type}, got ${typeName(e.data)} ${show(e.data)}` };
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
