// Account lookup (GET /parties handled by the ALS domain: moja_als_getPartiesByTypeAndID)
// and quotes (the quoting handler's moja_qs_model_quote{queryName="quote_handleQuoteRequest"}).
import { alert, inNs, num, type RuleContext, type RuleGroup } from './model';
import { ERROR_RATIO, MIN_RATE } from './transfers';

/** p95 thresholds in seconds (histogram bucket bounds). */
export const LOOKUP_P95_SECONDS = 2;
export const QUOTE_P95_SECONDS = 2;

const FLOWS = [
  { Name: 'PartyLookup', what: 'party lookups', metric: 'moja_als_getPartiesByTypeAndID', filter: '', p95: LOOKUP_P95_SECONDS, who: 'account-lookup-service' },
  { Name: 'Quote', what: 'quote requests', metric: 'moja_qs_model_quote', filter: ',queryName="quote_handleQuoteRequest"', p95: QUOTE_P95_SECONDS, who: 'quoting-service' },
] as const;

export function lookupQuoteRules(ctx: RuleContext): RuleGroup {
  const ns = inNs(ctx);
  return {
    name: 'mojaloop-lookups-quotes',
    rules: FLOWS.flatMap(({ Name, what, metric, filter, p95, who }) => {
      const total = `sum by (namespace) (rate(${metric}_count{${ns}${filter}}[5m]))`;
      return [
        alert(ctx, {
          name: `Mojaloop${Name}ErrorRatioHigh`,
          expr: `sum by (namespace) (rate(${metric}_count{${ns}${filter},success="false"}[5m])) / ${total} > ${num(ERROR_RATIO)} and ${total} > ${num(MIN_RATE)}`,
          for: '10m',
          severity: 'warning',
          summary: `Failing ${what} in {{ $labels.namespace }}`,
          description: `{{ $value | humanizePercentage }} of ${what} handled by ${who} in {{ $labels.namespace }} failed over the last 5 minutes (threshold ${num(ERROR_RATIO * 100)}%).`,
        }),
        alert(ctx, {
          name: `Mojaloop${Name}LatencyHigh`,
          expr: `histogram_quantile(0.95, sum by (namespace, le) (rate(${metric}_bucket{${ns}${filter}}[5m]))) > ${num(p95)}`,
          for: '10m',
          severity: 'warning',
          summary: `Slow ${what} in {{ $labels.namespace }}`,
          description: `95% of ${what} in ${who} ({{ $labels.namespace }}) take up to {{ $value | humanizeDuration }} (threshold ${num(p95)}s).`,
        }),
      ];
    }),
  };
}
