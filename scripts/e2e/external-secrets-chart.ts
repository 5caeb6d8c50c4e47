// external-secrets' Helm chart as its Go module carries it at v1.3.2, turned
// into what charts.external-secrets.io publishes as chart 1.3.2, for
// `helm template` in e2e (scripts/e2e/helm.ts on branch cs-core calls it for
// this source). Three differences, each made by the project's release, not by
// us:
// - Chart.yaml reads 1.3.1 at the tag: .github/workflows/release.yml sets
//   version and appVersion to the release only in its own checkout;
// - templates/crds/ holds only a README: hack/helm.generate.sh writes the CRDs
//   there from deploy/crds/bundle.yaml at release; we return that bundle's
//   CRDs instead, to be applied with the rendered objects (installCRDs: true);
// - the bitwarden-sdk-server dependency (condition bitwarden-sdk-server.enabled,
//   false in values.yaml) is not vendored under charts/, and helm refuses a
//   chart whose dependency is missing even when its condition is off.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { crdsIn } from './upstream';

/**
 * @param moduleDir the module's root (github.com/external-secrets/external-secrets at v<version>)
 * @param chartDir deploy/charts/external-secrets
 * @param version the chart version dist/ installs (1.3.2)
 */
export function publishedExternalSecretsChart(moduleDir: string, chartDir: string, version: string): { dir: string; crds: any[]; notes: string[] } {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-chart-external-secrets-'));
  fs.cpSync(path.join(moduleDir, chartDir), copy, { recursive: true });
  // The module cache is read-only; so is what cpSync copied from it.
  for (const f of fs.readdirSync(copy, { recursive: true }) as string[]) fs.chmodSync(path.join(copy, f), fs.statSync(path.join(copy, f)).isDirectory() ? 0o755 : 0o644);
  fs.chmodSync(copy, 0o755);
  const file = path.join(copy, 'Chart.yaml');
  const chart = yaml.load(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const was = `${chart.version}`;
  const { dependencies: _unvendored, ...rest } = chart;
  fs.writeFileSync(file, yaml.dump({ ...rest, version, appVersion: `v${version}` }));
  fs.rmSync(path.join(copy, 'Chart.lock'), { force: true });
  return {
    dir: copy,
    crds: crdsIn(path.join(moduleDir, 'deploy/crds')),
    notes: [`external-secrets: the module's chart (version ${was}) stamped ${version} as published, its CRDs from deploy/crds/bundle.yaml, the disabled bitwarden-sdk-server dependency dropped`],
  };
}
