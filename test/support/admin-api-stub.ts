// In-memory stand-ins for the central-ledger admin API and the ALS admin API on
// loopback, with the rules the provisioning script depends on: a participant
// currency needs both hub accounts and a settlement model (central-ledger
// src/api/participants/handler.js create, validateHubAccounts); duplicates are
// rejected with 400; currency accounts start inactive until
// initialPositionAndLimits (models/participant/facade.js); the ALS admin API
// requires Content-Type and Date headers (admin-swagger.yaml). A stub, not the
// proof of the real services: it lets the script's logic be tested fast.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = any;

export interface StubParticipant {
  name: string;
  isActive: number;
  accounts: { currency: string; ledgerAccountType: string; isActive: number; id?: number; value?: number }[];
  limits: Map<string, number>;
  endpoints: Map<string, string>;
}

export interface AdminState {
  hubAccounts: { ledgerAccountType: string; currency: string }[];
  settlementModels: Json[];
  participants: Map<string, StubParticipant>;
  oracles: Json[];
}

export interface Stub {
  ledgerUrl: string;
  alsUrl: string;
  state: AdminState;
  /** Every non-GET request, as "METHOD path". */
  writes: string[];
  /** Answer /health with 503 this many times first. */
  unhealthyFor: number;
  /** Make one route fail with 500: "METHOD path". */
  failOn?: string;
  close(): Promise<void>;
}

const body = (req: http.IncomingMessage): Promise<Json> => new Promise((resolve) => {
  let data = '';
  req.on('data', (c) => { data += c; });
  req.on('end', () => resolve(data ? JSON.parse(data) : undefined));
});

