// The test equipment of dev and test (issue 13, build item 6): the Testing Toolkit,
// two simulated DFSPs and the golden-path Job are rendered exactly where the
// environment turns them on, every address they are given is a Service and port
// that is rendered, they are participants the provisioning Job onboards, their
// network flows are open (and only theirs), and the Job runs again exactly when
// what it depends on changes. Upstream facts: charts/mojaloop/testing/catalog.ts.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Testing } from 'cdk8s';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Environment } from '../charts/environment/environment';
import type { Manifest } from '../charts/render';
import { enabledServices } from '../charts/mojaloop/catalog';
import { SIMULATED_DFSPS, TEST_CASES, TESTING_IMAGES, simulatorName } from '../charts/mojaloop/testing/catalog';
import { FUNDS_SCRIPT, GOLDEN_PATH_DFSPS, GoldenPath, WAIT_SCRIPT, goldenPathEnvironment } from '../charts/mojaloop/testing/golden-path';
import { testParticipants } from '../charts/mojaloop/testing/test-participants';
import { toolkitUserConfig } from '../charts/mojaloop/testing/toolkit';
import { ENV_NAMES, environment, objects } from './support/bundled';
import { startAdminStub, type Stub } from './support/admin-api-stub';
import { networkFlows } from './support/flows';
import { NetworkPolicies, type Pod } from './support/netpol';

type Any = Record<string, any>;
const testingObjects = (ms: Any[]) => ms.filter((m) => m.metadata?.labels?.['app.kubernetes.io/component'] === 'testing');

