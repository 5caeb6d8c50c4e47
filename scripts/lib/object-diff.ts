// Field-level difference of two parsed objects: the leaves that differ, by
// path. Key order and formatting cannot show up (the YAML is parsed first).
// Lists are aligned before they are compared, so inserting one item does not
// report every later one as changed: items with an identity (containers, env,
// ports and volumes by `name`, claim templates by `metadata.name`, Prometheus
// rules by `alert`/`record`) are matched by it, other lists by their longest
// common run of equal items. Embedded JSON or YAML texts (configs, dashboards)
// are compared as data when the change inside is small.
import { load } from 'js-yaml';
import { commonSubsequence } from './text-diff';

/** A key, a list index, a list item by identity, or the parsed content of a text field. */
export type Segment = string | number | { name: string } | { parsed: 'json' | 'yaml' };

export interface FieldChange {
  path: Segment[];
  /** undefined = the field was added */
  old?: unknown;
  /** undefined = the field was removed */
  new?: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isScalar = (v: unknown): boolean => !isPlainObject(v) && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Ways list items name themselves, tried in order; the first every item of both lists has, uniquely, wins. */
const IDENTITIES: ReadonlyArray<(x: Record<string, unknown>) => unknown> = [
  (x) => x.name,
  (x) => (isPlainObject(x.metadata) ? x.metadata.name : undefined),
  (x) => x.alert ?? x.record,
];

function identity(a: unknown[], b: unknown[]): ((x: unknown) => string) | null {
  for (const f of IDENTITIES) {
    const key = (x: unknown): unknown => (isPlainObject(x) ? f(x) : undefined);
    const named = (list: unknown[]) => {
      const keys = list.map(key);
      return keys.every((k) => typeof k === 'string') && new Set(keys).size === keys.length;
    };
    if (named(a) && named(b)) return (x) => key(x) as string;
  }
  return null;
}

/** Changes inside an embedded text are listed one by one up to this many; beyond, the text is summarised. */
const MAX_TEXT_CHANGES = 8;

/** The data of a multi-line JSON or YAML text (a config file or dashboard in a ConfigMap or CR), if it is one. */
function parseText(s: string): { kind: 'json' | 'yaml'; value: unknown } | undefined {
  if (!s.includes('\n')) return undefined;
  const t = s.trimStart();
  try {
    if (t.startsWith('{') || t.startsWith('[')) return { kind: 'json', value: JSON.parse(s) };
    const value = load(s);
    return isPlainObject(value) || Array.isArray(value) ? { kind: 'yaml', value } : undefined;
  } catch {
    return undefined;
  }
}

export function diffValues(a: unknown, b: unknown, path: Segment[] = [], out: FieldChange[] = []): FieldChange[] {
  if (deepEqual(a, b)) return out;
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) diffValues(a[k], b[k], [...path, k], out);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const key = identity(a, b);
    if (key) {
      const ma = new Map(a.map((x) => [key(x), x]));
      const mb = new Map(b.map((x) => [key(x), x]));
      for (const n of new Set([...ma.keys(), ...mb.keys()])) diffValues(ma.get(n), mb.get(n), [...path, { name: n }], out);
      return out;
    }
    // Lists of scalars (args, accessModes, label values): one change for the list.
    if (a.every(isScalar) && b.every(isScalar)) {
      out.push({ path, old: a, new: b });
      return out;
    }
    // Unnamed items: equal ones anchor the alignment; between anchors, items
    // pair up in order (a changed item), the rest were removed or added.
    const anchors = [...commonSubsequence(a, b, deepEqual), [a.length, b.length] as [number, number]];
    let i = 0;
    let j = 0;
    for (const [ai, bj] of anchors) {
      for (; i < ai && j < bj; i++, j++) diffValues(a[i], b[j], [...path, j], out);
      for (; i < ai; i++) out.push({ path: [...path, i], old: a[i] });
      for (; j < bj; j++) out.push({ path: [...path, j], new: b[j] });
      i = ai + 1;
      j = bj + 1;
    }
    return out;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    const pa = parseText(a);
    const pb = parseText(b);
    if (pa && pb && pa.kind === pb.kind) {
      const inner = diffValues(pa.value, pb.value, [...path, { parsed: pa.kind }]);
      if (inner.length > 0 && inner.length <= MAX_TEXT_CHANGES) {
        out.push(...inner);
        return out;
      }
    }
  }
  out.push({ path, old: a, new: b });
  return out;
}

/** True for a path inside an embedded text (config file, dashboard). */
export const insideText = (path: Segment[]): boolean => path.some((s) => typeof s === 'object' && 'parsed' in s);

/** spec.template.spec.containers[central-ledger].image, metadata.annotations["a.b/c"], data["config.json"] › a.b */
export function formatPath(path: Segment[]): string {
  let s = '';
  let fresh = true;
  for (const seg of path) {
    if (typeof seg === 'object' && 'parsed' in seg) {
      s += ' ›';
      fresh = true;
      continue;
    }
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (typeof seg === 'object') s += `[${seg.name}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) s += fresh ? (s ? ` ${seg}` : seg) : `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
    fresh = false;
  }
  return s;
}
