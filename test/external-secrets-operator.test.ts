// External Secrets Operator's Helm values: on the cluster-services pool, the
// pinned image, and only keys its chart has (values.yaml of the chart at the
// pinned release, read from the Go module).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXTERNAL_SECRETS, externalSecretsValues } from '../charts/cluster-services/external-secrets-operator';
import { poolLabelKey } from '../charts/environment/node-pools';
import { upstreamCheckout } from '../scripts/e2e/upstream';
import { ENV_NAMES, environment } from './support/bundled';

type Any = any;
const COMPONENTS = (v: Any) => [['controller', v], ['webhook', v.webhook], ['certController', v.certController]] as const;

/** Paths of `values` the chart's values.yaml does not have; below an empty map, list or scalar default anything goes. */
function unknownKeys(values: Any, chart: Any, at = ''): string[] {
  if (!values || typeof values !== 'object' || Array.isArray(values)) return [];
  if (!chart || typeof chart !== 'object' || Array.isArray(chart) || Object.keys(chart).length === 0) return [];
  return Object.entries(values).flatMap(([k, v]) => (k in chart ? unknownKeys(v, chart[k], `${at}${k}.`) : [`${at}${k}`]));
}

describe('External Secrets Operator chart values', () => {
  const helm = EXTERNAL_SECRETS.helm!;
  const checkout = upstreamCheckout(EXTERNAL_SECRETS.repository, EXTERNAL_SECRETS.tag)!;
  const chartValues = parse(fs.readFileSync(path.join(checkout.dir, helm.module!.chartDir, 'values.yaml'), 'utf8'));

  it.each(ENV_NAMES)('%s: only keys the chart has', (name) => {
    expect(unknownKeys(externalSecretsValues(environment(name)), chartValues)).toEqual([]);
  });

  it('the key check fails on a key the chart does not have', () => {
    const v = externalSecretsValues(environment('prod')) as Any;
    expect(unknownKeys({ ...v, webhook: { ...v.webhook, replicas: 3 } }, chartValues)).toEqual(['webhook.replicas']);
  });

  it.each(ENV_NAMES)('%s: controller, webhook and cert-controller on K3S-CLUSTER-SVCS with its taint tolerated, at the pinned image', (name) => {
    const env = environment(name);
    const v = externalSecretsValues(env) as Any;
    for (const [what, c] of COMPONENTS(v)) {
      const terms = c.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
      expect(terms.flatMap((t: Any) => t.matchExpressions.map((e: Any) => e.key)), what).toEqual([poolLabelKey('K3S-CLUSTER-SVCS')]);
      expect(c.tolerations.map((t: Any) => t.key), what).toEqual([poolLabelKey('K3S-CLUSTER-SVCS')]);
      expect(`${c.image.repository}:${c.image.tag}`, what).toBe(EXTERNAL_SECRETS.images![0]);
      expect(c.resources.requests.cpu, what).toBeDefined();
    }
    expect(v.replicaCount).toBe(1);
    expect(v.certController.replicaCount).toBe(1);
    expect(v.webhook.replicaCount).toBe(env.topology.nodesOf('K3S-CLUSTER-SVCS').length);
  });

  it('chart, module and image are the same release (the module\'s Chart.yaml still names the previous one)', () => {
    expect(helm.module!.version).toBe(`v${helm.version}`);
    expect(EXTERNAL_SECRETS.images).toEqual([`ghcr.io/external-secrets/external-secrets:v${helm.version}`]);
    expect(parse(fs.readFileSync(path.join(checkout.dir, helm.module!.chartDir, 'Chart.yaml'), 'utf8')).appVersion).toBe('v1.3.1');
  });
});
