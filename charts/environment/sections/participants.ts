// The scheme's participants, as data: the hub's currencies, the settlement
// models, the oracles ALS routes party lookups to, and the DFSPs with their
// currencies, net-debit caps and callback base URL. A provisioning Job makes
// central-ledger and the ALS admin API match it (charts/mojaloop/participants/).
// This is what a scheme operator reviews in a merge request.
import { Type, type Static } from '@sinclair/typebox';
import { CURRENCY_CODES } from '../currencies';
import type { FieldPath } from '../errors';
import { Strict, StringEnum, Url } from '../types';

const Currency = (description: string) =>
  Type.String({ pattern: '^[A-Z]{3}$', title: 'an ISO 4217 currency code such as USD', description });

/**
 * central-ledger src/api/participants/routes.js: a participant name is 2-30 characters;
 * it also becomes part of Kafka keys and callback URLs, so letters, digits, "-" and "_" only.
 */
const ParticipantId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{1,29}$', title: 'a participant id of 2-30 letters, digits, "-" or "_"', description: 'The DFSP id (FSPIOP-Source/Destination), as registered in central-ledger.' });

/** central-ledger src/api/settlementModels/routes.js: alphanumeric, 2-30 characters. */
const ModelName = Type.String({ pattern: '^[A-Za-z0-9]{2,30}$', title: 'a settlement model name of 2-30 letters or digits', description: 'Settlement model name.' });

/** The party id types of the FSPIOP API that ALS routes to an oracle (account-lookup-service src/interface/admin-swagger.yaml PartyIdTypeEnum; CONSENT from the 3PPI admin API). */
export const ORACLE_TYPES = ['MSISDN', 'EMAIL', 'PERSONAL_ID', 'BUSINESS', 'DEVICE', 'ACCOUNT_ID', 'IBAN', 'ALIAS', 'CONSENT'] as const;
export type OracleType = (typeof ORACLE_TYPES)[number];

export const ParticipantsSchema = Strict({
  hub: Strict({
    currencies: Type.Array(Currency('A currency the hub settles in.'), { minItems: 1, description: 'Currencies of the hub accounts HUB_MULTILATERAL_SETTLEMENT and HUB_RECONCILIATION; every DFSP currency needs them.' }),
  }, 'The hub operator (the participant "Hub" that central-ledger seeds).'),
  settlementModels: Type.Optional(Type.Array(Strict({
    name: ModelName,
    granularity: StringEnum(['GROSS', 'NET'] as const, 'Settle each transfer (GROSS) or net positions (NET).'),
    interchange: StringEnum(['BILATERAL', 'MULTILATERAL'] as const, 'Between pairs of DFSPs or against the hub.'),
    delay: StringEnum(['IMMEDIATE', 'DEFERRED'] as const, 'Settle at once or per settlement window.'),
    currency: Type.Optional(Currency('The currency the model applies to; omitted: every currency without a model of its own.')),
    requireLiquidityCheck: Type.Boolean({ description: 'Check the net-debit cap before accepting a transfer.' }),
    ledgerAccountType: Type.Optional(StringEnum(['POSITION', 'INTERCHANGE_FEE'] as const, 'Ledger account the model settles (default POSITION).')),
    settlementAccountType: Type.Optional(StringEnum(['SETTLEMENT', 'INTERCHANGE_FEE_SETTLEMENT'] as const, 'Settlement account linked to it (default SETTLEMENT).')),
    autoPositionReset: Type.Boolean({ description: 'Reset positions when a settlement completes.' }),
  }, 'A settlement model (central-ledger POST /settlementModels).'), { description: 'Settlement models; each DFSP currency needs one.' })),
  oracles: Type.Optional(Type.Array(Strict({
    type: StringEnum(ORACLE_TYPES, 'Party id type the oracle answers for.'),
    currency: Type.Optional(Currency('Only for this currency.')),
    endpoint: Type.Optional(Url('Base URL of the oracle; default: the in-cluster oracle of that type (MSISDN: als-msisdn-oracle, CONSENT: consent-oracle).')),
  }, 'An oracle registration (ALS admin POST /oracles).'), { description: 'Oracles ALS routes party lookups to.' })),
  dfsps: Type.Optional(Type.Array(Strict({
    id: ParticipantId,
    currencies: Type.Array(Strict({
      code: Currency('Currency of the position account.'),
      netDebitCap: Type.Number({ minimum: 0, description: 'NET_DEBIT_CAP limit in that currency (0 or more).' }),
    }), { minItems: 1, description: 'Currencies the DFSP transacts in, each with its net-debit cap.' }),
    callbackUrl: Url('Base URL of the DFSP\'s FSPIOP API; the callback endpoints are derived from it.'),
    settlementModel: ModelName,
  }, 'A DFSP.'), { description: 'The DFSPs of the scheme.' })),
}, 'Participants: hub accounts, settlement models, oracle registrations and DFSPs, applied by an idempotent provisioning Job.');

export interface Dfsp {
  id: string;
  currencies: { code: string; netDebitCap: number }[];
  callbackUrl: string;
  settlementModel: string;
}
export interface SettlementModel {
  name: string;
  granularity: 'GROSS' | 'NET';
  interchange: 'BILATERAL' | 'MULTILATERAL';
  delay: 'IMMEDIATE' | 'DEFERRED';
  currency?: string;
  requireLiquidityCheck: boolean;
  ledgerAccountType: 'POSITION' | 'INTERCHANGE_FEE';
  settlementAccountType: 'SETTLEMENT' | 'INTERCHANGE_FEE_SETTLEMENT';
  autoPositionReset: boolean;
}
export interface OracleRegistration { type: OracleType; currency?: string; endpoint?: string }

