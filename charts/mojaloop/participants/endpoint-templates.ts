// The callback endpoints central-ledger stores per DFSP, derived from the DFSP's
// base URL: endpoint types from mojaloop/central-ledger v19.14.0
// seeds/endpointType.js (FX types from its migrations), paths as the FSPIOP API
// names its resources and as central-ledger's own tests register them
// (test/util/scripts/populateTestDataForLegacySimulator.sh,
// test/integration-override/handlers/transfers/fxAbort.test.js). The {{...}}
// placeholders are filled by the switch (Mustache) when it calls back.
import type { FeatureFlags } from '../catalog';

export interface EndpointTemplate { type: string; path: string; feature?: 'bulk' }

const parties = '/parties/{{partyIdType}}/{{partyIdentifier}}';
const participants = '/participants/{{partyIdType}}/{{partyIdentifier}}';

export const ENDPOINT_TEMPLATES: readonly EndpointTemplate[] = [
  { type: 'FSPIOP_CALLBACK_URL_PARTIES_GET', path: parties },
  { type: 'FSPIOP_CALLBACK_URL_PARTIES_PUT', path: parties },
  { type: 'FSPIOP_CALLBACK_URL_PARTIES_PUT_ERROR', path: `${parties}/error` },
  { type: 'FSPIOP_CALLBACK_URL_PARTIES_SUB_ID_GET', path: `${parties}/{{partySubIdOrType}}` },
  { type: 'FSPIOP_CALLBACK_URL_PARTIES_SUB_ID_PUT', path: `${parties}/{{partySubIdOrType}}` },
  { type: 'FSPIOP_CALLBACK_URL_PARTIES_SUB_ID_PUT_ERROR', path: `${parties}/{{partySubIdOrType}}/error` },
  { type: 'FSPIOP_CALLBACK_URL_PARTICIPANT_PUT', path: participants },
  { type: 'FSPIOP_CALLBACK_URL_PARTICIPANT_PUT_ERROR', path: `${participants}/error` },
  { type: 'FSPIOP_CALLBACK_URL_PARTICIPANT_SUB_ID_PUT', path: `${participants}/{{partySubIdOrType}}` },
  { type: 'FSPIOP_CALLBACK_URL_PARTICIPANT_SUB_ID_PUT_ERROR', path: `${participants}/{{partySubIdOrType}}/error` },
  { type: 'FSPIOP_CALLBACK_URL_PARTICIPANT_BATCH_PUT', path: '/participants/{{requestId}}' },
  { type: 'FSPIOP_CALLBACK_URL_PARTICIPANT_BATCH_PUT_ERROR', path: '/participants/{{requestId}}/error' },
  // quoting-service, TRS and auth append the resource path themselves.
  { type: 'FSPIOP_CALLBACK_URL_QUOTES', path: '' },
  { type: 'FSPIOP_CALLBACK_URL_FX_QUOTES', path: '' },
  { type: 'FSPIOP_CALLBACK_URL_TRX_REQ_SERVICE', path: '' },
  { type: 'FSPIOP_CALLBACK_URL_AUTHORIZATIONS', path: '' },
  { type: 'FSPIOP_CALLBACK_URL_TRANSFER_POST', path: '/transfers' },
  { type: 'FSPIOP_CALLBACK_URL_TRANSFER_PUT', path: '/transfers/{{transferId}}' },
  { type: 'FSPIOP_CALLBACK_URL_TRANSFER_ERROR', path: '/transfers/{{transferId}}/error' },
  { type: 'FSPIOP_CALLBACK_URL_FX_TRANSFER_POST', path: '/fxTransfers' },
  { type: 'FSPIOP_CALLBACK_URL_FX_TRANSFER_PUT', path: '/fxTransfers/{{commitRequestId}}' },
  { type: 'FSPIOP_CALLBACK_URL_FX_TRANSFER_ERROR', path: '/fxTransfers/{{commitRequestId}}/error' },
  { type: 'FSPIOP_CALLBACK_URL_BULK_QUOTES', path: '', feature: 'bulk' },
  { type: 'FSPIOP_CALLBACK_URL_BULK_TRANSFER_POST', path: '/bulkTransfers', feature: 'bulk' },
  { type: 'FSPIOP_CALLBACK_URL_BULK_TRANSFER_PUT', path: '/bulkTransfers/{{id}}', feature: 'bulk' },
  { type: 'FSPIOP_CALLBACK_URL_BULK_TRANSFER_ERROR', path: '/bulkTransfers/{{id}}/error', feature: 'bulk' },
];

export function callbackEndpoints(baseUrl: string, features: FeatureFlags): { type: string; value: string }[] {
  const base = baseUrl.replace(/\/+$/, '');
  return ENDPOINT_TEMPLATES.filter((t) => !t.feature || features[t.feature]).map((t) => ({ type: t.type, value: `${base}${t.path}` }));
}
