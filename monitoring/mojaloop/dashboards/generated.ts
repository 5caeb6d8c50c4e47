// The dashboards' JSON as built by the grafana-foundation-sdk code beside this
// file, committed under generated/ by `npm run dashboards` (loading the SDK
// costs more than the whole synth of an environment, so synth reads the JSON).
// A test fails when generated/ is stale.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** uid and title of every dashboard built as code, in display order. */
export const DASHBOARD_LIST = [
  { uid: 'mojaloop-switch-overview', title: 'Mojaloop / Switch overview' },
  { uid: 'mojaloop-handlers-kafka', title: 'Mojaloop / Handlers and Kafka' },
  { uid: 'mojaloop-lookups-quotes', title: 'Mojaloop / Account lookup and quotes' },
  { uid: 'mojaloop-stores', title: 'Mojaloop / Stores' },
] as const;

export const GENERATED_DIR = path.join(import.meta.dirname, 'generated');
export const generatedFile = (uid: string) => path.join(GENERATED_DIR, `${uid}.json`);

export function generatedDashboard(uid: string): string {
  try {
    return readFileSync(generatedFile(uid), 'utf8');
  } catch {
    throw new Error(`${path.relative(process.cwd(), generatedFile(uid))}: missing; run "npm run dashboards" to build the dashboards' JSON`);
  }
}

/** How a built dashboard is written: stable, readable in diffs. */
export const dashboardJson = (dashboard: unknown): string => `${JSON.stringify(dashboard, null, 2)}\n`;
