// The rendered hardening read by the program that reads it in production:
// the real kube-apiserver v1.36.3 (tools/kube, built by
// scripts/e2e/build-tools.sh) on a real etcd, started with exactly the
// --kube-apiserver-arg flags and files a rendered K3S server carries
// (admission configuration with Pod Security and EventRateLimit, audit
// policy and log rotation). Then: a privileged pod in a namespace without
// labels is refused by the cluster default, the same pod in the exempt
// kube-system is admitted, a restricted pod is admitted, and the audit log
// records the requests. A broken admission configuration stops the server.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderedFiles } from '../support/bundled';
import { tempDir } from '../support/tools';
import { ADMISSION_CONFIG, AUDIT_POLICY } from '../../charts/cluster/hardening';
import { toolBin } from '../../scripts/e2e/tools';


const kubeBin = (): string => toolBin('kube');

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  s.on('error', reject);
});

const openssl = (args: string[], cwd: string) => {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
};

/** The first server of prod as Kairos would write it: its k3s args and its stage files. */
function renderedServer(): { apiserverArgs: string[]; files: Map<string, string> } {
  const text = renderedFiles('prod').get('kairos/prod-cp-1.yaml')!;
  const c = parse(text) as { k3s: { args: string[] }; stages: { initramfs: Array<{ files?: Array<{ path: string; content: string }> }> } };
  const apiserverArgs = c.k3s.args.filter((a) => a.startsWith('--kube-apiserver-arg=')).map((a) => `--${a.slice('--kube-apiserver-arg='.length)}`);
  const files = new Map(c.stages.initramfs.flatMap((s) => s.files ?? []).map((f) => [f.path, f.content]));
  return { apiserverArgs, files };
}

interface Plane { dir: string; bin: string; kubeconfig: string; auditLog: string; procs: ChildProcess[]; log: () => string }

async function waitFor(check: () => boolean, what: string, ms: number, log: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}:\n${log().slice(-3000)}`);
}

/** Starts etcd and kube-apiserver with the rendered server's admission and audit settings; files relocated into `dir`. */
async function start(bin: string, dir: string, override?: (files: Map<string, string>) => void): Promise<Plane & { apiserver: ChildProcess }> {
  const { apiserverArgs, files } = renderedServer();
  override?.(files);
  const relocate = (p: string) => path.join(dir, path.basename(p));
  for (const [p, content] of files) writeFileSync(relocate(p), content);
  const auditLog = path.join(dir, 'audit.log');
  const args = apiserverArgs.map((a) => a
    .replace(ADMISSION_CONFIG, relocate(ADMISSION_CONFIG))
    .replace(AUDIT_POLICY, relocate(AUDIT_POLICY))
    .replace(/^--audit-log-path=.*/, `--audit-log-path=${auditLog}`));

  // A CA, a serving certificate and an admin client certificate (system:masters).
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=test-ca'], dir);
  for (const [name, subj, ext] of [['server', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1'], ['admin', '/O=system:masters/CN=admin', 'extendedKeyUsage=clientAuth']] as const) {
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj], dir);
    writeFileSync(path.join(dir, `${name}.ext`), `${ext}\n`);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', `${name}.ext`], dir);
  }
  openssl(['genrsa', '-out', 'sa.key', '2048'], dir);

  const [client, peer, secure] = [await freePort(), await freePort(), await freePort()];
  let output = '';
  const procs: ChildProcess[] = [];
  const launch = (cmd: string, a: string[]) => {
    const p = spawn(cmd, a, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout!.on('data', (d) => { output += d; });
    p.stderr!.on('data', (d) => { output += d; });
    procs.push(p);
    return p;
  };
  launch(path.join(bin, 'etcd'), ['--data-dir', path.join(dir, 'etcd'), '--listen-client-urls', `http://127.0.0.1:${client}`, '--advertise-client-urls', `http://127.0.0.1:${client}`, '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--log-level', 'error']);
  const apiserver = launch(path.join(bin, 'kube-apiserver'), [
    `--etcd-servers=http://127.0.0.1:${client}`,
    `--secure-port=${secure}`, '--bind-address=127.0.0.1',
    `--tls-cert-file=${dir}/server.crt`, `--tls-private-key-file=${dir}/server.key`, `--client-ca-file=${dir}/ca.crt`,
    `--service-account-key-file=${dir}/sa.key`, `--service-account-signing-key-file=${dir}/sa.key`, '--service-account-issuer=https://kubernetes.default.svc',
    '--authorization-mode=RBAC', '--service-cluster-ip-range=10.43.0.0/16',
    // What K3S itself passes (privileged containers allowed; Pod Security decides).
    '--allow-privileged=true',
    ...args,
  ]);
  const kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'current-context: t',
    'clusters: [{name: t, cluster: {server: "https://127.0.0.1:' + secure + '", certificate-authority: ' + `${dir}/ca.crt` + '}}]',
    `users: [{name: t, user: {client-certificate: ${dir}/admin.crt, client-key: ${dir}/admin.key}}]`,
    'contexts: [{name: t, context: {cluster: t, user: t}}]', '',
  ].join('\n'));
  return { dir, bin, kubeconfig, auditLog, procs, apiserver, log: () => output };
}

