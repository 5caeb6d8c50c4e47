// The one place that starts the e2e control plane: etcd, kube-apiserver,
// kube-controller-manager and kube-scheduler v1.36.3, built by
// build-tools.sh, on loopback ports in a temporary directory. The API server
// runs with what K3S gives its own (NodeRestriction, RBAC, Pod Security
// admission, the K3S service range); authentication is a static token file:
// one admin token, and one token per ServiceAccount the checks impersonate.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Kube } from './kube';

export interface ControlPlane {
  kube: Kube;
  dir: string;
  /** Starts kube-scheduler and kube-controller-manager (not needed to apply). */
  startControllers(): Promise<void>;
  /** The log of one component, for error messages. */
  logOf(component: string): string;
  stop(): Promise<void>;
}

/** A free TCP port on loopback (the kernel's choice). */
export const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as net.AddressInfo;
    s.close(() => resolve(port));
  });
  s.on('error', reject);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startControlPlane(bin: string, opts: { label: string }): Promise<ControlPlane> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${opts.label}-`));
  const procs: Array<{ name: string; proc: ChildProcess; log: string }> = [];
  const run = (name: string, args: string[]) => {
    const log = path.join(dir, `${name}.log`);
    const out = fs.openSync(log, 'w');
    const proc = spawn(path.join(bin, name === 'etcd' ? 'etcd' : name), args, { stdio: ['ignore', out, out] });
    procs.push({ name, proc, log });
    proc.on('exit', (code, signal) => {
      if (stopping) return;
      exited.push(`${name} exited (${code ?? signal}); see ${log}`);
      if (started) console.error(`e2e: ${name} exited unexpectedly (${code ?? signal}):\n${tail(log, 15)}`);
    });
  };
  let stopping = false;
  let started = false;
  const exited: string[] = [];

  const [etcdClient, etcdPeer, apiPort] = await Promise.all([freePort(), freePort(), freePort()]);
  run('etcd', [
    `--data-dir=${dir}/etcd`, '--name=e2e',
    `--listen-client-urls=http://127.0.0.1:${etcdClient}`, `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
    `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
    `--initial-cluster=e2e=http://127.0.0.1:${etcdPeer}`,
    // A throwaway store: durability costs seconds per environment here.
    '--unsafe-no-fsync', '--log-level=info',
  ]);

  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(`${dir}/sa.key`, privateKey.export({ type: 'pkcs1', format: 'pem' }));
  fs.writeFileSync(`${dir}/sa.pub`, publicKey.export({ type: 'spki', format: 'pem' }));
  const adminToken = randomBytes(16).toString('hex');
  fs.writeFileSync(`${dir}/tokens.csv`, `${adminToken},e2e-admin,e2e-admin,"system:masters"\n`);

  run('kube-apiserver', [
    `--etcd-servers=http://127.0.0.1:${etcdClient}`,
    '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
    `--cert-dir=${dir}/pki`,
    `--token-auth-file=${dir}/tokens.csv`, '--anonymous-auth=false',
    '--authorization-mode=Node,RBAC',
    // K3S's own apiserver defaults (pkg/daemons/control/server.go at v1.36.3+k3s1).
    '--enable-admission-plugins=NodeRestriction', '--allow-privileged=true',
    '--service-cluster-ip-range=10.43.0.0/16',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${dir}/sa.pub`, `--service-account-signing-key-file=${dir}/sa.key`,
    '--api-audiences=https://kubernetes.default.svc.cluster.local,k3s',
    '--endpoint-reconciler-type=none', '--profiling=false', '--v=0',
  ]);

  const server = `https://127.0.0.1:${apiPort}`;
  const deadline = Date.now() + 90_000;
  let kube: Kube | undefined;
  for (;;) {
    if (exited.length) throw new Error(`control plane did not start: ${exited.join('; ')}\n${tail(procs.find((p) => p.name === exited[0].split(' ')[0])?.log)}`);
    const crt = `${dir}/pki/apiserver.crt`;
    if (fs.existsSync(crt)) {
      kube ??= new Kube(server, adminToken, fs.readFileSync(crt, 'utf8'));
      try {
        await kube.request('GET', '/readyz');
        break;
      } catch { /* not yet */ }
    }
    if (Date.now() > deadline) throw new Error(`kube-apiserver not ready after 90 s; see ${dir}/kube-apiserver.log\n${tail(`${dir}/kube-apiserver.log`)}`);
    await sleep(250);
  }
  await kube.discover();
  started = true;

  const kubeconfig = `${dir}/kubeconfig`;
  fs.writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config',
    `clusters: [{name: e2e, cluster: {server: "${server}", certificate-authority: "${dir}/pki/apiserver.crt"}}]`,
    `users: [{name: admin, user: {token: "${adminToken}"}}]`,
    'contexts: [{name: e2e, context: {cluster: e2e, user: admin}}]', 'current-context: e2e', '',
  ].join('\n'));

  return {
    kube,
    dir,
    async startControllers() {
      run('kube-controller-manager', [
        `--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`, `--authorization-kubeconfig=${kubeconfig}`,
        `--service-account-private-key-file=${dir}/sa.key`, `--root-ca-file=${dir}/pki/apiserver.crt`,
        '--leader-elect=false', '--secure-port=0', '--use-service-account-credentials=false',
        // No cloud, no node IPAM; no node lifecycle either: no kubelet sends
        // heartbeats here, and it would taint every node unreachable.
        '--controllers=*,-node-ipam-controller,-node-lifecycle-controller,-cloud-node-lifecycle-controller,-service-lb-controller,-node-route-controller',
        '--concurrent-deployment-syncs=10', '--concurrent-replicaset-syncs=10', '--concurrent-statefulset-syncs=10',
        '--kube-api-qps=500', '--kube-api-burst=1000', '--v=0',
      ]);
      run('kube-scheduler', [
        `--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`, `--authorization-kubeconfig=${kubeconfig}`,
        '--leader-elect=false', '--secure-port=0', '--kube-api-qps=500', '--kube-api-burst=1000', '--v=0',
      ]);
      await sleep(500);
      if (exited.length) throw new Error(`controllers did not start: ${exited.join('; ')}`);
    },
    logOf(component: string) {
      return tail(path.join(dir, `${component}.log`));
    },
    async stop() {
      stopping = true;
      kube?.close();
      // A throwaway cluster: no graceful shutdown (the API server waits for etcd and its watchers).
      for (const { proc } of [...procs].reverse()) proc.kill('SIGKILL');
      await Promise.all(procs.map(({ proc }) => (proc.exitCode !== null || proc.signalCode ? undefined : new Promise((r) => proc.once('exit', r)))));
      if (!process.env.E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function tail(file?: string, lines = 30): string {
  if (!file || !fs.existsSync(file)) return '';
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}
