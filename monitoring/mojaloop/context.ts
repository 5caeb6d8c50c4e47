// The facts about one environment that the switch's rules and scrape targets
// depend on, worked out from the resolved environment and the catalog.
import type { Environment } from '../../charts/environment/environment';
import { parseDuration } from '../../charts/environment/quantity';
import { enabledServices, enabledStores } from '../../charts/mojaloop/catalog';
import { CONSUMER_GROUPS, isHandler } from './consumer-groups';
import type { RuleContext } from './rules/model';

/** Members a store is expected to run with: 3 (quorum), or as many nodes as its pool has when fewer (dev). */
export const expectedMembers = (env: Environment, pool: Parameters<Environment['topology']['nodesOf']>[0]) =>
  Math.min(3, Math.max(1, env.topology.nodesOf(pool).length));

export function ruleContext(env: Environment): RuleContext {
  const handlers = enabledServices(env.features).map((s) => s.name).filter(isHandler);
  return {
    namespace: env.namespaces.mojaloop.name,
    namePrefix: env.mojaloop.namePrefix,
    objective: env.slo.transferSuccess,
    windowHours: parseDuration(env.slo.window) / 3_600_000,
    runbookBaseUrl: env.slo.runbookBaseUrl,
    handlers,
    consumerGroups: [...new Set(handlers.flatMap((h) => CONSUMER_GROUPS[h] ?? []))],
    stores: enabledStores(env.features).map((s) => ({ name: `${env.mojaloop.namePrefix}${s.name}`, kind: s.kind, members: expectedMembers(env, s.pool) })),
    ...(env.backups ? { backups: { maxAgeHours: env.backups.maxAgeHours } } : {}),
  };
}

/**
 * Catalog services that serve a Prometheus endpoint (and get a ServiceMonitor). The
 * 3PPI services and the oracles serve /metrics without metrics of their own so far:
 * scraped all the same, for `up` (target-down alerts) and whatever they add later.
 */
export const scrapedServices = (env: Environment) => enabledServices(env.features).filter((s) => s.metricsPath);
