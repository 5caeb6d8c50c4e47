// The participants provisioning Job: its script, exactly as rendered into the
// ConfigMap of the test environment, run by node against admin-API stubs on
// loopback: it converges, a second run changes nothing, an edit changes only
// what differs, and a failure exits non-zero naming the request.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROVISION_IMAGE } from '../charts/mojaloop/participants/job';
import { ENDPOINT_TEMPLATES } from '../charts/mojaloop/participants/endpoint-templates';
import { byKind, environment, objects } from './support/bundled';
import { startAdminStub, type Stub } from './support/admin-api-stub';

type Any = Record<string, any>;

const ms = objects('test', 'mojaloop') as Any[];
const configMap = byKind(ms as never, 'ConfigMap').find((c: Any) => c.metadata.name.startsWith('participants-provision-')) as Any;
const job = byKind(ms as never, 'Job').find((j: Any) => j.metadata.name.startsWith('participants-provision-')) as Any;

function run(stub: Stub, desired: Any): Promise<{ code: number; out: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provision-'));
  fs.writeFileSync(path.join(dir, 'provision.mjs'), configMap.data['provision.mjs']);
  fs.writeFileSync(path.join(dir, 'desired.json'), JSON.stringify(desired));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(dir, 'provision.mjs'), path.join(dir, 'desired.json')], {
      env: { PATH: process.env.PATH, CENTRAL_LEDGER_URL: stub.ledgerUrl, ALS_ADMIN_URL: stub.alsUrl, POLL_SECONDS: '0.05', WAIT_SECONDS: '1' },
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code: code ?? 1, out });
    });
  });
}

describe('participants provisioning (test environment)', () => {
  const desired = JSON.parse(configMap.data['desired.json']);
  let stub: Stub;
  beforeEach(async () => { stub = await startAdminStub(); });
  afterEach(async () => { await stub.close(); });

  it('the Job runs the ConfigMap\'s script with a pinned public node image, named by the hash of its data', () => {
    const c = job.spec.template.spec.containers[0];
    expect(c.image).toBe(PROVISION_IMAGE);
    expect(c.image).toMatch(/^docker\.io\/library\/node:\d+\.\d+\.\d+-alpine$/);
    expect(c.command).toEqual(['node', '/provision/provision.mjs', '/provision/desired.json']);
    expect(job.spec.template.spec.volumes[0].configMap.name).toBe(configMap.metadata.name);
    expect(job.metadata.name.slice(-10)).toBe(configMap.metadata.name.slice(-10));
  });

  it('converges from an empty switch: hub accounts, settlement model, oracle, DFSPs with limits and every callback endpoint', async () => {
    stub.unhealthyFor = 2;
    const r = await run(stub, desired);
    expect(r.code, r.out).toBe(0);
    expect(stub.state.hubAccounts).toEqual(expect.arrayContaining([
      { ledgerAccountType: 'HUB_MULTILATERAL_SETTLEMENT', currency: 'USD' }, { ledgerAccountType: 'HUB_RECONCILIATION', currency: 'USD' },
    ]));
    expect(stub.state.settlementModels.map((m: Any) => m.name)).toEqual(['DEFERREDNET']);
    expect(stub.state.oracles).toEqual([expect.objectContaining({ oracleIdType: 'MSISDN', endpoint: { value: 'http://als-msisdn-oracle:3000', endpointType: 'URL' }, isDefault: true })]);
    const env = environment('test');
    for (const d of env.participants!.dfsps) {
      const p = stub.state.participants.get(d.id)!;
      expect(p.accounts.every((a) => a.isActive === 1)).toBe(true);
      for (const c of d.currencies) expect(p.limits.get(c.code)).toBe(c.netDebitCap);
      expect(p.endpoints.size).toBe(ENDPOINT_TEMPLATES.filter((t) => !t.feature || env.features[t.feature]).length);
      expect(p.endpoints.get('FSPIOP_CALLBACK_URL_TRANSFER_PUT')).toBe(`${d.callbackUrl}/transfers/{{transferId}}`);
    }
  });

  it('is idempotent: a second run makes no change', async () => {
    expect((await run(stub, desired)).code).toBe(0);
    stub.writes.length = 0;
    const r = await run(stub, desired);
    expect(r.code, r.out).toBe(0);
    expect(stub.writes).toEqual([]);
    expect(r.out).toContain('done: 0 change(s)');
  });

  it('an edit changes only what differs: a new limit by PUT, a moved callback URL, a new currency', async () => {
    expect((await run(stub, desired)).code).toBe(0);
    stub.writes.length = 0;
    const edited = structuredClone(desired);
    edited.hub.currencies.push('EUR');
    const payer = edited.participants.find((p: Any) => p.name === 'payerfsp');
    const payee = edited.participants.find((p: Any) => p.name === 'payeefsp');
    payer.currencies[0].netDebitCap = 5000;
    payer.currencies.push({ currency: 'EUR', netDebitCap: 100 });
    payee.endpoints = payee.endpoints.map((e: Any) => ({ ...e, value: e.value.replace('payeefsp', 'payee2') }));
    const r = await run(stub, edited);
    expect(r.code, r.out).toBe(0);
    expect(stub.writes.filter((w) => w.startsWith('PUT'))).toEqual(['PUT /participants/payerfsp/limits']);
    expect(stub.writes).toContain('POST /participants/Hub/accounts');
    expect(stub.writes).toContain('POST /participants');
    expect(stub.writes.filter((w) => w === 'POST /participants/payeefsp/endpoints')).toHaveLength(payee.endpoints.length);
    expect(stub.state.participants.get('payerfsp')!.limits.get('USD')).toBe(5000);
  });

  it('fails with a non-zero exit naming the request when an API refuses', async () => {
    stub.failOn = 'POST /participants';
    const r = await run(stub, desired);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/provision: FAILED: POST http:\/\/127\.0\.0\.1:\d+\/participants -> 500/);
  });

  it('gives up when an API never becomes healthy', async () => {
    stub.unhealthyFor = 1e9;
    const r = await run(stub, desired);
    expect(r.code).toBe(1);
    expect(r.out).toContain('did not become healthy within 1s');
  });
});