const stop = (p: Plane) => p.procs.forEach((c) => c.kill('SIGKILL'));

function kubectl(p: Plane, args: string[], stdin?: string): { status: number; out: string } {
  const r = spawnSync(path.join(p.bin, 'kubectl'), ['--kubeconfig', p.kubeconfig, ...args], { input: stdin, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

const pod = (ns: string, name: string, privileged: boolean) => JSON.stringify({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns },
  spec: privileged
    ? { hostNetwork: true, containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', securityContext: { privileged: true } }] }
    : {
      securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    },
});

describe('the rendered K3S server hardening in the real kube-apiserver v1.36.3', () => {
  let plane: Plane;
  let bin: string;

  beforeAll(async () => {
    bin = kubeBin();
    plane = await start(bin, tempDir('apiserver-hardening'));
    await waitFor(() => kubectl(plane, ['get', '--raw', '/readyz']).out.trim() === 'ok', 'kube-apiserver /readyz', 120_000, plane.log);
  }, 3_700_000);
  afterAll(() => plane && stop(plane));

  it('starts with the admission configuration (PodSecurity, EventRateLimit) and the audit flags', () => {
    const plugins = kubectl(plane, ['get', '--raw', '/readyz?verbose']);
    expect(plugins.status, plugins.out).toBe(0);
    expect(plane.log()).not.toMatch(/failed to (initialize|read) admission/i);
    // The server lists the admission plugins it loaded, in order.
    expect(plane.log()).toMatch(/validating admission controller\(s\) successfully in the following order: [^\n]*EventRateLimit/);
    expect(plane.log()).toMatch(/validating admission controller\(s\) successfully in the following order: [^\n]*PodSecurity/);
  });

  it('a namespace without Pod Security labels gets the cluster default: a privileged pod is refused, a restricted one admitted', () => {
    expect(kubectl(plane, ['create', 'namespace', 'unlabelled']).status).toBe(0);
    // No controller-manager here: create the ServiceAccount it would.
    expect(kubectl(plane, ['create', 'serviceaccount', 'default', '-n', 'unlabelled']).status).toBe(0);
    const refused = kubectl(plane, ['create', '-f', '-'], pod('unlabelled', 'priv', true));
    expect(refused.status).not.toBe(0);
    expect(refused.out).toMatch(/violates PodSecurity "restricted:latest"/);
    const admitted = kubectl(plane, ['create', '-f', '-'], pod('unlabelled', 'ok', false));
    expect(admitted.status, admitted.out).toBe(0);
  });

  it('kube-system is exempt (K3S add-ons, kube-vip)', () => {
    kubectl(plane, ['create', 'serviceaccount', 'default', '-n', 'kube-system']);
    const r = kubectl(plane, ['create', '-f', '-'], pod('kube-system', 'priv', true));
    expect(r.status, r.out).toBe(0);
  });

  it('the audit log records requests at Metadata level, and leaves out the ones the policy drops', async () => {
    await waitFor(() => existsSync(plane.auditLog) && readFileSync(plane.auditLog, 'utf8').includes('"unlabelled"'), 'audit entries', 30_000, plane.log);
    const events = readFileSync(plane.auditLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { level: string; objectRef?: { resource?: string; namespace?: string }; requestURI: string });
    const create = events.find((e) => e.objectRef?.resource === 'namespaces' && e.requestURI.includes('namespaces') && e.level);
    expect(create?.level).toBe('Metadata');
    expect(events.some((e) => e.requestURI.startsWith('/readyz'))).toBe(false);
  });

  it('a broken admission configuration stops the server (the check can fail)', async () => {
    const broken = await start(bin, tempDir('apiserver-broken'), (files) => {
      files.set(ADMISSION_CONFIG, files.get(ADMISSION_CONFIG)!.replace('enforce: restricted', 'enforce: strict'));
    });
    try {
      await waitFor(() => broken.apiserver.exitCode !== null, 'kube-apiserver to exit', 120_000, broken.log);
      expect(broken.apiserver.exitCode).not.toBe(0);
      expect(broken.log()).toMatch(/strict/);
    } finally {
      stop(broken);
    }
  }, 180_000);
});
