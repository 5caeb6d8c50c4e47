// Test equipment of the scheme: the Mojaloop Testing Toolkit with two
// simulated DFSPs and the golden-path collection as a Job (charts/mojaloop/testing/).
// On by default in dev and test (with participants), where a deployment proves itself after sync;
// refused in staging and prod: the simulated DFSPs are participants with open
// net-debit caps and accept every transfer.
import { Type, type Static } from '@sinclair/typebox';
import { Strict } from '../types';
import type { Stage } from './stage';
import { isProductionLike } from './stage';
import type { FieldPath } from '../errors';
import type { Environment } from '../environment';
import { testParticipants } from '../../mojaloop/testing/test-participants';

export const TestingSchema = Strict({
  toolkit: Type.Optional(Type.Boolean({ description: 'The Testing Toolkit, two simulated DFSPs (payerfsp, payeefsp) and the golden-path Job. Default: on in dev and test that declare participants; never in staging or prod.' })),
}, 'Test equipment rendered into the mojaloop namespace.');

export interface TestingConfig { toolkit: boolean }

/** Default: on in dev and test when the environment declares participants (the Toolkit and its DFSPs are onboarded through them). */
export const resolveTesting = (file: Static<typeof TestingSchema> | undefined, stage: Stage, hasParticipants: boolean): TestingConfig => ({
  toolkit: file?.toolkit ?? (!isProductionLike(stage) && hasParticipants),
});

export interface TestingIssue { path: FieldPath; message: string }

/**
 * The toolkit only where it belongs, and only with its participants declared: the
 * Toolkit and each simulated DFSP must be a DFSP of the participants section, called
 * back on its in-cluster Service, transacting in the golden path's currency.
 */
export function testingIssues(env: Environment): TestingIssue[] {
  if (!env.testing.toolkit) return [];
  if (env.productionLike) {
    return [{ path: ['testing', 'toolkit'], message: `the Testing Toolkit and its simulated DFSPs are for dev and test; a ${env.stage} environment must not render them (they are participants that accept every transfer); expected false or no value` }];
  }
  if (!env.participants) return [{ path: ['participants'], message: 'testing.toolkit needs a participants section: the provisioning Job onboards the Toolkit and the simulated DFSPs from it; expected a participants section or testing.toolkit: false' }];
  const issues: TestingIssue[] = [];
  for (const t of testParticipants(env)) {
    const i = env.participants.dfsps.findIndex((d) => d.id === t.id);
    if (i < 0) {
      issues.push({ path: ['participants', 'dfsps'], message: `testing.toolkit is on but DFSP "${t.id}" is missing; expected {id: ${t.id}, callbackUrl: ${t.callbackUrl}, currencies: [{code: ${t.currency}, ...}], ...}` });
      continue;
    }
    const d = env.participants.dfsps[i];
    if (d.callbackUrl.replace(/\/+$/, '') !== t.callbackUrl) {
      issues.push({ path: ['participants', 'dfsps', i, 'callbackUrl'], message: `"${d.callbackUrl}" is not where ${t.id} runs; expected ${t.callbackUrl} (its Service in this namespace)` });
    }
    if (!d.currencies.some((c) => c.code === t.currency)) {
      issues.push({ path: ['participants', 'dfsps', i, 'currencies'], message: `the golden path transfers in ${t.currency}; expected a ${t.currency} currency for ${t.id}` });
    }
  }
  return issues;
}
