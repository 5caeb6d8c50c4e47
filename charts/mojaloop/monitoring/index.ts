// Monitoring of the switch, owned by the mojaloop namespace (seeds/000
// "separation of concerns"): scrape targets, rules and dashboards, plugged into
// monitoring-core only through charts/monitoring-core/contract.ts.
import type { Construct } from 'constructs';
import type { Environment } from '../../environment/environment';
import { switchDashboards } from './dashboards';
import { switchRules } from './rules';
import { scrapeTargets } from './scrape-targets';

export function switchMonitoring(scope: Construct, env: Environment): void {
  scrapeTargets(scope, env);
  switchRules(scope, env);
  switchDashboards(scope, env);
}
