// cluster-services: secret delivery for the cluster's own services and the
// workload layers, beyond the pinned upstream charts (cert-manager, Vault,
// External Secrets Operator; charts/sync/upstream.ts installs those): the
// secret store (Vault through External Secrets Operator) and the
// ExternalSecrets of every layer. The cluster CA and Vault's certificate are
// the cluster-pki layer (pki.ts), which Vault needs before it starts. Applied
// after Vault and the charts whose kinds and namespaces it uses (the sync plan
// derives that) and before monitoring-core and mojaloop, so each Secret exists
// before its consumers start. cert-manager and vault are upstream namespaces
// (charts/sync/namespaces.ts): their pods are the charts', so no default-deny
// baseline of ours applies there; Vault's own NetworkPolicy is a chart value
// (cluster-services/vault.ts).
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { LayerChart } from '../lib/layer';
import { standardLabels } from '../lib/labels';
import { vaultStorage } from './vault';
import { vaultSecretStore } from './secret-store';
import { externalSecrets } from './external-secrets';
import { EXTERNAL_SECRETS } from './external-secrets-operator';

export const CLUSTER_SERVICES_LAYER = 'cluster-services';

export class ClusterServicesChart extends LayerChart {
  constructor(scope: Construct, env: Environment, namespaceLayer: LayerChart) {
    // Home: External Secrets Operator's namespace (its Argo CD Application's destination); the ExternalSecrets live in their Secrets' namespaces.
    super(scope, CLUSTER_SERVICES_LAYER, env, EXTERNAL_SECRETS.namespace);
    // Before Vault, which is installed ahead of this layer.
    vaultStorage(namespaceLayer, standardLabels(env, { name: 'local-storage', instance: 'vault', partOf: CLUSTER_SERVICES_LAYER }));
    vaultSecretStore(this);
  }

  /** The ExternalSecrets of every Secret required so far: call once the other layers are built. */
  declareSecrets(): void {
    externalSecrets(this);
  }
}
