// Field-level difference of two parsed objects: the leaves that differ, by
// path. Key order and formatting cannot show up (the YAML is parsed first).
// Lists of named items (containers, env, ports, volumes) are matched by name,
// so inserting a container does not report every later one as changed.

export type Segment = string | number | { name: string };

export interface FieldChange {
  path: Segment[];
  /** undefined = the field was added */
  old?: unknown;
  /** undefined = the field was removed */
  new?: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

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

/** The items' names when every item is an object with a distinct string `name`. */
function names(list: unknown[]): string[] | null {
  const out: string[] = [];
  for (const x of list) {
    if (!isPlainObject(x) || typeof x.name !== 'string') return null;
    out.push(x.name);
  }
  return new Set(out).size === out.length ? out : null;
}

export function diffValues(a: unknown, b: unknown, path: Segment[] = [], out: FieldChange[] = []): FieldChange[] {
  if (deepEqual(a, b)) return out;
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) diffValues(a[k], b[k], [...path, k], out);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const na = names(a);
    const nb = names(b);
    if (na && nb) {
      const byName = (list: unknown[]) => new Map(list.map((x) => [(x as { name: string }).name, x]));
      const ma = byName(a);
      const mb = byName(b);
      for (const n of [...new Set([...na, ...nb])]) diffValues(ma.get(n), mb.get(n), [...path, { name: n }], out);
      return out;
    }
    // Lists of scalars (args, accessModes, rule lists without names): one change for the list.
    if (a.every((x) => !isPlainObject(x) && !Array.isArray(x)) && b.every((x) => !isPlainObject(x) && !Array.isArray(x))) {
      out.push({ path, old: a, new: b });
      return out;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) diffValues(a[i], b[i], [...path, i], out);
    return out;
  }
  out.push({ path, old: a, new: b });
  return out;
}

/** spec.template.spec.containers[central-ledger].image, metadata.annotations["a.b/c"] */
export function formatPath(path: Segment[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (typeof seg === 'object') s += `[${seg.name}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) s += s ? `.${seg}` : seg;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

const MAX_VALUE = 100;

/** A value on one line, shortened; multi-line text is summarised by line counts elsewhere. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '(none)';
  const s = typeof v === 'string' ? (/^[\w./:@+-][\w ./:@+=,-]*$/.test(v) ? v : JSON.stringify(v)) : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** Lines only in a / only in b (multiset), for text values such as embedded configs and dashboards. */
export function lineDelta(a: string, b: string): { added: number; removed: number } {
  const count = new Map<string, number>();
  for (const l of a.split('\n')) count.set(l, (count.get(l) ?? 0) + 1);
  let added = 0;
  for (const l of b.split('\n')) {
    const n = count.get(l) ?? 0;
    if (n > 0) count.set(l, n - 1);
    else added++;
  }
  let removed = 0;
  for (const n of count.values()) removed += n;
  return { added, removed };
}

export function formatChange(c: FieldChange): string {
  const p = formatPath(c.path) || '(object)';
  if (typeof c.old === 'string' && typeof c.new === 'string' && (c.old.includes('\n') || c.new.includes('\n'))) {
    const d = lineDelta(c.old, c.new);
    return `${p}: text changed (+${d.added} -${d.removed} lines)`;
  }
  if (c.old === undefined) return `${p}: + ${formatValue(c.new)}`;
  if (c.new === undefined) return `${p}: - ${formatValue(c.old)}`;
  return `${p}: ${formatValue(c.old)} -> ${formatValue(c.new)}`;
}
