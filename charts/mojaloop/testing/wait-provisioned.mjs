// Waits until the participants the golden path uses are provisioned: each exists
// in central-ledger, is active and has its callback endpoints (the provisioning
// Job registers endpoints last), and the Testing Toolkit's admin API answers.
// central-ledger v19.14.0 src/api/participants/routes.js: GET /participants/{name},
// GET /participants/{name}/endpoints.
//
// Usage: node wait-provisioned.mjs <dfsp>...
// Environment: CENTRAL_LEDGER_URL, TOOLKIT_URL, POLL_SECONDS (default 10), WAIT_SECONDS (default 3600).
const LEDGER = process.env.CENTRAL_LEDGER_URL;
const TOOLKIT = process.env.TOOLKIT_URL;
const POLL_SECONDS = Number(process.env.POLL_SECONDS ?? 10);
const WAIT_SECONDS = Number(process.env.WAIT_SECONDS ?? 3600);
const dfsps = process.argv.slice(2);

async function missing() {
  const out = [];
  for (const name of dfsps) {
    try {
      const p = await fetch(`${LEDGER}/participants/${encodeURIComponent(name)}`);
      if (!p.ok) { out.push(`${name}: not in central-ledger (${p.status})`); continue; }
      if ((await p.json()).isActive !== 1) { out.push(`${name}: not active`); continue; }
      const e = await fetch(`${LEDGER}/participants/${encodeURIComponent(name)}/endpoints`);
      const endpoints = e.ok ? await e.json() : [];
      if (!Array.isArray(endpoints) || endpoints.length === 0) out.push(`${name}: no callback endpoints yet`);
    } catch (err) {
      out.push(`${name}: central-ledger unreachable (${err.cause?.code ?? err.message})`);
    }
  }
  try {
    await fetch(TOOLKIT);
  } catch (err) {
    out.push(`Testing Toolkit unreachable (${err.cause?.code ?? err.message})`);
  }
  return out;
}

const deadline = Date.now() + WAIT_SECONDS * 1000;
for (;;) {
  const waiting = await missing();
  if (waiting.length === 0) {
    console.log(`wait-provisioned: ${dfsps.join(', ')} provisioned; Testing Toolkit up`);
    process.exit(0);
  }
  if (Date.now() > deadline) {
    console.error(`wait-provisioned: gave up after ${WAIT_SECONDS}s: ${waiting.join('; ')}`);
    process.exit(1);
  }
  console.log(`wait-provisioned: waiting: ${waiting.join('; ')}`);
  await new Promise((r) => setTimeout(r, POLL_SECONDS * 1000));
}
