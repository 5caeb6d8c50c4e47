// promtool unit tests as typed data: for every alert, cases where it fires
// (with the labels and the rendered value it must carry) and cases where it
// must stay silent. Rendered into promtool's test file format by ./render.ts.

export interface Series { series: string; values: string }

export interface AlertCase {
  /** What the case shows, for the reader. */
  title: string;
  alert: string;
  series: Series[];
  /** When to evaluate (after `for:` has elapsed). */
  at: string;
  /** Alerts expected at `at`: the labels the expression yields, and $value as the templates render it. Empty = silent. */
  fires: Array<{ labels: Record<string, string>; value?: string }>;
}

export interface ExprCase {
  title: string;
  series: Series[];
  at: string;
  expr: string;
  expect: Array<{ labels: string; value: number }>;
}

/** `name{a="b",...}` from a metric and labels. */
export const s = (metric: string, labels: Record<string, string>, values: string): Series => ({
  series: `${metric}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`,
  values,
});
