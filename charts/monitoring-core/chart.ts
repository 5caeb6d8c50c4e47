// monitoring-core: the platform team's namespace. Reads top to bottom like
// the architecture: namespace baseline, then each component.
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { LayerChart } from '../lib/layer';
import { namespaceBaseline } from '../lib/namespace';
import { podSecurityLevel } from '../lib/security';
import { MONITORING_NAMESPACE_LABELS } from './contract';

export class MonitoringCoreChart extends LayerChart {
  constructor(scope: Construct, env: Environment) {
    super(scope, 'monitoring-core', env, env.namespaces.monitoring.name);
    namespaceBaseline(this, {
      config: env.namespaces.monitoring,
      podSecurity: podSecurityLevel('monitoring'),
      labels: { ...MONITORING_NAMESPACE_LABELS },
      partOf: 'monitoring-core',
    });
  }
}
