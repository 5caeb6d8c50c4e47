// The rendered Corefile, read by the real CoreDNS (v1.15.0, built from the
// pinned Go module tools/coredns, the release our image runs) against the e2e
// API server: it must start, report ready (its kubernetes plugin synced), and
// answer for the applied environment's Services with the clusterIP the API
// server gave them, and NXDOMAIN for a name that does not exist.
//
// Adapted only where it must be, each change checked to apply exactly once:
// the server block and its health, ready and metrics listeners on free
// loopback ports (53, 8080, 8181 and 9153 are a pod's own here, not this
// machine's), `bind 127.0.0.1`, and the kubernetes plugin given a kubeconfig
// with the token of our coredns ServiceAccount, so it reads the API with
// exactly the RBAC we render. Everything else (plugins, order, zones, forward,
// cache, loop, reload, loadbalance) runs as rendered.
import { spawn } from 'node:child_process';
import { Resolver } from 'node:dns/promises';
import fs from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import type { Finding } from './apply';
import { freePort, type ControlPlane } from './control-plane';
import { sleep } from './scheduling';
import type { KubeObject } from './kube';
import { CLUSTER_DOMAIN } from '../../charts/cluster/k3s-network';
import { DNS_PORT, HEALTH_PORT, METRICS_PORT, READY_PORT } from '../../charts/cluster/coredns';

export interface CorefilePorts { dns: number; health: number; ready: number; metrics: number }

/** The rendered Corefile with only loopback ports and the kubeconfig changed; throws when a change does not apply exactly once. */
export function adaptCorefile(corefile: string, ports: CorefilePorts, kubeconfig: string): string {
  const edits: Array<[RegExp, string]> = [
    [new RegExp(`^\\.:${DNS_PORT} \\{$`, 'm'), `.:${ports.dns} {\n    bind 127.0.0.1`],
    [new RegExp(`^(\\s+)health :${HEALTH_PORT}$`, 'm'), `$1health 127.0.0.1:${ports.health}`],
    [new RegExp(`^(\\s+)ready :${READY_PORT}$`, 'm'), `$1ready 127.0.0.1:${ports.ready}`],
    [new RegExp(`^(\\s+)prometheus :${METRICS_PORT}$`, 'm'), `$1prometheus 127.0.0.1:${ports.metrics}`],
    [new RegExp(`^(\\s+)(kubernetes ${CLUSTER_DOMAIN.replace(/\./g, '\\.')} .*\\{)$`, 'm'), `$1$2\n$1  kubeconfig ${kubeconfig} e2e`],
  ];
  let out = corefile;
  for (const [re, to] of edits) {
    const hits = out.match(new RegExp(re.source, 'gm'))?.length ?? 0;
    if (hits !== 1) throw new Error(`the rendered Corefile has ${hits} matches of ${re} (expected exactly 1): adapt scripts/e2e/coredns.ts to the new Corefile`);
    out = out.replace(re, to);
  }
  return out;
}

/** A few ClusterIP Services of the applied environment, each with the address the API server gave it. */
async function servicesToResolve(cp: ControlPlane, applied: KubeObject[]): Promise<Array<{ name: string; ip: string }>> {
  const wanted = [
    { namespace: 'kube-system', name: 'kube-dns' },
    { namespace: 'default', name: 'kubernetes' },
    // One ClusterIP Service of each other namespace we render, in file order.
    ...[...new Map(applied.filter((o) => o.kind === 'Service' && (o.spec as any)?.clusterIP !== 'None' && (o.spec as any)?.type !== 'ExternalName' && !['kube-system', 'default'].includes(o.metadata.namespace ?? ''))
      .map((o) => [o.metadata.namespace!, { namespace: o.metadata.namespace!, name: o.metadata.name }])).values()],
  ];
  return Promise.all(wanted.map(async (w) => {
    const svc = await cp.kube.get<any>(`/api/v1/namespaces/${w.namespace}/services/${w.name}`);
    return { name: `${w.name}.${w.namespace}.svc.${CLUSTER_DOMAIN}`, ip: svc.spec.clusterIP as string };
  }));
}

