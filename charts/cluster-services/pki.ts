// cluster-pki: what only cert-manager needs to serve the cluster's
// certificates: the cluster CA and its issuers (issuers.ts) and Vault's server
// certificate (vault.ts). A layer of its own, after cert-manager and before
// the vault source: Vault's pods mount the certificate's Secret, so the sync
// plan (charts/sync/plan.ts, UpstreamSource.mountsSecrets) orders Vault after
// this layer, and secret delivery (cluster-services, which needs an unsealed
// Vault) after Vault. Nothing here waits for a human: the layer is ready as
// soon as cert-manager has issued.
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { LayerChart } from '../lib/layer';
import { standardLabels } from '../lib/labels';
import { CERT_MANAGER_NAMESPACE, clusterCa } from './issuers';
import { vaultCertificate } from './vault';

export const CLUSTER_PKI_LAYER = 'cluster-pki';

export class ClusterPkiChart extends LayerChart {
  constructor(scope: Construct, env: Environment) {
    super(scope, CLUSTER_PKI_LAYER, env, CERT_MANAGER_NAMESPACE);
    clusterCa(this, standardLabels(env, { name: 'cluster-ca', partOf: CLUSTER_PKI_LAYER }));
    vaultCertificate(this, env, standardLabels(env, { name: 'vault', partOf: CLUSTER_PKI_LAYER }));
  }
}
