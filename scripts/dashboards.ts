#!/usr/bin/env tsx
// npm run dashboards: builds the dashboards of monitoring/mojaloop/dashboards/
// (grafana-foundation-sdk) into monitoring/mojaloop/dashboards/generated/*.json,
// and the cluster overview of monitoring/core/dashboards/ into its generated/,
// which synth embeds into GrafanaDashboard CRs. Stale files are removed.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DASHBOARDS } from '../monitoring/mojaloop/dashboards';
import { dashboardJson, GENERATED_DIR, generatedFile } from '../monitoring/mojaloop/dashboards/generated';
import { clusterOverview } from '../monitoring/core/dashboards/cluster-overview';
import { CLUSTER_NAME_STAND_IN, CLUSTER_OVERVIEW_FILE } from '../monitoring/core/dashboards/generated';
import { DASHBOARDS_CMD } from './lib/commands';
import { command } from './lib/cli';

command(DASHBOARDS_CMD);

mkdirSync(GENERATED_DIR, { recursive: true });
const wanted = new Set(DASHBOARDS.map((d) => path.basename(generatedFile(d.uid))));
for (const f of readdirSync(GENERATED_DIR)) if (!wanted.has(f)) rmSync(path.join(GENERATED_DIR, f));
for (const d of DASHBOARDS) writeFileSync(generatedFile(d.uid), dashboardJson(d.build()));
mkdirSync(path.dirname(CLUSTER_OVERVIEW_FILE), { recursive: true });
writeFileSync(CLUSTER_OVERVIEW_FILE, dashboardJson(clusterOverview(CLUSTER_NAME_STAND_IN)));
console.log(`wrote ${DASHBOARDS.length} dashboards to ${path.relative(process.cwd(), GENERATED_DIR)}/ and ${path.relative(process.cwd(), CLUSTER_OVERVIEW_FILE)}`);
