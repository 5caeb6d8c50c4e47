// The switch services of the enabled features, one construct each.
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { enabledServices } from './catalog';
import { MojaloopService } from './service';

export function mojaloopServices(scope: Construct, env: Environment): MojaloopService[] {
  return enabledServices(env.features).map((svc) => new MojaloopService(scope, env, svc));
}
