// cluster-services: what the workload layers rely on, applied right after the
// upstream sources and before monitoring-core and mojaloop. Here: the secret
// store (Vault through External Secrets Operator) and the ExternalSecrets of
// every layer, so that each Secret exists before its consumers start.
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { LayerChart } from '../lib/layer';
import { vaultSecretStore } from './secret-store';
import { externalSecrets } from './external-secrets';

export const CLUSTER_SERVICES_LAYER = 'cluster-services';

export class ClusterServicesChart extends LayerChart {
  constructor(scope: Construct, env: Environment) {
    super(scope, CLUSTER_SERVICES_LAYER, env);
    vaultSecretStore(this);
  }

  /** The ExternalSecrets of every Secret required so far: call once the other layers are built. */
  declareSecrets(): void {
    externalSecrets(this);
  }
}
