// The switch's alert and recording rules (monitoring/mojaloop/rules) as one
// PrometheusRule in the mojaloop namespace, with the contract's selector label.
import type { Construct } from 'constructs';
import type { Environment } from '../../environment/environment';
import { standardLabels } from '../../lib/labels';
import { MONITORING_SELECTOR_LABELS } from '../../monitoring-core/contract';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../../imports/prometheusrule-monitoring.coreos.com';
import { ruleContext, scrapedServices } from '../../../monitoring/mojaloop/context';
import { mojaloopRuleGroups, type RuleGroup } from '../../../monitoring/mojaloop/rules';

export const switchRuleGroups = (env: Environment): RuleGroup[] =>
  mojaloopRuleGroups(ruleContext(env), scrapedServices(env).map((s) => s.name));

export function switchRules(scope: Construct, env: Environment): PrometheusRule {
  const name = `${env.mojaloop.namePrefix}mojaloop-rules`;
  return new PrometheusRule(scope, 'prometheusrule-mojaloop', {
    metadata: {
      name,
      namespace: env.namespaces.mojaloop.name,
      labels: { ...standardLabels(env, { name: 'mojaloop-rules', instance: name, component: 'monitoring', partOf: 'mojaloop' }), ...MONITORING_SELECTOR_LABELS },
    },
    spec: {
      groups: switchRuleGroups(env).map((g) => ({
        name: g.name,
        ...(g.interval ? { interval: g.interval } : {}),
        rules: g.rules.map((r) => ({ ...r, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr) })),
      })),
    },
  });
}
