// Transfers: the central-ledger prepare and fulfil handlers (moja_cl_transfer_*,
// histograms in seconds labelled success="true|false" and fspId) and the
// notification handler's callbacks to the FSPs (moja_ml_notification_event_delivery).
import { alert, inNs, num, type RuleContext, type RuleGroup } from './model';

/** Alert when more than this share of a flow's events fail. */
export const ERROR_RATIO = 0.05;
/** ...but only above this many events per second, so that two failures out of three do not page. */
export const MIN_RATE = 0.05;
/** p95 latency thresholds in seconds (bucket bounds of central-services-metrics: 0.01 0.05 0.1 0.5 1 2 5). */
export const TRANSFER_P95_SECONDS = 1;

const FLOWS = [
  { flow: 'prepare', metric: 'moja_cl_transfer_prepare', Name: 'Prepare' },
  { flow: 'fulfil', metric: 'moja_cl_transfer_fulfil', Name: 'Fulfil' },
] as const;

export function transferRules(ctx: RuleContext): RuleGroup {
  const ns = inNs(ctx);
  const recording = FLOWS.flatMap(({ metric }) => [
    { record: `namespace:${metric}_count:rate5m`, expr: `sum by (namespace) (rate(${metric}_count{${ns}}[5m]))` },
    {
      record: `namespace:${metric}_errors:ratio_rate5m`,
      expr: `(sum by (namespace) (rate(${metric}_count{${ns},success="false"}[5m])) or namespace:${metric}_count:rate5m * 0) / namespace:${metric}_count:rate5m`,
    },
    {
      record: `namespace:${metric}_seconds:p95_rate5m`,
      expr: `histogram_quantile(0.95, sum by (namespace, le) (rate(${metric}_bucket{${ns}}[5m])))`,
    },
    { record: `namespace_fspId:${metric}_count:rate5m`, expr: `sum by (namespace, fspId, success) (rate(${metric}_count{${ns}}[5m]))` },
  ]);
  const alerts = FLOWS.flatMap(({ flow, metric, Name }) => [
    alert(ctx, {
      name: `MojaloopTransfer${Name}ErrorRatioHigh`,
      expr: `namespace:${metric}_errors:ratio_rate5m > ${num(ERROR_RATIO)} and namespace:${metric}_count:rate5m > ${num(MIN_RATE)}`,
      for: '10m',
      severity: 'critical',
      summary: `Transfer ${flow} failures above ${num(ERROR_RATIO * 100)}% in {{ $labels.namespace }}`,
      description: `{{ $value | humanizePercentage }} of the transfer ${flow} messages processed by central-ledger in {{ $labels.namespace }} failed over the last 5 minutes. Payments are being rejected; see the switch overview dashboard per FSP.`,
    }),
    alert(ctx, {
      name: `MojaloopTransfer${Name}LatencyHigh`,
      expr: `namespace:${metric}_seconds:p95_rate5m > ${num(TRANSFER_P95_SECONDS)}`,
      for: '10m',
      severity: 'warning',
      summary: `Transfer ${flow} p95 latency above ${num(TRANSFER_P95_SECONDS)}s in {{ $labels.namespace }}`,
      description: `95% of transfer ${flow} messages in {{ $labels.namespace }} take up to {{ $value | humanizeDuration }} in the central-ledger ${flow} handler (threshold ${num(TRANSFER_P95_SECONDS)}s). FSPs may time out transfers.`,
    }),
  ]);
  return {
    name: 'mojaloop-transfers',
    rules: [
      ...recording,
      ...alerts,
      alert(ctx, {
        name: 'MojaloopNotificationDeliveryFailing',
        expr: `sum by (namespace, dest) (rate(moja_ml_notification_event_delivery_count{${ns},success="false"}[5m])) / sum by (namespace, dest) (rate(moja_ml_notification_event_delivery_count{${ns}}[5m])) > ${num(ERROR_RATIO)}`
          + ` and sum by (namespace, dest) (rate(moja_ml_notification_event_delivery_count{${ns}}[5m])) > ${num(MIN_RATE)}`,
        for: '10m',
        severity: 'warning',
        summary: 'Callbacks to FSP {{ $labels.dest }} failing',
        description: '{{ $value | humanizePercentage }} of the notifications ml-api-adapter sent to {{ $labels.dest }} in {{ $labels.namespace }} failed over the last 5 minutes: the FSP does not learn the outcome of its transfers. Check its callback endpoint.',
      }),
    ],
  };
}
