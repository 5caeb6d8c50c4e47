// "Mojaloop / Switch overview": the transfer SLO, transfers per second, success
// ratio and latency percentiles, and the same per FSP.
import { labelVariable, layout, quantile, rate, SCOPE, stat, switchDashboard, timeseries, type DashboardSource } from './common';

const SLI = (w: string) => `max(namespace:mojaloop_transfer_errors:ratio_rate${w}{${SCOPE}})`;
const OBJECTIVE = `max(namespace:mojaloop_transfer_success:objective{${SCOPE}})`;
const FSP = ', fspId=~"$fsp"';

export const switchOverview: DashboardSource = {
  uid: 'mojaloop-switch-overview',
  title: 'Mojaloop / Switch overview',
  build: () => layout(
    switchDashboard('mojaloop-switch-overview', 'Mojaloop / Switch overview', 'Transfers through the switch: service level, throughput, success and latency, per FSP.', [
      labelVariable('fsp', 'FSP', 'moja_cl_transfer_prepare_count', 'fspId'),
    ]),
    [
      ['Service level', [
        stat({ title: 'Transfer success (1h)', unit: 'percentunit', queries: [[`1 - ${SLI('1h')}`, 'success']] }),
        stat({ title: 'Objective', unit: 'percentunit', queries: [[OBJECTIVE, 'objective']] }),
        stat({
          title: 'Error budget left (30d)', unit: 'percentunit',
          description: 'Share of the 30-day error budget not yet spent (average hourly error ratio over 30 days against the objective).',
          queries: [[`1 - max(avg_over_time(namespace:mojaloop_transfer_errors:ratio_rate1h{${SCOPE}}[30d])) / (1 - ${OBJECTIVE})`, 'budget left']],
        }),
        stat({ title: 'Transfers per second', unit: 'reqps', queries: [[rate('moja_cl_transfer_prepare_count'), 'prepares/s']] }),
        timeseries({
          title: 'Transfer error ratio', unit: 'percentunit', width: 24,
          description: 'Failed prepare and fulfil events over all of them: the SLI of the burn-rate alerts.',
          queries: [[SLI('5m'), '5m'], [SLI('1h'), '1h'], [SLI('6h'), '6h'], [`1 - ${OBJECTIVE}`, 'error budget (1x burn)']],
        }),
      ]],
      ['Transfers', [
        timeseries({
          title: 'Transfers per second', unit: 'reqps',
          queries: [[rate('moja_cl_transfer_prepare_count'), 'prepare'], [rate('moja_cl_transfer_fulfil_count'), 'fulfil'], [rate('moja_ml_transfer_prepare_count'), 'POST /transfers (ml-api-adapter)']],
        }),
        timeseries({
          title: 'Success ratio', unit: 'percentunit', max: 1,
          queries: [
            [`${rate('moja_cl_transfer_prepare_count', ', success="true"')} / ${rate('moja_cl_transfer_prepare_count')}`, 'prepare'],
            [`${rate('moja_cl_transfer_fulfil_count', ', success="true"')} / ${rate('moja_cl_transfer_fulfil_count')}`, 'fulfil'],
          ],
        }),
        timeseries({
          title: 'Prepare handler latency', unit: 's',
          queries: [[quantile(0.5, 'moja_cl_transfer_prepare', ''), 'p50'], [quantile(0.95, 'moja_cl_transfer_prepare', ''), 'p95'], [quantile(0.99, 'moja_cl_transfer_prepare', ''), 'p99']],
        }),
        timeseries({
          title: 'Fulfil handler latency', unit: 's',
          queries: [[quantile(0.5, 'moja_cl_transfer_fulfil', ''), 'p50'], [quantile(0.95, 'moja_cl_transfer_fulfil', ''), 'p95'], [quantile(0.99, 'moja_cl_transfer_fulfil', ''), 'p99']],
        }),
        timeseries({
          title: 'End-to-end transfer time (prepare request to fulfil notification)', unit: 's', width: 24,
          queries: [[quantile(0.5, 'moja_ml_tx_transfer', ''), 'p50'], [quantile(0.95, 'moja_ml_tx_transfer', ''), 'p95'], [quantile(0.99, 'moja_ml_tx_transfer', ''), 'p99']],
        }),
      ]],
      ['Per FSP', [
        timeseries({ title: 'Prepares per second by FSP', unit: 'reqps', queries: [[rate('moja_cl_transfer_prepare_count', FSP, ['fspId']), '{{fspId}}']] }),
        timeseries({ title: 'Failed prepares per second by FSP', unit: 'reqps', queries: [[rate('moja_cl_transfer_prepare_count', `${FSP}, success="false"`, ['fspId']), '{{fspId}}']] }),
        timeseries({ title: 'Prepare p95 by FSP', unit: 's', queries: [[quantile(0.95, 'moja_cl_transfer_prepare', FSP, ['fspId']), '{{fspId}}']] }),
        timeseries({ title: 'Failed fulfils per second by FSP', unit: 'reqps', queries: [[rate('moja_cl_transfer_fulfil_count', `${FSP}, success="false"`, ['fspId']), '{{fspId}}']] }),
        timeseries({
          title: 'Failed callbacks per second by destination FSP', unit: 'reqps', width: 24,
          queries: [[rate('moja_ml_notification_event_delivery_count', ', success="false"', ['dest']), '{{dest}}']],
        }),
      ]],
    ],
  ).build(),
};
