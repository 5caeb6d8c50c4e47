// The e2e stand-in for External Secrets Operator (scripts/e2e/external-secrets-standin.ts)
// makes exactly the Secrets ESO would write for the rendered ExternalSecrets.
import { describe, expect, it } from 'vitest';
import { secretsForExternalSecrets, STANDIN_PLACEHOLDER } from '../scripts/e2e/external-secrets-standin';
import type { KubeObject } from '../scripts/e2e/kube';
import { ENV_NAMES, byKind, objects } from './support/bundled';

describe.each(ENV_NAMES)('External Secrets stand-in in %s', (name) => {
  const externalSecrets = byKind(objects(name, 'cluster-services'), 'ExternalSecret') as unknown as KubeObject[];

  it('one Secret per ExternalSecret: its target name and namespace, one placeholder per key, its template type', () => {
    const secrets = secretsForExternalSecrets(objects(name) as unknown as KubeObject[]) as any[];
    expect(secrets).toHaveLength(externalSecrets.length);
    for (const [i, es] of (externalSecrets as any[]).entries()) {
      expect(secrets[i].metadata).toEqual({ name: es.spec.target.name, namespace: es.metadata.namespace });
      expect(Object.keys(secrets[i].stringData)).toEqual(es.spec.data.map((d: any) => d.secretKey));
      expect(Object.values(secrets[i].stringData).every((v) => v === STANDIN_PLACEHOLDER)).toBe(true);
      expect(secrets[i].type).toBe(es.spec.target.template?.type);
    }
  });
});

it('names the Secret after the ExternalSecret when the target has no name', () => {
  const es = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'x', namespace: 'ns' }, spec: { data: [{ secretKey: 'k', remoteRef: { key: 'ns/x', property: 'k' } }] } };
  expect(secretsForExternalSecrets([es])).toEqual([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', namespace: 'ns' }, stringData: { k: STANDIN_PLACEHOLDER } }]);
});
