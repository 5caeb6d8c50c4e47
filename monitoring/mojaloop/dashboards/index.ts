// The switch's dashboards built as code, plus the upstream ones it imports.
import { handlersKafka } from './handlers-kafka';
import { lookupsQuotes } from './lookups-quotes';
import { stores } from './stores';
import { switchOverview } from './switch-overview';
import type { DashboardSource } from './common';

export type { DashboardSource } from './common';
export { UPSTREAM_DASHBOARDS, type UpstreamDashboard } from './upstream';

export const DASHBOARDS: readonly DashboardSource[] = [switchOverview, handlersKafka, lookupsQuotes, stores];
