// The cluster overview's JSON as cluster-overview.ts builds it (grafana-foundation-sdk),
// committed under generated/ by `npm run dashboards` with a stand-in for the
// cluster's name, which synth puts in: synth never loads the SDK (its modules
// were the largest part of loading the bundle, in every render thread). As
// monitoring/mojaloop/dashboards/generated.ts does for the Mojaloop
// dashboards. test/core-dashboards.test.ts fails when the file is stale.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const CLUSTER_OVERVIEW_UID = 'core-cluster-overview';

/** What the file holds where the dashboard names its cluster; no dashboard text holds it otherwise. */
export const CLUSTER_NAME_STAND_IN = '@@cluster-name@@';

export const CLUSTER_OVERVIEW_FILE = path.join(import.meta.dirname, 'generated', `${CLUSTER_OVERVIEW_UID}.json`);

/** JSON.stringify(clusterOverview(cluster), null, 2), from the generated file. */
export function clusterOverviewJson(cluster: string): string {
  let text: string;
  try {
    text = readFileSync(CLUSTER_OVERVIEW_FILE, 'utf8');
  } catch {
    throw new Error(`${path.relative(process.cwd(), CLUSTER_OVERVIEW_FILE)}: missing; run "npm run dashboards" to build the dashboards' JSON`);
  }
  // The name as it stands inside a JSON string.
  const name = JSON.stringify(cluster).slice(1, -1);
  return text.replace(/\n$/, '').replaceAll(CLUSTER_NAME_STAND_IN, () => name);
}
