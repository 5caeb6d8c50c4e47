// Each rule set with its unit tests.
import { KUBERNETES_RULES } from '../rules/kubernetes';
import { NODE_RULES } from '../rules/node';
import { STACK_RULES } from '../rules/stack';
import type { RuleSet } from '../rules/types';
import { KUBERNETES_TESTS } from './kubernetes';
import { NODE_TESTS } from './node';
import { STACK_TESTS } from './stack';
import type { RuleTest } from './types';

export const RULE_TESTS: Array<{ set: RuleSet; tests: RuleTest[] }> = [
  { set: NODE_RULES, tests: NODE_TESTS },
  { set: KUBERNETES_RULES, tests: KUBERNETES_TESTS },
  { set: STACK_RULES, tests: STACK_TESTS },
];
