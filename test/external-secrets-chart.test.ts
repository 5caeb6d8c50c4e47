// The external-secrets chart e2e renders (scripts/e2e/external-secrets-chart.ts)
// is the module's chart made into the published 1.3.2: version stamped, the
// disabled dependency dropped, the CRDs from the module's bundle.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXTERNAL_SECRETS } from '../charts/cluster-services/external-secrets-operator';
import { publishedExternalSecretsChart } from '../scripts/e2e/external-secrets-chart';
import { upstreamCheckout } from '../scripts/e2e/upstream';

it('external-secrets: chart 1.3.2 from the module at v1.3.2, with the CRDs our layers use', () => {
  const helm = EXTERNAL_SECRETS.helm!;
  const module = upstreamCheckout(EXTERNAL_SECRETS.repository, EXTERNAL_SECRETS.tag)!.dir;
  const original = parse(fs.readFileSync(path.join(module, helm.module!.chartDir, 'Chart.yaml'), 'utf8'));
  const { dir, crds } = publishedExternalSecretsChart(module, helm.module!.chartDir, helm.version);
  try {
    const chart = parse(fs.readFileSync(path.join(dir, 'Chart.yaml'), 'utf8'));
    expect(original.dependencies.map((d: any) => d.name)).toEqual(['bitwarden-sdk-server']);
    expect(chart).toMatchObject({ name: 'external-secrets', version: '1.3.2', appVersion: 'v1.3.2' });
    expect(chart.dependencies).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 'templates', 'deployment.yaml'))).toBe(true);
    const kinds = crds.map((c) => `${c.spec.group}/${c.spec.names.kind}`);
    for (const k of EXTERNAL_SECRETS.provides[0].kinds) expect(kinds).toContain(`external-secrets.io/${k}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
