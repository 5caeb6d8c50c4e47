// Gives the golden path's DFSPs liquidity: central-ledger rejects a transfer whose
// amount exceeds the payer's liquidity cover, the negated value of its SETTLEMENT
// account (central-ledger v19.14.0 src/domain/position/prepare.js,
// PAYER_FSP_INSUFFICIENT_LIQUIDITY), and provisioning records no funds (a deposit is
// money, not configuration). In dev and test this tops each settlement account up
// to the target with recordFundsIn (src/api/participants/routes.js POST
// /participants/{name}/accounts/{id}), as helm's golden-path provisioning collection
// does, and waits until the admin-transfer handler has applied it. Re-running
// deposits nothing once the cover is there.
//
// Usage: node record-funds.mjs <dfsp>:<currency>:<amount>...
// Environment: CENTRAL_LEDGER_URL, POLL_SECONDS (default 5), WAIT_SECONDS (default 600).
import { randomUUID } from 'node:crypto';

const LEDGER = process.env.CENTRAL_LEDGER_URL;
const POLL_SECONDS = Number(process.env.POLL_SECONDS ?? 5);
const WAIT_SECONDS = Number(process.env.WAIT_SECONDS ?? 600);
const targets = process.argv.slice(2).map((a) => { const [name, currency, amount] = a.split(':'); return { name, currency, amount: Number(amount) }; });

async function settlementAccount(name, currency) {
  const res = await fetch(`${LEDGER}/participants/${encodeURIComponent(name)}/accounts`);
  if (!res.ok) throw new Error(`GET /participants/${name}/accounts -> ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const account = (await res.json()).find((a) => a.ledgerAccountType === 'SETTLEMENT' && a.currency === currency);
  if (!account) throw new Error(`${name} has no ${currency} SETTLEMENT account`);
  return account;
}

for (const t of targets) {
  const account = await settlementAccount(t.name, t.currency);
  const cover = -Number(account.value);
  if (cover >= t.amount) {
    console.log(`record-funds: ${t.name} ${t.currency} cover ${cover} >= ${t.amount}; nothing to deposit`);
    continue;
  }
  const amount = Number((t.amount - cover).toFixed(4));
  const res = await fetch(`${LEDGER}/participants/${encodeURIComponent(t.name)}/accounts/${account.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ transferId: randomUUID(), externalReference: 'golden-path', action: 'recordFundsIn', reason: 'golden path liquidity (dev/test)', amount: { amount, currency: t.currency } }),
  });
  if (res.status !== 202) {
    console.error(`record-funds: POST /participants/${t.name}/accounts/${account.id} -> ${res.status}: ${(await res.text()).slice(0, 300)}`);
    process.exit(1);
  }
  console.log(`record-funds: ${t.name} ${t.currency} +${amount} recorded; waiting for it to apply`);
  const deadline = Date.now() + WAIT_SECONDS * 1000;
  while (-Number((await settlementAccount(t.name, t.currency)).value) < t.amount) {
    if (Date.now() > deadline) {
      console.error(`record-funds: ${t.name} ${t.currency} funds not applied within ${WAIT_SECONDS}s`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, POLL_SECONDS * 1000));
  }
}
console.log('record-funds: done');
