// One field change as the lines a reviewer reads: `path: old -> new`, with
// long one-line values as a word diff, embedded texts as changed lines (or
// only their counts when many), and items added to a list spelt out field by
// field when they are small (a new alert rule shows its expression).
import { formatPath, type FieldChange, type Segment } from './object-diff';
import { lineChanges, wordDiff } from './text-diff';

const MAX_VALUE = 100;
/** Word diffs keep their unchanged context whole: the reviewer reads the full expression. */
const WHOLE = Number.POSITIVE_INFINITY;
/** Changed lines of a text shown as a sample; beyond this, only the counts. */
const MAX_TEXT_LINES = 6;
/** An added item with at most this many leaves is listed leaf by leaf. */
const MAX_ITEM_LEAVES = 12;

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const PLAIN = /^[\w./:@+$-][\w ./:@+=$-]*$/;

/** YAML-flow-like, unquoted where unambiguous: {podSelector: {matchLabels: {app: x}}}. */
function compact(v: unknown): string {
  if (typeof v === 'string') return PLAIN.test(v) ? v : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(compact).join(', ')}]`;
  if (isPlainObject(v)) return `{${Object.entries(v).map(([k, x]) => `${PLAIN.test(k) ? k : JSON.stringify(k)}: ${compact(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}

/** A value on one line, whole: the output wraps long lines, it never cuts a value (a Slack channel, a peer, PromQL). */
export const formatValue = (v: unknown): string => (v === undefined ? '(none)' : compact(v));

function leaves(v: unknown, path: Segment[] = [], out: FieldChange[] = []): FieldChange[] {
  if (isPlainObject(v) && Object.keys(v).length > 0) for (const [k, x] of Object.entries(v)) leaves(x, [...path, k], out);
  else out.push({ path, new: v });
  return out;
}

const isText = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
const multiline = (v: unknown): boolean => typeof v === 'string' && v.includes('\n');

function textLines(p: string, c: FieldChange): string[] {
  const { added, removed } = lineChanges((c.old as string | undefined) ?? '', (c.new as string | undefined) ?? '');
  const verb = c.old === undefined ? 'text added' : c.new === undefined ? 'text removed' : 'text changed';
  const head = `${p}: ${verb} (+${added.length} -${removed.length} lines)`;
  if (c.old === undefined || c.new === undefined || added.length + removed.length > MAX_TEXT_LINES) return [head];
  // Blank lines count, but are not worth a line of the sample.
  const blank = (l: string) => l.trim() === '';
  return textSample(head, removed.filter((l) => !blank(l)), added.filter((l) => !blank(l)));
}

/** A few changed lines of a text under its head line. */
function textSample(head: string, removed: string[], added: string[]): string[] {
  // Lines edited in place read best as word diffs: "…(82 objects)…" becomes "…([-82-]{+81+} objects)…".
  if (added.length === removed.length) return [head, ...removed.map((l, i) => `  ~ ${wordDiff(l.trim(), added[i].trim(), WHOLE) ?? `${l.trim()} -> ${added[i].trim()}`}`)];
  return [head, ...removed.map((l) => `  - ${l.trim()}`), ...added.map((l) => `  + ${l.trim()}`)];
}

/** One change as display lines; the first names the path, further ones are indented under it. */
export function formatChange(c: FieldChange): string[] {
  const p = formatPath(c.path) || '(object)';
  if ((multiline(c.old) || multiline(c.new)) && isText(c.old) && isText(c.new)) return textLines(p, c);
  if (c.old === undefined) {
    const parts = isPlainObject(c.new) ? leaves(c.new) : [];
    if (parts.length > 1 && parts.length <= MAX_ITEM_LEAVES) {
      return [`${p}: added`, ...parts.flatMap((l) => formatChange(l).map((x) => `  ${x}`))];
    }
    return [`${p}: + ${formatValue(c.new)}`];
  }
  if (c.new === undefined) {
    // A list item that names itself needs no dump of what it was.
    const last = c.path[c.path.length - 1];
    return [typeof last === 'object' && 'name' in last ? `${p}: removed` : `${p}: - ${formatValue(c.old)}`];
  }
  if (Array.isArray(c.old) && Array.isArray(c.new) && `${compact(c.old)}${compact(c.new)}`.length > MAX_VALUE) {
    // A long list of scalars: what came and what went.
    const before: unknown[] = c.old;
    const after: unknown[] = c.new;
    const gone = before.filter((x) => !after.includes(x));
    const come = after.filter((x) => !before.includes(x));
    if (gone.length === 0 && come.length === 0) return [`${p}: reordered`];
    return [`${p}:${come.length ? ` + ${formatValue(come)}` : ''}${gone.length ? ` - ${formatValue(gone)}` : ''}`];
  }
  if (typeof c.old === 'string' && typeof c.new === 'string' && c.old.length + c.new.length > MAX_VALUE) {
    const words = wordDiff(c.old, c.new, WHOLE);
    if (words !== undefined) return [`${p}: ${words}`];
  }
  return [`${p}: ${formatValue(c.old)} -> ${formatValue(c.new)}`];
}