export interface ParticipantsConfig {
  hub: { currencies: string[] };
  settlementModels: SettlementModel[];
  oracles: OracleRegistration[];
  dfsps: Dfsp[];
}

/** undefined: the environment declares no participants, and nothing is provisioned. */
export function resolveParticipants(file: Static<typeof ParticipantsSchema> | undefined): ParticipantsConfig | undefined {
  if (!file) return undefined;
  return {
    hub: { currencies: [...file.hub.currencies] },
    settlementModels: (file.settlementModels ?? []).map((m) => ({
      ledgerAccountType: 'POSITION', settlementAccountType: 'SETTLEMENT', ...m,
    })),
    oracles: (file.oracles ?? []).map((o) => ({ ...o })),
    dfsps: (file.dfsps ?? []).map((d) => ({ ...d, currencies: d.currencies.map((c) => ({ ...c })) })),
  };
}

export interface ParticipantIssue { path: FieldPath; message: string }

const KNOWN = new Set<string>(CURRENCY_CODES);

/** What the schema cannot say: known currencies, unique ids, references that resolve, coverage. */
export function participantIssues(p: ParticipantsConfig | undefined, features: { thirdParty: boolean }): ParticipantIssue[] {
  if (!p) return [];
  const issues: ParticipantIssue[] = [];
  const root = 'participants';
  const currency = (code: string | undefined, path: FieldPath) => {
    if (code !== undefined && !KNOWN.has(code)) issues.push({ path, message: `"${code}" is not an ISO 4217 currency code central-ledger accepts (charts/environment/currencies.ts)` });
  };
  const duplicates = <T>(items: T[], key: (t: T) => string, path: (i: number) => FieldPath, what: string, note = '') => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) issues.push({ path: path(i), message: `duplicate ${what} "${k}" (also at index ${seen.get(k)}${note})` });
      else seen.set(k, i);
    });
  };

  p.hub.currencies.forEach((c, i) => currency(c, [root, 'hub', 'currencies', i]));
  duplicates(p.hub.currencies, (c) => c, (i) => [root, 'hub', 'currencies', i], 'hub currency');

  p.settlementModels.forEach((m, i) => currency(m.currency, [root, 'settlementModels', i, 'currency']));
  duplicates(p.settlementModels, (m) => m.name, (i) => [root, 'settlementModels', i, 'name'], 'settlement model');
  // central-ledger allows one model per currency and ledger account type (and one default without a currency).
  duplicates(p.settlementModels, (m) => `${m.currency ?? 'any currency'}/${m.ledgerAccountType}`, (i) => [root, 'settlementModels', i], 'settlement model for currency/account type');

  p.oracles.forEach((o, i) => {
    currency(o.currency, [root, 'oracles', i, 'currency']);
    if (!o.endpoint && o.type !== 'MSISDN' && o.type !== 'CONSENT') {
      issues.push({ path: [root, 'oracles', i, 'endpoint'], message: `required for type ${o.type}: only MSISDN and CONSENT have an oracle in this cluster` });
    }
    if (o.type === 'CONSENT' && !features.thirdParty) {
      // ALS accepts CONSENT only with its extended party id types, which we turn on with 3PPI.
      issues.push({ path: [root, 'oracles', i, 'type'], message: 'CONSENT oracles need features.thirdParty (ALS accepts the CONSENT party id type only then)' });
    }
  });
  duplicates(p.oracles, (o) => `${o.type}/${o.currency ?? 'any currency'}`, (i) => [root, 'oracles', i], 'oracle for type/currency');

  duplicates(p.dfsps, (d) => d.id.toLowerCase(), (i) => [root, 'dfsps', i, 'id'], 'DFSP id', '; ids are compared case-insensitively');
  p.dfsps.forEach((d, i) => {
    if (d.id.toLowerCase() === 'hub') issues.push({ path: [root, 'dfsps', i, 'id'], message: '"Hub" is the hub operator, not a DFSP' });
    const model = p.settlementModels.find((m) => m.name === d.settlementModel);
    if (!model) {
      issues.push({ path: [root, 'dfsps', i, 'settlementModel'], message: `"${d.settlementModel}" is not a settlement model of participants.settlementModels; expected one of: ${p.settlementModels.map((m) => m.name).join(', ') || '(none declared)'}` });
    }
    duplicates(d.currencies, (c) => c.code, (j) => [root, 'dfsps', i, 'currencies', j, 'code'], 'currency');
    d.currencies.forEach((c, j) => {
      const path: FieldPath = [root, 'dfsps', i, 'currencies', j, 'code'];
      currency(c.code, path);
      if (!p.hub.currencies.includes(c.code)) issues.push({ path, message: `${c.code} has no hub accounts; add it to participants.hub.currencies` });
      if (model && model.currency !== undefined && model.currency !== c.code && !p.settlementModels.some((m) => m.currency === c.code)) {
        issues.push({ path, message: `settlement model "${model.name}" is for ${model.currency}, and no model covers ${c.code}` });
      }
    });
  });
  return issues;
}
