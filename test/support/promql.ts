// Small PromQL helpers for tests: Grafana variable substitution and the metric
// names an expression selects (enough for our own queries; promtool checks syntax).

/** Replaces Grafana's variables by values that keep the query valid PromQL. */
export const substituteGrafanaVariables = (expr: string): string => expr
  .replace(/\$__rate_interval|\$\{__rate_interval\}/g, '5m')
  .replace(/\$__interval|\$\{__interval\}/g, '1m')
  .replace(/\$__range|\$\{__range\}/g, '1h')
  .replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, 'x');

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/** Metric names an expression selects (identifiers not followed by "(", outside label matchers, strings and grouping clauses). */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...stripped.matchAll(/(?<![\w:.])([A-Za-z_:][A-Za-z0-9_:]*)\b(?!\s*\()/g)].map((m) => m[1]);
  return [...new Set(names.filter((n) => !KEYWORDS.has(n.toLowerCase()) && !/^[0-9]/.test(n)))];
}

/** label_values(metric{...}, label) -> metric{...}; label_values(label) -> undefined. */
export function labelValuesSelector(query: string): string | undefined {
  const m = /^label_values\((.*),\s*[A-Za-z_][A-Za-z0-9_]*\)$/.exec(query.trim());
  return m?.[1];
}
