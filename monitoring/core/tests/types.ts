// Rule unit tests as typed data, rendered to promtool's test format. Expected
// alerts name only their labels; the expected annotations are the rule's own
// templates with {{ $labels.x }} filled in (rules use no other templating).
import { isAlert, type AlertRule, type RuleSet } from '../rules/types';

export interface Series { series: string; values: string }
export interface AlertCase {
  /** Evaluation time, e.g. "40m". */
  at: string;
  alert: string;
  /** One entry per expected alert (labels besides alertname and severity); [] = must be silent. */
  fires: Array<{ severity?: string; labels: Record<string, string> }>;
}
export interface RuleTest { name: string; interval?: string; series: Series[]; alerts: AlertCase[]; promql?: Array<{ expr: string; at: string; samples: Array<{ labels: string; value: number }> }> }

const fill = (template: string, labels: Record<string, string>) =>
  template.replace(/\{\{\s*\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? '');

/** promtool's test file for one rule set (rule_files is relative to the test file). */
export function promtoolTestFile(set: RuleSet, ruleFile: string, tests: RuleTest[]): Record<string, unknown> {
  const alerts = set.groups.flatMap((g) => g.rules).filter(isAlert);
  const find = (name: string, severity?: string): AlertRule => {
    const candidates = alerts.filter((a) => a.alert === name && (!severity || a.severity === severity));
    if (candidates.length !== 1) throw new Error(`${set.name}: test names alert ${name}${severity ? `/${severity}` : ''}, which matches ${candidates.length} rules`);
    return candidates[0];
  };
  return {
    rule_files: [ruleFile],
    evaluation_interval: '1m',
    tests: tests.map((t) => ({
      name: t.name,
      interval: t.interval ?? '1m',
      input_series: t.series.map((s) => ({ series: s.series, values: s.values })),
      alert_rule_test: t.alerts.map((a) => ({
        eval_time: a.at,
        alertname: a.alert,
        exp_alerts: a.fires.map((f) => {
          const rule = find(a.alert, f.severity ?? (alerts.filter((r) => r.alert === a.alert).length > 1 ? 'unspecified' : undefined));
          const labels = { ...f.labels, severity: rule.severity, ...rule.labels };
          return {
            exp_labels: labels,
            exp_annotations: { summary: fill(rule.summary, labels), description: fill(rule.description, labels), runbook_url: rule.runbook },
          };
        }),
      })),
      ...(t.promql ? { promql_expr_test: t.promql.map((p) => ({ expr: p.expr, eval_time: p.at, exp_samples: p.samples })) } : {}),
    })),
  };
}

/** Alert names a test file proves firing, and proves silent. */
export function coverage(tests: RuleTest[]): { firing: Set<string>; silent: Set<string> } {
  const firing = new Set<string>();
  const silent = new Set<string>();
  for (const t of tests) for (const a of t.alerts) (a.fires.length > 0 ? firing : silent).add(a.alert);
  return { firing, silent };
}
