// "Mojaloop / Account lookup and quotes": party lookups (account-lookup-service)
// and quotes (quoting-service), volume, outcome and latency.
import { layout, quantile, rate, switchDashboard, timeseries, type DashboardSource } from './common';

const HANDLE = ', queryName="quote_handleQuoteRequest"';
const percentiles = (metric: string, filter = ''): Array<[string, string]> =>
  [0.5, 0.95, 0.99].map((q) => [quantile(q, metric, filter), `p${Math.round(q * 100)}`]);

export const lookupsQuotes: DashboardSource = {
  uid: 'mojaloop-lookups-quotes',
  title: 'Mojaloop / Account lookup and quotes',
  build: () => layout(
    switchDashboard('mojaloop-lookups-quotes', 'Mojaloop / Account lookup and quotes', 'Discovery (GET /parties) and agreement (POST /quotes) phases of a payment.'),
    [
      ['Account lookup', [
        timeseries({ title: 'Party lookups per second by outcome', unit: 'reqps', queries: [[rate('moja_als_getPartiesByTypeAndID_count', '', ['success']), 'success={{success}}']] }),
        timeseries({ title: 'Party lookup latency', unit: 's', queries: percentiles('moja_als_getPartiesByTypeAndID') }),
        timeseries({ title: 'GET /parties requests per second by outcome', unit: 'reqps', queries: [[rate('moja_als_ing_getPartiesByTypeAndID_count', '', ['success']), 'success={{success}}']] }),
        timeseries({ title: 'Oracle request latency (p95)', unit: 's', queries: [[quantile(0.95, 'moja_als_egress_oracleRequest', ''), 'p95']] }),
        timeseries({ title: 'Party error callbacks per second', unit: 'reqps', width: 24, queries: [[rate('moja_als_putPartiesErrorByTypeAndID_count'), 'PUT /parties/../error']] }),
      ]],
      ['Quotes', [
        timeseries({ title: 'Quote requests per second by outcome', unit: 'reqps', queries: [[rate('moja_qs_model_quote_count', HANDLE, ['success']), 'success={{success}}']] }),
        timeseries({ title: 'Quote handling latency', unit: 's', queries: percentiles('moja_qs_model_quote', HANDLE) }),
        timeseries({ title: 'POST /quotes per second by outcome', unit: 'reqps', queries: [[rate('moja_qs_quotes_post_count', '', ['success']), 'success={{success}}']] }),
        timeseries({ title: 'Quote error callbacks per second', unit: 'reqps', queries: [[rate('moja_qs_quotes_id_put_error_count'), 'PUT /quotes/../error']] }),
      ]],
    ],
  ).build(),
};
