// The core alert and recording rules (monitoring/core/rules) as
// PrometheusRule objects carrying the contract's selector label.
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr, type PrometheusRuleSpecGroups } from '../../imports/prometheusrule-monitoring.coreos.com';
import { CORE_RULE_SETS } from '../../monitoring/core/rules';
import { renderGroup } from '../../monitoring/core/rules/types';
import type { LayerChart } from '../lib/layer';
import { MONITORING_SELECTOR_LABELS } from './contract';
import { component } from './workload';

export function coreRules(chart: LayerChart): void {
  const c = component(chart, { name: 'prometheus-rules', component: 'rules' });
  for (const set of CORE_RULE_SETS) {
    const groups = set.groups.map((g) => renderGroup(g, chart.env.sync.repository.browseUrl)).map((g) => ({
      ...g,
      rules: (g.rules as Array<Record<string, unknown>>).map((r) => ({ ...r, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr as string) })),
    })) as unknown as PrometheusRuleSpecGroups[];
    new PrometheusRule(chart, `rules-${set.name}`, {
      metadata: { name: set.name, namespace: c.namespace, labels: { ...c.labels, ...MONITORING_SELECTOR_LABELS } },
      spec: { groups },
    });
  }
}
