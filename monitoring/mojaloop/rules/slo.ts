// The transfer success objective: SLI recording rules over the windows of the
// Google SRE workbook's multi-window, multi-burn-rate alerts (chapter "Alerting
// on SLOs"): page when 2% of the budget goes in 1h or 5% in 6h, ticket when 10%
// goes in 1d or in 3d; each long window is confirmed by a short one (1/12) so
// the alert stops soon after the burning does.
// SLI: share of central-ledger prepare and fulfil events with success="false".
import { alert, inNs, num, type RuleContext, type RuleGroup } from './model';

export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type SliWindow = (typeof SLI_WINDOWS)[number];

export const sliRecord = (w: SliWindow) => `namespace:mojaloop_transfer_errors:ratio_rate${w}`;

/** Share of the budget each pair of windows may spend before alerting, from the workbook. */
export const BURN_ALERTS = [
  { long: '1h', short: '5m', budgetSpent: 0.02, longHours: 1, speed: 'fast' },
  { long: '6h', short: '30m', budgetSpent: 0.05, longHours: 6, speed: 'fast' },
  { long: '1d', short: '2h', budgetSpent: 0.10, longHours: 24, speed: 'slow' },
  { long: '3d', short: '6h', budgetSpent: 0.10, longHours: 72, speed: 'slow' },
] as const;

/** Burn-rate factor: 14.4 for 2% of a 30-day budget in 1h. */
export const burnFactor = (budgetSpent: number, longHours: number, windowHours: number) => Number(((budgetSpent * windowHours) / longHours).toPrecision(6));

export function sloRules(ctx: RuleContext): RuleGroup {
  const ns = inNs(ctx);
  const budget = Number(((100 - ctx.objective) / 100).toPrecision(6));
  const events = (w: string) => `sum by (namespace) (rate(moja_cl_transfer_prepare_count{${ns}}[${w}])) + sum by (namespace) (rate(moja_cl_transfer_fulfil_count{${ns}}[${w}]))`;
  // A flow without failures has no success="false" series: count it as zero, not as missing.
  const failed = (metric: string, w: string) => `(sum by (namespace) (rate(${metric}{${ns},success="false"}[${w}])) or sum by (namespace) (rate(${metric}{${ns}}[${w}])) * 0)`;
  const recording = SLI_WINDOWS.map((w) => ({
    record: sliRecord(w),
    expr: `(${failed('moja_cl_transfer_prepare_count', w)} + ${failed('moja_cl_transfer_fulfil_count', w)}) / (${events(w)})`,
  }));
  const condition = (speed: 'fast' | 'slow') => BURN_ALERTS.filter((b) => b.speed === speed).map((b) => {
    const threshold = `(${num(burnFactor(b.budgetSpent, b.longHours, ctx.windowHours))} * ${num(budget)})`;
    return `(${sliRecord(b.long)} > ${threshold} and ${sliRecord(b.short)} > ${threshold})`;
  }).join(' or ');
  return {
    name: 'mojaloop-slo',
    rules: [
      ...recording,
      { record: 'namespace:mojaloop_transfer_success:objective', expr: `vector(${num(ctx.objective / 100)})`, labels: { namespace: ctx.namespace } },
      alert(ctx, {
        name: 'MojaloopTransferErrorBudgetBurnFast',
        expr: condition('fast'),
        for: '2m',
        severity: 'critical',
        labels: { slo: 'transfer-success' },
        summary: `Transfers in {{ $labels.namespace }} are burning the ${num(ctx.objective)}% error budget fast`,
        description: `{{ $value | humanizePercentage }} of transfer events fail: at this rate the error budget of the ${num(ctx.objective)}% transfer success objective is gone within days (2% of it in 1h or 5% in 6h).`,
      }),
      alert(ctx, {
        name: 'MojaloopTransferErrorBudgetBurnSlow',
        expr: condition('slow'),
        for: '15m',
        severity: 'warning',
        labels: { slo: 'transfer-success' },
        summary: `Transfers in {{ $labels.namespace }} are steadily eating the ${num(ctx.objective)}% error budget`,
        description: `{{ $value | humanizePercentage }} of transfer events fail: 10% of the error budget of the ${num(ctx.objective)}% transfer success objective went in the last day or three days.`,
      }),
    ],
  };
}
