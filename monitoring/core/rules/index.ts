// The core rule sets, one PrometheusRule each.
import { KUBERNETES_RULES } from './kubernetes';
import { NODE_RULES } from './node';
import { STACK_RULES } from './stack';
import type { RuleSet } from './types';

export const CORE_RULE_SETS: RuleSet[] = [NODE_RULES, KUBERNETES_RULES, STACK_RULES];
