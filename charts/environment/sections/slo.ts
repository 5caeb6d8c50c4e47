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
  runbookBaseUrl: Type.Optional(Url('Web address of the switch\'s runbooks (the alert name, lower case, is the anchor). Default: monitoring/mojaloop/runbooks.md of this repository under sync.repository.browseUrl.')),
}, 'Service-level objectives of the switch (multi-window, multi-burn-rate alerts).');

export interface SloConfig {
  /** Objective in percent, e.g. 99.9. */
  transferSuccess: number;
  window: string;
  /** Where runbook_url points: monitoring/mojaloop/runbooks.md as the repository's web view shows it, unless the environment gives an address. */
  runbookBaseUrl: string;
}

export const RUNBOOK_PATH = 'monitoring/mojaloop/runbooks.md';

/** `browseUrl`: the web address of the repository's files (sync.repository.browseUrl). */
export function resolveSlo(file: Static<typeof SloSchema> | undefined, stage: Stage, browseUrl: string): SloConfig {
  return {
    // Lower objectives where the switch runs on one node or carries test traffic.
    transferSuccess: byStage(stage, { dev: 99, test: 99.5, staging: 99.9, prod: 99.9 }),
    window: '30d',
    runbookBaseUrl: `${browseUrl}/${RUNBOOK_PATH}`,
    ...file,
  };
}

/** The error budget as a ratio: 99.9 -> 0.001 (rounded to avoid 1 - 0.999 = 0.0010000000000000009). */
export const errorBudget = (slo: SloConfig): number => Number(((100 - slo.transferSuccess) / 100).toPrecision(6));