export async function startAdminStub(): Promise<Stub> {
  const state: AdminState = { hubAccounts: [], settlementModels: [], participants: new Map(), oracles: [] };
  const stub = { state, writes: [] as string[], unhealthyFor: 0 } as unknown as Stub;

  const reply = (res: http.ServerResponse, status: number, payload?: Json) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(payload === undefined ? '' : JSON.stringify(payload));
  };
  const bad = (res: http.ServerResponse, message: string) => reply(res, 400, { errorInformation: { errorCode: '3000', errorDescription: message } });

  const ledger = http.createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://stub');
    const p = url.pathname;
    const payload = await body(req);
    if (req.method !== 'GET') stub.writes.push(`${req.method} ${p}`);
    if (stub.failOn === `${req.method} ${p}`) return reply(res, 500, { errorInformation: { errorDescription: 'stub failure' } });
    if (p === '/health') return stub.unhealthyFor-- > 0 ? reply(res, 503) : reply(res, 200, { status: 'OK' });
    let m: RegExpMatchArray | null;
    if (p === '/participants/Hub' && req.method === 'GET') return reply(res, 200, { name: 'Hub', isActive: 1, accounts: state.hubAccounts.map((a) => ({ ...a, isActive: 1 })) });
    if (p === '/participants/Hub/accounts' && req.method === 'POST') {
      if (state.hubAccounts.some((a) => a.ledgerAccountType === payload.type && a.currency === payload.currency)) return bad(res, 'Hub account has already been registered');
      state.hubAccounts.push({ ledgerAccountType: payload.type, currency: payload.currency });
      return reply(res, 201, {});
    }
    if (p === '/settlementModels' && req.method === 'GET') return reply(res, 200, state.settlementModels);
    if (p === '/settlementModels' && req.method === 'POST') {
      if (state.settlementModels.some((x) => x.name === payload.name)) return bad(res, 'Settlement model already exists');
      state.settlementModels.push({ ...payload, isActive: 1 });
      return reply(res, 201);
    }
    if (p === '/participants' && req.method === 'POST') {
      const hub = ['HUB_MULTILATERAL_SETTLEMENT', 'HUB_RECONCILIATION'].every((t) => state.hubAccounts.some((a) => a.ledgerAccountType === t && a.currency === payload.currency));
      if (!hub) return bad(res, 'Hub reconciliation account for the specified currency does not exist');
      if (!state.settlementModels.some((x) => x.currency === payload.currency || x.currency === undefined)) return reply(res, 500, { errorInformation: { errorDescription: 'Unable to find a matching or default, Settlement Model' } });
      const existing: StubParticipant = state.participants.get(payload.name) ?? { name: payload.name, isActive: 1, accounts: [], limits: new Map(), endpoints: new Map() };
      if (existing.accounts.some((a) => a.currency === payload.currency)) return bad(res, 'Participant currency has already been registered');
      existing.accounts.push({ currency: payload.currency, ledgerAccountType: 'POSITION', isActive: 0 }, { currency: payload.currency, ledgerAccountType: 'SETTLEMENT', isActive: 0 });
      state.participants.set(payload.name, existing);
      return reply(res, 201, { name: existing.name, isActive: existing.isActive, accounts: existing.accounts });
    }
    if ((m = p.match(/^\/participants\/([^/]+)$/)) && req.method === 'GET') {
      const x = state.participants.get(decodeURIComponent(m[1]));
      return x ? reply(res, 200, { name: x.name, isActive: x.isActive, accounts: x.accounts }) : reply(res, 404, { errorInformation: { errorCode: '3200', errorDescription: 'Participant does not exist' } });
    }
    // Accounts and funds-in (central-ledger src/api/participants/routes.js): the settlement
    // account's value goes negative by the amount, applied later (the admin-transfer handler).
    if ((m = p.match(/^\/participants\/([^/]+)\/accounts(?:\/(\d+))?$/))) {
      const x = state.participants.get(decodeURIComponent(m[1]));
      if (!x) return reply(res, 404);
      x.accounts.forEach((a, i) => { a.id ??= i + 1; a.value ??= 0; });
      if (!m[2] && req.method === 'GET') return reply(res, 200, x.accounts.map((a) => ({ ...a, reservedValue: 0 })));
      const account = x.accounts.find((a) => a.id === Number(m![2]));
      if (m[2] && req.method === 'POST' && account?.ledgerAccountType === 'SETTLEMENT' && payload?.action === 'recordFundsIn' && payload.transferId && payload.externalReference && payload.reason && payload.amount?.currency === account.currency) {
        setTimeout(() => { account.value! -= Number(payload.amount.amount); }, 50);
        return reply(res, 202);
      }
      return bad(res, 'recordFunds: not a settlement account or a malformed payload');
    }
    if ((m = p.match(/^\/participants\/([^/]+)\/(limits|initialPositionAndLimits|endpoints)$/))) {
      const x = state.participants.get(decodeURIComponent(m[1]));
      if (!x) return reply(res, 404);
      if (m[2] === 'limits' && req.method === 'GET') {
        const c = url.searchParams.get('currency')!;
        return reply(res, 200, x.limits.has(c) ? [{ currency: c, limit: { type: 'NET_DEBIT_CAP', value: x.limits.get(c), alarmPercentage: 10 } }] : []);
      }
      if (m[2] === 'initialPositionAndLimits' && req.method === 'POST') {
        if (x.limits.has(payload.currency)) return bad(res, 'Participant limit or initial position already set');
        x.limits.set(payload.currency, payload.limit.value);
        for (const a of x.accounts) if (a.currency === payload.currency) a.isActive = 1;
        return reply(res, 201);
      }
      if (m[2] === 'limits' && req.method === 'PUT') {
        if (!x.limits.has(payload.currency) || typeof payload.limit.alarmPercentage !== 'number') return bad(res, 'no limit to adjust');
        x.limits.set(payload.currency, payload.limit.value);
        return reply(res, 200, payload);
      }
      if (m[2] === 'endpoints' && req.method === 'GET') return reply(res, 200, [...x.endpoints].map(([type, value]) => ({ type, value })));
      if (m[2] === 'endpoints' && req.method === 'POST') {
        x.endpoints.set(payload.type, payload.value);
        return reply(res, 201);
      }
    }
    return reply(res, 404, { errorInformation: { errorDescription: `no route ${req.method} ${p}` } });
  });

  const als = http.createServer(async (req, res) => {
    const p = new URL(req.url!, 'http://stub').pathname;
    const payload = await body(req);
    if (req.method !== 'GET') stub.writes.push(`ALS ${req.method} ${p}`);
    if (p === '/health') return stub.unhealthyFor-- > 0 ? reply(res, 503) : reply(res, 200, { status: 'OK' });
    if (!req.headers.date || req.headers['content-type'] !== 'application/json') return bad(res, 'Content-Type and Date headers are required');
    if (p === '/oracles' && req.method === 'GET') return reply(res, 200, state.oracles);
    if (p === '/oracles' && req.method === 'POST') {
      state.oracles.push({ oracleId: String(state.oracles.length + 1), ...payload });
      return reply(res, 201);
    }
    const m = p.match(/^\/oracles\/([^/]+)$/);
    if (m && req.method === 'PUT') {
      const i = state.oracles.findIndex((o) => o.oracleId === m[1]);
      if (i < 0) return reply(res, 404);
      state.oracles[i] = { oracleId: m[1], ...payload };
      return reply(res, 204);
    }
    return reply(res, 404);
  });

  const listen = (s: http.Server) => new Promise<string>((resolve) => s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));
  stub.ledgerUrl = await listen(ledger);
  stub.alsUrl = await listen(als);
  stub.close = async () => {
    await new Promise((r) => ledger.close(r));
    await new Promise((r) => als.close(r));
  };
  return stub;
}