export async function runCoreDns(cp: ControlPlane, applied: KubeObject[], coredns: string): Promise<{ findings: Finding[]; resolved: number }> {
  const { kube } = cp;
  const config = applied.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'kube-system' && o.metadata.name === 'coredns');
  const deployment = applied.find((o) => o.kind === 'Deployment' && o.metadata.namespace === 'kube-system' && o.metadata.name === 'coredns');
  if (!config || !deployment) return { resolved: 0, findings: [{ file: 'kairos', object: 'ConfigMap kube-system/coredns', message: 'no CoreDNS ConfigMap or Deployment among the applied objects' }] };
  const file = config.metadata.annotations?.['e2e/file'] ?? '';
  const object = 'ConfigMap kube-system/coredns (Corefile)';
  const fail = (message: string) => ({ resolved: 0, findings: [{ file, object, message }] });

  // Our ServiceAccount's own token: CoreDNS reads the API with the RBAC we render.
  const sa = (deployment.spec as any).template.spec.serviceAccountName;
  const { body: token } = await kube.create<any>(`/api/v1/namespaces/kube-system/serviceaccounts/${sa}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } });
  const dir = fs.mkdtempSync(path.join(cp.dir, 'coredns-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfig, yaml.dump({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'e2e',
    clusters: [{ name: 'e2e', cluster: { server: kube.server, 'certificate-authority': path.join(cp.dir, 'pki/apiserver.crt') } }],
    users: [{ name: sa, user: { token: token.status.token } }],
    contexts: [{ name: 'e2e', context: { cluster: 'e2e', user: sa } }],
  }));
  const ports = { dns: await freePort(), health: await freePort(), ready: await freePort(), metrics: await freePort() };
  let corefile: string;
  try {
    corefile = adaptCorefile((config as any).data.Corefile, ports, kubeconfig);
  } catch (e) {
    return fail((e as Error).message);
  }
  fs.writeFileSync(path.join(dir, 'Corefile'), corefile);
  const log = path.join(dir, 'coredns.log');
  const out = fs.openSync(log, 'w');
  const proc = spawn(coredns, ['-conf', path.join(dir, 'Corefile')], { cwd: dir, stdio: ['ignore', out, out] });
  const tail = () => fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n');
  try {
    // Ready: every plugin that reports readiness is (the kubernetes plugin has synced with the API).
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (proc.exitCode !== null) return fail(`CoreDNS exited (${proc.exitCode}) on the rendered Corefile:\n${tail()}`);
      const ok = await fetch(`http://127.0.0.1:${ports.ready}/ready`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) return fail(`CoreDNS not ready after 60 s:\n${tail()}`);
      await sleep(250);
    }
    const resolver = new Resolver({ timeout: 2000, tries: 2 });
    resolver.setServers([`127.0.0.1:${ports.dns}`]);
    // /ready can answer before the DNS listener is up: CoreDNS's caddy runs the plugins'
    // OnStartup (the ready plugin's listener included) before startServers
    // (github.com/coredns/caddy v1.1.4 caddy.go). So wait for the DNS port too.
    for (;;) {
      const refused = await resolver.resolve4(`kube-dns.kube-system.svc.${CLUSTER_DOMAIN}`).then(() => false, (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
      if (!refused) break;
      if (proc.exitCode !== null) return fail(`CoreDNS exited (${proc.exitCode}) after reporting ready:\n${tail()}`);
      if (Date.now() > deadline) return fail(`CoreDNS ready but not answering on its DNS port after 60 s:\n${tail()}`);
      await sleep(250);
    }
    const findings: Finding[] = [];
    const services = await servicesToResolve(cp, applied);
    for (const s of services) {
      const got = await resolver.resolve4(s.name).catch((e: NodeJS.ErrnoException) => e.code ?? String(e));
      if (!Array.isArray(got) || got.length !== 1 || got[0] !== s.ip) findings.push({ file, object, message: `${s.name}: answered ${JSON.stringify(got)}, the API server's clusterIP is ${s.ip}` });
    }
    const missing = `no-such-service.default.svc.${CLUSTER_DOMAIN}`;
    const none = await resolver.resolve4(missing).then((a) => `answered ${a.join(', ')}`, (e: NodeJS.ErrnoException) => e.code);
    if (none !== 'ENOTFOUND') findings.push({ file, object, message: `${missing}: ${none}, expected NXDOMAIN` });
    return { resolved: services.length, findings };
  } finally {
    proc.kill('SIGTERM');
  }
}
