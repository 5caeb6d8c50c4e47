// Every rule group of the switch, for one environment.
import { backupRules } from './backups';
import { handlerKafkaRules } from './handlers-kafka';
import { lookupQuoteRules } from './lookups-quotes';
import type { RuleContext, RuleGroup } from './model';
import { sloRules } from './slo';
import { storeRules } from './stores';
import { transferRules } from './transfers';

export type { RuleContext, RuleGroup } from './model';

/** `scraped`: the jobs (catalog names) of the services with a ServiceMonitor. */
export function mojaloopRuleGroups(ctx: RuleContext, scraped: readonly string[]): RuleGroup[] {
  return [
    sloRules(ctx),
    transferRules(ctx),
    lookupQuoteRules(ctx),
    handlerKafkaRules(ctx, scraped),
    storeRules(ctx),
    backupRules(ctx),
  ].filter((g) => g.rules.length > 0);
}
