// mojaloop: the switch team's namespace. Reads top to bottom like the
// architecture: the namespace, local storage for the stores, the stores
// through their operators, the services on their pools, and the network
// flows between them. It plugs into monitoring only through custom resources
// in its own namespace carrying the labels of ../monitoring-core/contract.ts.
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { LayerChart } from '../lib/layer';
import { namespaceBaseline } from '../lib/namespace';
import { podSecurityLevel } from '../lib/security';
import { MONITORED_NAMESPACE_LABELS } from '../monitoring-core/contract';
import { networkPolicies } from './network-policies';
import { migrationJobs } from './migration-job';
import { participantsProvisioning } from './participants/job';
import { mojaloopServices } from './services';
import { storageClasses } from './storage';
import { mojaloopStores } from './stores';
import { switchMonitoring } from './monitoring';
import { testingEquipment } from './testing';

export class MojaloopChart extends LayerChart {
  constructor(scope: Construct, env: Environment, namespaceLayer: LayerChart) {
    super(scope, 'mojaloop', env, env.namespaces.mojaloop.name);
    namespaceBaseline(this, {
      config: env.namespaces.mojaloop,
      podSecurity: podSecurityLevel('mojaloop'),
      labels: { ...MONITORED_NAMESPACE_LABELS },
      namespaceLayer,
      partOf: 'mojaloop',
    });
    storageClasses(this, env);
    mojaloopStores(this, env);
    migrationJobs(this, env);
    mojaloopServices(this, env);
    participantsProvisioning(this, env);
    testingEquipment(this, env);
    networkPolicies(this, env);
    switchMonitoring(this, env);
  }
}
