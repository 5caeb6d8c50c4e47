// The test equipment of dev and test (environment `testing.toolkit`): the Testing
// Toolkit, the simulated DFSPs, the golden-path Job and their network flows.
import type { Construct } from 'constructs';
import type { Environment } from '../../environment/environment';
import { SIMULATED_DFSPS } from './catalog';
import { GoldenPath } from './golden-path';
import { testingNetworkPolicies } from './network-policies';
import { SimulatedDfsp } from './simulators';
import { TestingToolkit } from './toolkit';

export function testingEquipment(scope: Construct, env: Environment): void {
  if (!env.testing.toolkit) return;
  new TestingToolkit(scope, env);
  for (const fsp of SIMULATED_DFSPS) new SimulatedDfsp(scope, env, fsp);
  new GoldenPath(scope, env);
  testingNetworkPolicies(scope, env);
}
