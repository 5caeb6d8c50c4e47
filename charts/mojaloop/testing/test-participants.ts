// The participants the test equipment is: the Toolkit (testingtoolkitdfsp) and the
// simulated DFSPs, with the callback base URL the switch must have for each. The
// environment's participants section declares them (so the provisioning Job
// onboards them); validation holds the two together.
import type { Environment } from '../../environment/environment';
import { objectName } from '../endpoints';
import { GOLDEN_PATH_CURRENCY, SIMULATED_DFSPS, SIMULATOR_PORTS, TOOLKIT_FSP_ID, TOOLKIT_NAME, TOOLKIT_PORTS, simulatorName } from './catalog';

/** The scheme adapter's inbound FSPIOP API. */
export const simulatorCallbackUrl = (env: Environment, fsp: string): string => `http://${objectName(env, simulatorName(fsp))}:${SIMULATOR_PORTS.inbound}`;
export const simulatorTestApiUrl = (env: Environment, fsp: string): string => `http://${objectName(env, simulatorName(fsp))}:${SIMULATOR_PORTS.testApi}`;
/** The Toolkit's FSPIOP API, where it receives its callbacks as testingtoolkitdfsp. */
export const toolkitCallbackUrl = (env: Environment): string => `http://${objectName(env, TOOLKIT_NAME)}:${TOOLKIT_PORTS.fspiop}`;

export interface TestParticipant { id: string; callbackUrl: string; currency: string }

export const testParticipants = (env: Environment): TestParticipant[] => [
  { id: TOOLKIT_FSP_ID, callbackUrl: toolkitCallbackUrl(env), currency: GOLDEN_PATH_CURRENCY },
  ...SIMULATED_DFSPS.map((fsp) => ({ id: fsp, callbackUrl: simulatorCallbackUrl(env, fsp), currency: GOLDEN_PATH_CURRENCY })),
];
