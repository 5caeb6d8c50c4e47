// The provisioning script's input: the environment's participants section in the
// request shapes of the admin APIs (central-ledger, ALS), so the script only
// compares and sends. Pure data, deterministic key order.
import type { Environment } from '../../environment/environment';
import type { ParticipantsConfig } from '../../environment/sections/participants';
import { serviceUrl } from '../endpoints';
import { callbackEndpoints } from './endpoint-templates';

/** central-ledger's hub participant: config/default.json HUB_PARTICIPANT.NAME, created by seeds/participant.js. */
export const HUB_NAME = 'Hub';

/** The in-cluster oracle of a party id type (catalog services). */
const IN_CLUSTER_ORACLES: Record<string, string> = { MSISDN: 'als-msisdn-oracle', CONSENT: 'consent-oracle' };

export interface DesiredState {
  hub: { name: string; currencies: string[] };
  settlementModels: Record<string, unknown>[];
  oracles: { oracleIdType: string; endpoint: { value: string; endpointType: 'URL' }; currency?: string; isDefault: boolean }[];
  participants: { name: string; currencies: { currency: string; netDebitCap: number }[]; endpoints: { type: string; value: string }[] }[];
}

export function desiredState(env: Environment, p: ParticipantsConfig): DesiredState {
  return {
    hub: { name: HUB_NAME, currencies: [...p.hub.currencies] },
    // central-ledger src/api/settlementModels/routes.js POST payload.
    settlementModels: p.settlementModels.map((m) => ({
      name: m.name,
      settlementGranularity: m.granularity,
      settlementInterchange: m.interchange,
      settlementDelay: m.delay,
      ...(m.currency ? { currency: m.currency } : {}),
      requireLiquidityCheck: m.requireLiquidityCheck,
      ledgerAccountType: m.ledgerAccountType,
      autoPositionReset: m.autoPositionReset,
      settlementAccountType: m.settlementAccountType,
    })),
    // account-lookup-service admin-swagger.yaml OracleInfo.
    oracles: p.oracles.map((o) => ({
      oracleIdType: o.type,
      endpoint: { value: o.endpoint ?? serviceUrl(env, IN_CLUSTER_ORACLES[o.type]), endpointType: 'URL' as const },
      ...(o.currency ? { currency: o.currency } : {}),
      isDefault: true,
    })),
    participants: p.dfsps.map((d) => ({
      name: d.id,
      currencies: d.currencies.map((c) => ({ currency: c.code, netDebitCap: c.netDebitCap })),
      endpoints: callbackEndpoints(d.callbackUrl, env.features),
    })),
  };
}
