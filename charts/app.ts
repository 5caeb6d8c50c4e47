// One environment = one cdk8s App with one chart per layer (dist/<env>/<layer>/).
import { App } from 'cdk8s';
import type { Environment } from './environment/environment';
import type { LayerChart } from './lib/layer';
import { MonitoringCoreChart } from './monitoring-core/chart';
import { MojaloopChart } from './mojaloop/chart';

export function buildEnvironment(env: Environment): { app: App; layers: LayerChart[] } {
  const app = new App();
  const layers: LayerChart[] = [
    new MonitoringCoreChart(app, env),
    new MojaloopChart(app, env),
  ];
  return { app, layers };
}
