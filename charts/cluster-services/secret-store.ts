// The ClusterSecretStore `vault`: where External Secrets Operator reads every
// Secret declared in git. The environment's own Vault (namespace vault, Service
// vault, TLS from the cluster CA), a KV v2 mount per environment, Kubernetes
// auth as ESO's ServiceAccount. Field names from the ClusterSecretStore CRD of
// external-secrets v1.3.2 (config/crds/bases/external-secrets.io_clustersecretstores.yaml)
// and its docs/provider/hashicorp-vault.md.
import type { Environment } from '../environment/environment';
import type { LayerChart } from '../lib/layer';
import { standardLabels } from '../lib/labels';
import { requireSecret } from '../lib/secrets';
import { typedCustomResource } from '../lib/crd';
import type { ApiObjectMetadata } from 'cdk8s';
import type { ClusterSecretStoreProps } from '../../imports/clustersecretstore-external-secrets.io';
import { EXTERNAL_SECRETS } from './external-secrets-operator';
import { VAULT } from './vault';

export const SECRET_STORE = 'vault';
export const VAULT_NAMESPACE = 'vault';
export const VAULT_SERVER = `https://vault.${VAULT_NAMESPACE}.svc:8200`;
/** Vault's Kubernetes auth method, at its default mount. */
export const VAULT_AUTH_MOUNT = 'kubernetes';
/** The Vault role and policy of ESO. */
export const ESO_VAULT_ROLE = 'external-secrets';
/**
 * The audience of the token ESO presents: Vault 1.21 and later refuse a
 * Kubernetes-auth role without one (docs/provider/hashicorp-vault.md at v1.3.2);
 * the role is created with the same audience.
 */
export const ESO_TOKEN_AUDIENCE = 'vault';
/** ESO's controller ServiceAccount: the chart's fullname, which is the release name (deploy/charts/external-secrets/templates/_helpers.tpl). */
export const ESO_SERVICE_ACCOUNT = { name: EXTERNAL_SECRETS.name, namespace: EXTERNAL_SECRETS.namespace! };

/**
 * The KV v2 mount of this environment: `mojaloop/<env>`, so that one Vault
 * could serve several environments with a policy per mount. ESO's `path` is
 * the mount; each ExternalSecret's key is `<namespace>/<Secret name>` under it.
 */
export const kvMount = (env: Environment): string => `mojaloop/${env.name}`;

/**
 * Where ESO finds the CA that signs Vault's certificate: the cluster CA's
 * Secret (CLUSTER_CA_SECRET in CERT_MANAGER_NAMESPACE of
 * charts/cluster-services/issuers.ts, branch cs-core), whose ca.crt
 * cert-manager writes. Only ca.crt is read.
 */
export const VAULT_CA = { namespace: 'cert-manager', name: 'mojaloop-cluster-ca', key: 'ca.crt' };

export function vaultSecretStore(chart: LayerChart): void {
  const env = chart.env;
  // ESO reads every Secret of this store from Vault: the layer comes after the vault source.
  chart.talksTo.add(VAULT.name);
  // Declared for the reference check: cert-manager creates it with the cluster CA.
  requireSecret(chart, {
    ...VAULT_CA,
    keys: [VAULT_CA.key],
    purpose: 'the cluster CA (ClusterIssuer mojaloop-cluster-ca); ESO reads its ca.crt to trust Vault',
    generatedBy: 'cert-manager',
  });
  const props: ClusterSecretStoreProps & { metadata: ApiObjectMetadata } = {
    metadata: { name: SECRET_STORE, labels: standardLabels(env, { name: 'vault', component: 'secret-store', partOf: 'cluster-services' }) },
    spec: {
      provider: {
        vault: {
          server: VAULT_SERVER,
          path: kvMount(env),
          version: 'v2' as never,
          caProvider: { type: 'Secret' as never, ...VAULT_CA },
          auth: {
            kubernetes: {
              mountPath: VAULT_AUTH_MOUNT,
              role: ESO_VAULT_ROLE,
              // ESO asks the API server for a token of its own ServiceAccount with this audience.
              serviceAccountRef: { ...ESO_SERVICE_ACCOUNT, audiences: [ESO_TOKEN_AUDIENCE] },
            },
          },
        },
      },
    },
  };
  typedCustomResource(chart, 'cluster-secret-store-vault', { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore' }, props);
}