describe.each(ENV_NAMES)('test equipment in %s', (name) => {
  const env = environment(name);
  const ms = objects(name, 'mojaloop') as Any[];
  const prefix = env.mojaloop.namePrefix;
  const find = (kind: string, n: string): Any => ms.find((m) => m.kind === kind && m.metadata.name === n)!;

  it(`is rendered exactly in dev and test (testing.toolkit ${env.testing.toolkit})`, () => {
    expect(env.testing.toolkit).toBe(env.stage === 'dev' || env.stage === 'test');
    const deployments = testingObjects(ms).filter((m) => m.kind === 'Deployment').map((m) => m.metadata.name).sort();
    const jobs = ms.filter((m) => m.kind === 'Job' && m.metadata.name.startsWith(`${prefix}golden-path-`));
    if (env.testing.toolkit) {
      expect(deployments).toEqual([...SIMULATED_DFSPS.map((f) => `${prefix}${simulatorName(f)}`), `${prefix}ttk-backend`].sort());
      expect(jobs).toHaveLength(1);
    } else {
      expect(testingObjects(ms)).toEqual([]);
      expect(jobs).toEqual([]);
      expect(JSON.stringify(ms)).not.toMatch(/ml-testing-toolkit|mojaloop-simulator|sdk-scheme-adapter/);
    }
  });

  describe.runIf(env.testing.toolkit)('addresses', () => {
    const services = ms.filter((m) => m.kind === 'Service');
    /** The rendered Service and port an URL or host:port names, or a reason it names none. */
    const resolve = (address: string): string | undefined => {
      const u = new URL(address.includes('://') ? address : `tcp://${address}`);
      const svc = services.find((s) => s.metadata.name === u.hostname);
      if (!svc) return `${address}: no Service ${u.hostname} in ${env.namespaces.mojaloop.name}`;
      if (!svc.spec.ports.some((p: Any) => p.port === Number(u.port))) return `${address}: Service ${u.hostname} has no port ${u.port} (it has ${svc.spec.ports.map((p: Any) => p.port).join(', ')})`;
      return undefined;
    };
    const job = () => ms.find((m) => m.kind === 'Job' && m.metadata.name.startsWith(`${prefix}golden-path-`))!;

    it('the address check fails on an unknown Service or a port the Service does not have', () => {
      expect(resolve(`http://${prefix}ttk-backend:4041`)).toMatch(/has no port 4041/);
      expect(resolve('http://sim-nobody:4000')).toMatch(/no Service sim-nobody/);
      expect(resolve(`${prefix}quoting-service:80`)).toMatch(/has no port 80/);
    });

    it('every host of the golden path\'s environment file is a rendered Service and port', () => {
      const inputs = JSON.parse(find('ConfigMap', job().metadata.name).data['environment.json']).inputValues as Record<string, string>;
      const urls = Object.entries(inputs).filter(([k]) => /^HOST_|_URL$/.test(k));
      expect(urls.length).toBeGreaterThan(8);
      for (const [k, v] of urls) expect(resolve(v), k).toBeUndefined();
      // The collection addresses these four (p2p_happy_path.json at the pinned tag); they must be there.
      for (const k of ['HOST_ACCOUNT_LOOKUP_SERVICE', 'HOST_QUOTING_SERVICE', 'HOST_ML_API_ADAPTER', 'PAYEEFSP_BACKEND_TESTAPI_URL']) expect(inputs[k], k).toBeDefined();
    });

    it('the Toolkit\'s callback targets, the scheme adapters\' peers and the Job\'s URLs are rendered Services and ports', () => {
      const cfg = JSON.parse(find('ConfigMap', `${prefix}ttk-backend-config`).data['user_config.json']);
      expect(cfg).toEqual(toolkitUserConfig(env));
      for (const e of [cfg.CALLBACK_ENDPOINT, ...cfg.CALLBACK_RESOURCE_ENDPOINTS.endpoints.map((x: Any) => x.endpoint)]) expect(resolve(e)).toBeUndefined();
      for (const fsp of SIMULATED_DFSPS) {
        const sdk = find('Deployment', `${prefix}${simulatorName(fsp)}`).spec.template.spec.containers.find((c: Any) => c.name === 'scheme-adapter');
        const vars = Object.fromEntries(sdk.env.map((e: Any) => [e.name, e.value]));
        expect(vars.DFSP_ID).toBe(fsp);
        for (const k of Object.keys(vars).filter((x) => x.endsWith('_ENDPOINT') && x !== 'BACKEND_ENDPOINT')) expect(resolve(vars[k]), `${fsp} ${k}`).toBeUndefined();
      }
      for (const c of [...job().spec.template.spec.initContainers, ...job().spec.template.spec.containers]) {
        for (const e of c.env.filter((x: Any) => /_URL$/.test(x.name) && x.value.startsWith('http://'))) expect(resolve(e.value), `${c.name} ${e.name}`).toBeUndefined();
      }
    });

    it('the Toolkit and the simulated DFSPs are participants the provisioning Job onboards, called back on their Services', () => {
      const provision = ms.find((m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith(`${prefix}participants-provision-`))!;
      const desired = JSON.parse(provision.data['desired.json']);
      for (const t of testParticipants(env)) {
        const p = desired.participants.find((x: Any) => x.name === t.id);
        expect(p, t.id).toBeDefined();
        expect(p.currencies.map((c: Any) => c.currency)).toContain('USD');
        for (const e of p.endpoints) {
          expect(e.value.startsWith(t.callbackUrl), `${t.id} ${e.type}`).toBe(true);
          expect(resolve(t.callbackUrl)).toBeUndefined();
        }
      }
      expect(GOLDEN_PATH_DFSPS).toEqual(testParticipants(env).map((t) => t.id));
    });

    it('the Job fetches the pinned collection tag and runs the pinned CLI after the provisioning wait', () => {
      const spec = job().spec.template.spec;
      const main = spec.containers[0];
      const vars = Object.fromEntries(main.env.map((e: Any) => [e.name, e.value]));
      expect(vars.TEST_CASES_ZIP_URL).toBe(`${TEST_CASES.repository}/archive/${TEST_CASES.tag}.zip`);
      expect(vars.TEST_CASES_PATHS).toBe(TEST_CASES.paths.join(' '));
      expect(main.image).toBe(TESTING_IMAGES.cli);
      expect(spec.initContainers.map((c: Any) => c.name)).toEqual(['wait-provisioned', 'record-funds']);
      expect(spec.initContainers[1].command.slice(2)).toEqual(GOLDEN_PATH_DFSPS.map((d) => `${d}:USD:${env.participants!.dfsps.find((x) => x.id === d)!.currencies[0].netDebitCap}`));
      expect(spec.initContainers[0].command.slice(2)).toEqual([...GOLDEN_PATH_DFSPS]);
      expect(job().spec.backoffLimit).toBe(0);
    });
  });

  describe.runIf(env.testing.toolkit)('network flows', () => {
    const flows = networkFlows(name);
    const np = new NetworkPolicies(flows.objects as Manifest[]);
    const pod = (n: string): Pod => flows.pods.find((p) => p.namespace === env.namespaces.mojaloop.name && p.labels['app.kubernetes.io/name'] === n)!;
    const svcPort = (n: string) => enabledServices(env.features).find((s) => s.name === n)!.port;

    it('the switch calls the Toolkit and the simulated DFSPs back; handlers that send no callbacks cannot', () => {
      for (const sender of enabledServices(env.features).filter((s) => s.callbacks)) {
        expect(np.allows(pod(sender.name), pod('ttk-backend'), 4040), `${sender.name} -> ttk-backend`).toBe(true);
        for (const fsp of SIMULATED_DFSPS) expect(np.allows(pod(sender.name), pod(simulatorName(fsp)), 4000), `${sender.name} -> ${fsp}`).toBe(true);
      }
      expect(np.allows(pod('centralledger-handler-transfer-prepare'), pod('ttk-backend'), 4040)).toBe(false);
      expect(np.allows(pod('centralledger-handler-transfer-prepare'), pod('sim-payeefsp'), 4000)).toBe(false);
    });

    it('the Toolkit and the scheme adapters reach the switch\'s FSPIOP services; the Toolkit seeds parties through the simulators\' test API', () => {
      for (const s of ['account-lookup-service', 'quoting-service', 'ml-api-adapter-service', 'centralledger-service']) {
        expect(np.allows(pod('ttk-backend'), pod(s), svcPort(s)), `ttk -> ${s}`).toBe(true);
        if (s !== 'centralledger-service') for (const fsp of SIMULATED_DFSPS) expect(np.allows(pod(simulatorName(fsp)), pod(s), svcPort(s)), `${fsp} -> ${s}`).toBe(true);
      }
      for (const fsp of SIMULATED_DFSPS) expect(np.allows(pod('ttk-backend'), pod(simulatorName(fsp)), 3003)).toBe(true);
      // The simulators' stores are not theirs to reach.
      expect(np.allows(pod('sim-payeefsp'), pod('centralledger-service'), svcPort('centralledger-service'))).toBe(false);
    });

    it('the golden-path Job reaches the Toolkit\'s admin API and central-ledger; nothing else in the namespace', () => {
      expect(np.allows(pod('golden-path'), pod('ttk-backend'), 5050)).toBe(true);
      expect(np.allows(pod('golden-path'), pod('centralledger-service'), svcPort('centralledger-service'))).toBe(true);
      expect(np.allows(pod('golden-path'), pod('ml-api-adapter-service'), svcPort('ml-api-adapter-service'))).toBe(false);
      expect(np.allows(pod('golden-path'), pod('ttk-backend'), 4040)).toBe(false);
    });
  });
});

describe('the golden-path Job runs again exactly when what it depends on changes', () => {
  const env = environment('dev');
  const jobName = (e: Environment) => {
    const chart = Testing.chart();
    return new GoldenPath(chart, e).jobName;
  };
  const base = jobName(env);

  it('unchanged environment: same name', () => expect(jobName(env)).toBe(base));

  it('a participant changes (a net-debit cap): new name', () => {
    const participants = structuredClone(env.participants!);
    participants.dfsps[0].currencies[0].netDebitCap += 1;
    expect(jobName({ ...env, participants })).not.toBe(base);
  });

  it('the Toolkit\'s configuration changes (a service is renamed by the prefix): new name', () => {
    expect(jobName({ ...env, mojaloop: { ...env.mojaloop, namePrefix: 'x-' } })).not.toBe(`x-${base}`);
  });

  it('the environment file the collection reads is what the Job mounts', () => {
    const chart = Testing.chart();
    new GoldenPath(chart, env);
    const cm = Testing.synth(chart).find((m: Any) => m.kind === 'ConfigMap');
    expect(JSON.parse(cm.data['environment.json'])).toEqual(goldenPathEnvironment(env));
  });
});

describe('wait-provisioned.mjs, the golden-path Job\'s wait, against admin-API stubs', () => {
  let stub: Stub;
  let script: string;
  beforeAll(async () => {
    stub = await startAdminStub();
    script = path.join(mkdtempSync(path.join(os.tmpdir(), 'wait-')), 'wait-provisioned.mjs');
    writeFileSync(script, WAIT_SCRIPT);
  });
  afterAll(() => stub.close());

  const run = (waitSeconds: number, ...dfsps: string[]) => new Promise<{ code: number; out: string }>((resolve) => {
    const p = spawn(process.execPath, [script, ...dfsps], { env: { ...process.env, CENTRAL_LEDGER_URL: stub.ledgerUrl, TOOLKIT_URL: stub.ledgerUrl, POLL_SECONDS: '0.05', WAIT_SECONDS: String(waitSeconds) } });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('close', (code) => resolve({ code: code ?? -1, out }));
  });

  it('fails, naming what is missing, while a DFSP is absent or has no callback endpoints', async () => {
    stub.state.participants.set('payeefsp', { name: 'payeefsp', isActive: 1, accounts: [], limits: new Map(), endpoints: new Map() });
    const r = await run(0.2, 'payerfsp', 'payeefsp');
    expect(r.code).toBe(1);
    expect(r.out).toContain('payerfsp: not in central-ledger (404)');
    expect(r.out).toContain('payeefsp: no callback endpoints yet');
  });

  it('returns once every DFSP is active with endpoints', async () => {
    for (const n of ['payerfsp', 'payeefsp']) {
      stub.state.participants.set(n, { name: n, isActive: 1, accounts: [], limits: new Map(), endpoints: new Map([['FSPIOP_CALLBACK_URL_TRANSFER_POST', `http://sim-${n}:4000/transfers`]]) });
    }
    const r = await run(5, 'payerfsp', 'payeefsp');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('payerfsp, payeefsp provisioned');
  });
});

describe('record-funds.mjs, the golden path\'s liquidity, against admin-API stubs', () => {
  let stub: Stub;
  let script: string;
  beforeAll(async () => {
    stub = await startAdminStub();
    script = path.join(mkdtempSync(path.join(os.tmpdir(), 'funds-')), 'record-funds.mjs');
    writeFileSync(script, FUNDS_SCRIPT);
    stub.state.participants.set('payerfsp', { name: 'payerfsp', isActive: 1, accounts: [{ currency: 'USD', ledgerAccountType: 'POSITION', isActive: 1 }, { currency: 'USD', ledgerAccountType: 'SETTLEMENT', isActive: 1 }], limits: new Map(), endpoints: new Map() });
  });
  afterAll(() => stub.close());
  const run = (...targets: string[]) => new Promise<{ code: number; out: string }>((resolve) => {
    const p = spawn(process.execPath, [script, ...targets], { env: { ...process.env, CENTRAL_LEDGER_URL: stub.ledgerUrl, POLL_SECONDS: '0.05', WAIT_SECONDS: '5' } });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
  const settlement = () => stub.state.participants.get('payerfsp')!.accounts.find((a) => a.ledgerAccountType === 'SETTLEMENT')!;

  it('tops the settlement account up to the target and waits until it is applied', async () => {
    const r = await run('payerfsp:USD:1000');
    expect(r.code, r.out).toBe(0);
    expect(settlement().value).toBe(-1000);
    expect(stub.writes).toEqual(['POST /participants/payerfsp/accounts/2']);
  });

  it('deposits nothing when the cover is already there, only the difference when the target grows', async () => {
    stub.writes.length = 0;
    expect((await run('payerfsp:USD:1000')).code).toBe(0);
    expect(stub.writes).toEqual([]);
    expect((await run('payerfsp:USD:1500')).code).toBe(0);
    expect(settlement().value).toBe(-1500);
  });

  it('fails naming the account when the DFSP has no settlement account in that currency', async () => {
    const r = await run('payerfsp:EUR:10');
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('payerfsp has no EUR SETTLEMENT account');
  });
});
