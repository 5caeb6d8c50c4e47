// External Secrets Operator stand-in: ESO and Vault do not run in the e2e
// control plane, so for every ExternalSecret applied we create the Secret ESO
// would write, with placeholder values: its target name (default the
// ExternalSecret's name), one key per `data[].secretKey`, the template's type
// (Opaque otherwise), in the ExternalSecret's namespace. Then the layers after
// cluster-services find their Secrets as in a cluster (the real
// prometheus-operator reads prometheus-remote-write and the Alertmanager
// receiver Secrets). What ESO does with Vault is not proven here. Pure: no I/O.
import type { KubeObject } from './kube';

export const STANDIN_PLACEHOLDER = 'e2e-placeholder';

type Any = any; // ExternalSecrets are checked by the API server against their CRD before we see them.

export function secretsForExternalSecrets(applied: KubeObject[]): KubeObject[] {
  return applied.filter((o) => o.kind === 'ExternalSecret' && o.apiVersion.startsWith('external-secrets.io/')).map((es) => {
    const spec = (es as Any).spec ?? {};
    const keys: string[] = (spec.data ?? []).map((d: Any) => d.secretKey);
    const type: string | undefined = spec.target?.template?.type;
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: spec.target?.name ?? es.metadata.name, namespace: es.metadata.namespace },
      ...(type ? { type } : {}),
      // The API server checks a kubernetes.io/tls Secret for its two keys, not their content (ValidateSecret, k8s.io/kubernetes pkg/apis/core/validation).
      stringData: Object.fromEntries(keys.map((k) => [k, STANDIN_PLACEHOLDER])),
    };
  });
}
