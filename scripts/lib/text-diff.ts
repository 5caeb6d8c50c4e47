// Differences of sequences and texts, for the review diff: a longest common
// subsequence, changed lines of embedded texts and a word diff of long
// one-line values (PromQL expressions, regex alternations).

/** Beyond this many item comparisons, no alignment is attempted (the caller falls back). */
export const MAX_ALIGN = 250_000;

/** Index pairs of a longest common subsequence of a and b, in order; [] when too large to align. */
export function commonSubsequence<T>(a: readonly T[], b: readonly T[], equal: (x: T, y: T) => boolean): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_ALIGN) return [];
  const eq: boolean[][] = Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => equal(a[i], b[j])));
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) len[i][j] = eq[i][j] ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (eq[i][j]) pairs.push([i++, j++]);
    else if (len[i + 1][j] >= len[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** Lines only in a / only in b (as multisets), each in its text's order. */
export function lineChanges(a: string, b: string): { added: string[]; removed: string[] } {
  const only = (x: string[], y: string[]) => {
    const left = new Map<string, number>();
    for (const l of y) left.set(l, (left.get(l) ?? 0) + 1);
    return x.filter((l) => {
      const n = left.get(l) ?? 0;
      if (n > 0) left.set(l, n - 1);
      return n === 0;
    });
  };
  const la = a.split('\n');
  const lb = b.split('\n');
  return { added: only(lb, la), removed: only(la, lb) };
}

export function lineDelta(a: string, b: string): { added: number; removed: number } {
  const d = lineChanges(a, b);
  return { added: d.added.length, removed: d.removed.length };
}

/** Words (names, numbers, durations) and single separators, so `a|b|c` or `{x="y"}` split at every symbol. */
const tokens = (s: string): string[] => s.match(/[\w.:/$-]+|[^\w.:/$-]/g) ?? [];

/**
 * `git diff --word-diff=plain` style: `…context[-removed-]{+added+}context…`,
 * unchanged stretches cut to `context` characters either side of a change.
 * undefined when the two cannot be aligned cheaply.
 */
export function wordDiff(a: string, b: string, context = 24): string | undefined {
  const ta = tokens(a);
  const tb = tokens(b);
  const pairs = commonSubsequence(ta, tb, (x, y) => x === y);
  if (pairs.length === 0 && ta.length * tb.length > MAX_ALIGN) return undefined;
  const parts: Array<{ kind: '=' | '-' | '+'; text: string }> = [];
  const push = (kind: '=' | '-' | '+', text: string) => {
    const last = parts[parts.length - 1];
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [ta.length, tb.length] as [number, number]]) {
    for (; i < pi; i++) push('-', ta[i]);
    for (; j < pj; j++) push('+', tb[j]);
    if (pi < ta.length) push('=', ta[pi]);
    i = pi + 1;
    j = pj + 1;
  }
  return parts.map((p, k) => {
    if (p.kind === '-') return `[-${p.text}-]`;
    if (p.kind === '+') return `{+${p.text}+}`;
    const first = k === 0;
    const lastPart = k === parts.length - 1;
    const keep = (first || lastPart ? 1 : 2) * context;
    if (p.text.length <= keep + 1) return p.text;
    if (first) return `…${p.text.slice(-context)}`;
    if (lastPart) return `${p.text.slice(0, context)}…`;
    return `${p.text.slice(0, context)}…${p.text.slice(-context)}`;
  }).join('');
}
