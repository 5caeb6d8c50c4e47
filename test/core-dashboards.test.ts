// monitoring/core/dashboards/generated/: the cluster overview as the code
// builds it (run "npm run dashboards" after changing it), and what synth makes
// of it for a cluster is exactly what the code builds for that cluster.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterOverview } from '../monitoring/core/dashboards/cluster-overview';
import { CLUSTER_NAME_STAND_IN, CLUSTER_OVERVIEW_FILE, clusterOverviewJson } from '../monitoring/core/dashboards/generated';
import { dashboardJson } from '../monitoring/mojaloop/dashboards/generated';
import { ENV_NAMES, environment } from './support/bundled';

describe('the generated cluster overview', () => {
  it('is what the code builds (run "npm run dashboards" after changing the dashboard)', () => {
    expect(fs.readFileSync(CLUSTER_OVERVIEW_FILE, 'utf8'), `${CLUSTER_OVERVIEW_FILE} is stale`).toBe(dashboardJson(clusterOverview(CLUSTER_NAME_STAND_IN)));
  });

  it('gives, for a cluster, what the code builds for it: every bundled cluster, and names JSON must escape', () => {
    const names = [...ENV_NAMES.map((n) => environment(n).cluster.name), 'say "hi"', 'back\\slash', '$&'];
    for (const name of names) expect(clusterOverviewJson(name), name).toBe(JSON.stringify(clusterOverview(name), null, 2));
  });

  it('the stand-in is in the dashboard only where the cluster is named', () => {
    expect(JSON.stringify(clusterOverview('x'))).not.toContain(CLUSTER_NAME_STAND_IN);
    expect(fs.readFileSync(CLUSTER_OVERVIEW_FILE, 'utf8').split(CLUSTER_NAME_STAND_IN)).toHaveLength(2);
  });
});
