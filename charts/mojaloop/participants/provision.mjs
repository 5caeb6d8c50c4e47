// Makes central-ledger and the ALS admin API match the environment's
// `participants` section: hub accounts, settlement models, oracle registrations,
// DFSPs with their currencies, net-debit caps and callback endpoints. Idempotent:
// it reads first and writes only what differs, so re-running it is harmless.
// Runs in a pinned node image (global fetch, no dependencies). API shapes from
// mojaloop/central-ledger v19.14.0 src/api/participants|settlementModels/routes.js
// and handler.js, and account-lookup-service v17.14.11 src/interface/admin-swagger.yaml.
//
// Usage: node provision.mjs <desired.json>
// Environment: CENTRAL_LEDGER_URL, ALS_ADMIN_URL, WAIT_SECONDS (default 900), POLL_SECONDS (default 5).
import { readFileSync } from 'node:fs';

const desired = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const LEDGER = process.env.CENTRAL_LEDGER_URL;
const ALS = process.env.ALS_ADMIN_URL;
const WAIT_SECONDS = Number(process.env.WAIT_SECONDS ?? 900);
const POLL_SECONDS = Number(process.env.POLL_SECONDS ?? 5);
let writes = 0;

const log = (msg) => console.log(`provision: ${msg}`);

class HttpError extends Error {
  constructor(method, url, status, body) {
    super(`${method} ${url} -> ${status}: ${body.slice(0, 500)}`);
    this.status = status;
  }
}

async function call(base, method, path, body) {
  const url = `${base}${path}`;
  const headers = { accept: 'application/json' };
  // The ALS admin API requires Content-Type and Date on every request (admin-swagger.yaml parameters).
  if (base === ALS) Object.assign(headers, { 'content-type': 'application/json', date: new Date().toUTCString() });
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new HttpError(method, url, res.status, text);
  if (method !== 'GET') {
    writes += 1;
    log(`${method} ${path} ${body === undefined ? '' : JSON.stringify(body)} -> ${res.status}`);
  }
  return text ? JSON.parse(text) : undefined;
}

const get = (base, path) => call(base, 'GET', path);
const getOrNull = async (base, path) => {
  try {
    return await get(base, path);
  } catch (e) {
    // central-ledger answers an unknown participant with 404 (or 400 on older releases).
    if (e instanceof HttpError && (e.status === 404 || e.status === 400)) return null;
    throw e;
  }
};

/** Waits until both APIs answer /health: they start with the switch, after their migrations. */
async function waitForApis() {
  const deadline = Date.now() + WAIT_SECONDS * 1000;
  for (const base of [LEDGER, ALS]) {
    for (;;) {
      try {
        const res = await fetch(`${base}/health`);
        if (res.ok) break;
        log(`${base}/health -> ${res.status}; waiting`);
      } catch (e) {
        log(`${base}/health: ${e.cause?.code ?? e.message}; waiting`);
      }
      if (Date.now() > deadline) throw new Error(`${base} did not become healthy within ${WAIT_SECONDS}s`);
      await new Promise((r) => setTimeout(r, POLL_SECONDS * 1000));
    }
  }
}

const enc = encodeURIComponent;

async function hubAccounts() {
  const hub = await get(LEDGER, `/participants/${enc(desired.hub.name)}`);
  for (const currency of desired.hub.currencies) {
    for (const type of ['HUB_MULTILATERAL_SETTLEMENT', 'HUB_RECONCILIATION']) {
      if (!hub.accounts.some((a) => a.ledgerAccountType === type && a.currency === currency)) {
        await call(LEDGER, 'POST', `/participants/${enc(desired.hub.name)}/accounts`, { type, currency });
      }
    }
  }
}

async function settlementModels() {
  const existing = (await get(LEDGER, '/settlementModels')) ?? [];
  for (const model of desired.settlementModels) {
    const found = existing.find((m) => m.name === model.name);
    if (!found) {
      await call(LEDGER, 'POST', '/settlementModels', model);
      continue;
    }
    // central-ledger cannot change a model in place (PUT only toggles isActive): report drift.
    for (const [k, v] of Object.entries(model)) {
      if (k in found && found[k] !== v) log(`WARNING settlement model ${model.name}: ${k} is ${JSON.stringify(found[k])} in central-ledger, ${JSON.stringify(v)} here; change it by hand`);
    }
  }
}

async function oracles() {
  const existing = (await get(ALS, '/oracles')) ?? [];
  for (const oracle of desired.oracles) {
    const found = existing.find((o) => o.oracleIdType === oracle.oracleIdType && (o.currency ?? null) === (oracle.currency ?? null));
    if (!found) await call(ALS, 'POST', '/oracles', oracle);
    else if (found.endpoint?.value !== oracle.endpoint.value || Boolean(found.isDefault) !== oracle.isDefault) {
      await call(ALS, 'PUT', `/oracles/${enc(found.oracleId)}`, oracle);
    }
  }
}

async function dfsp(p) {
  const name = enc(p.name);
  let participant = await getOrNull(LEDGER, `/participants/${name}`);
  for (const { currency } of p.currencies) {
    // POST /participants with a new currency adds that currency's position and settlement accounts.
    if (!participant?.accounts?.some((a) => a.currency === currency)) {
      participant = await call(LEDGER, 'POST', '/participants', { name: p.name, currency });
    }
  }
  if (participant && participant.isActive === 0) await call(LEDGER, 'PUT', `/participants/${name}`, { isActive: true });

  for (const { currency, netDebitCap } of p.currencies) {
    const limits = (await get(LEDGER, `/participants/${name}/limits?currency=${enc(currency)}&type=NET_DEBIT_CAP`)) ?? [];
    const ndc = limits.find((l) => l.limit?.type === 'NET_DEBIT_CAP');
    if (!ndc) {
      // Also activates the currency's accounts (models/participant/facade.js addLimitAndInitialPosition).
      await call(LEDGER, 'POST', `/participants/${name}/initialPositionAndLimits`, { currency, limit: { type: 'NET_DEBIT_CAP', value: netDebitCap }, initialPosition: 0 });
    } else if (ndc.limit.value !== netDebitCap) {
      await call(LEDGER, 'PUT', `/participants/${name}/limits`, { currency, limit: { type: 'NET_DEBIT_CAP', value: netDebitCap, alarmPercentage: ndc.limit.alarmPercentage ?? 10 } });
    }
  }

  const endpoints = (await get(LEDGER, `/participants/${name}/endpoints`)) ?? [];
  for (const e of p.endpoints) {
    // A POST replaces the active endpoint of that type.
    if (!endpoints.some((x) => x.type === e.type && x.value === e.value)) await call(LEDGER, 'POST', `/participants/${name}/endpoints`, e);
  }
}

try {
  await waitForApis();
  // Order matters: a participant currency needs hub accounts and a settlement model first.
  await hubAccounts();
  await settlementModels();
  await oracles();
  for (const p of desired.participants) await dfsp(p);
  log(`done: ${writes} change(s)`);
} catch (e) {
  console.error(`provision: FAILED: ${e.message}`);
  process.exit(1);
}
