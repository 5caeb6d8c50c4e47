// Service-level objectives of the switch: what the mojaloop namespace's
// burn-rate alerts measure the error budget against.
import { Type, type Static } from '@sinclair/typebox';
import { Duration, Strict, Url } from '../types';
import { byStage, type Stage } from './stage';

export const SloSchema = Strict({
  transferSuccess: Type.Optional(Type.Number({
    minimum: 90,
    exclusiveMaximum: 100,
    description: 'Objective for the share of transfer prepare/fulfil events that succeed, in percent (e.g. 99.9). 100 leaves no error budget, so it is not allowed.',
  })),
  window: Type.Optional(Duration('Compliance period the error budget is spent over (the burn-rate factors assume 30d).')),
  runbookBaseUrl: Type.Optional(Url('Web address of monitoring/mojaloop/runbooks.md in this repository, for the runbook_url of every alert.')),
}, 'Service-level objectives of the switch (multi-window, multi-burn-rate alerts).');

export interface SloConfig {
  /** Objective in percent, e.g. 99.9. */
  transferSuccess: number;
  window: string;
  /** Where runbook_url points; repository-relative unless the environment gives an address. */
  runbookBaseUrl: string;
}

export const RUNBOOK_PATH = 'monitoring/mojaloop/runbooks.md';

export function resolveSlo(file: Static<typeof SloSchema> | undefined, stage: Stage): SloConfig {
  return {
    // Lower objectives where the switch runs on one node or carries test traffic.
    transferSuccess: byStage(stage, { dev: 99, test: 99.5, staging: 99.9, prod: 99.9 }),
    window: '30d',
    runbookBaseUrl: RUNBOOK_PATH,
    ...file,
  };
}

/** The error budget as a ratio: 99.9 -> 0.001 (rounded to avoid 1 - 0.999 = 0.0010000000000000009). */
export const errorBudget = (slo: SloConfig): number => Number(((100 - slo.transferSuccess) / 100).toPrecision(6));
