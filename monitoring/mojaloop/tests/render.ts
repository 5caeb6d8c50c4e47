// Renders the rule unit tests into promtool's format. Expected annotations are
// the rule's own templates with the case's labels and rendered $value put in,
// so a template that promtool expands differently fails the test.
import type { AlertRule, RuleGroup } from '../rules/model';
import { isAlert } from '../rules/model';
import type { AlertCase, ExprCase } from './model';

function expand(template: string, labels: Record<string, string>, value: string | undefined, where: string): string {
  return template.replace(/\{\{ *(\$labels\.([A-Za-z_][A-Za-z0-9_]*)|\$value( *\| *[a-zA-Z]+)?) *\}\}/g, (_, __, label: string | undefined) => {
    if (label) return labels[label] ?? '';
    if (value === undefined) throw new Error(`${where}: the annotations use $value; give the case's rendered value`);
    return value;
  });
}

export function promtoolTests(ruleFile: string, groups: RuleGroup[], alerts: AlertCase[], exprs: ExprCase[]) {
  const rules = new Map<string, AlertRule>(groups.flatMap((g) => g.rules.filter(isAlert).map((r) => [r.alert, r] as const)));
  const tests = alerts.map((c) => {
    const rule = rules.get(c.alert);
    if (!rule) throw new Error(`test "${c.title}": no alert ${c.alert} in the rules`);
    return {
      name: `${c.alert}: ${c.title}`,
      interval: '1m',
      input_series: c.series,
      alert_rule_test: [{
        eval_time: c.at,
        alertname: c.alert,
        exp_alerts: c.fires.map((f) => ({
          exp_labels: { ...rule.labels, ...f.labels },
          exp_annotations: Object.fromEntries(Object.entries(rule.annotations).map(([k, t]) => [k, expand(t, f.labels, f.value, `${c.alert}: ${c.title}`)])),
        })),
      }],
    };
  });
  const exprTests = exprs.map((c) => ({
    name: c.title,
    interval: '1m',
    input_series: c.series,
    promql_expr_test: [{ expr: c.expr, eval_time: c.at, exp_samples: c.expect }],
  }));
  // fuzzy_compare (promtool 3, cmd/promtool/unittest.go): an expected value may be one
  // float step off, as a ratio like 0.05 is after Prometheus 3's rate arithmetic.
  return { rule_files: [ruleFile], evaluation_interval: '1m', fuzzy_compare: true, tests: [...tests, ...exprTests] };
}
