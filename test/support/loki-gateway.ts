// The rendered Loki gateway config under the real nginx (Debian's package),
// against stub Loki components on loopback. Only what a test must change is
// changed: the listen address, the pid and temp paths, and the resolver's
// address (a DNS stub on loopback that answers for the cluster's Service
// names). The upstream names in proxy_pass stay as rendered, so nginx resolves
// them through the resolver at request time, exactly as in the cluster.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

export const NGINX_PACKAGE = 'nginx-light';

export function nginxBinary(): string {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (fs.existsSync(p)) return p;
  throw new Error(`nginx not found: install Debian's nginx (apt-get install ${NGINX_PACKAGE})`);
}

/** The rendered nginx.conf of dist/<env>/monitoring-core, or undefined when the environment has no gateway (monolithic Loki). */
export function gatewayConfig(envDir: string): string | undefined {
  const file = path.join(envDir, 'monitoring-core/configmap-loki-gateway.yaml');
  if (!fs.existsSync(file)) return undefined;
  return (parse(fs.readFileSync(file, 'utf8')) as { data: Record<string, string> }).data['nginx.conf'];
}

/** A minimal DNS server: A records for the given names, an empty answer for anything else of a known name (AAAA), NXDOMAIN otherwise. */
function dnsStub(addresses: Map<string, string>): Promise<{ port: number; close: () => void; queries: string[] }> {
  const sock = dgram.createSocket('udp4');
  const queries: string[] = [];
  sock.on('message', (msg, rinfo) => {
    let off = 12;
    const labels: string[] = [];
    while (msg[off] !== 0) { labels.push(msg.subarray(off + 1, off + 1 + msg[off]).toString()); off += msg[off] + 1; }
    const name = labels.join('.').toLowerCase();
    const qtype = msg.readUInt16BE(off + 1);
    const question = msg.subarray(12, off + 5);
    queries.push(`${name}/${qtype}`);
    const ip = addresses.get(name);
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2);
    header.writeUInt16BE(ip ? 0x8180 : 0x8183, 2); // response, recursion available; NOERROR or NXDOMAIN
    header.writeUInt16BE(1, 4);
    const answer = ip && qtype === 1
      ? Buffer.concat([Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4]), Buffer.from(ip.split('.').map(Number))])
      : Buffer.alloc(0);
    header.writeUInt16BE(answer.length ? 1 : 0, 6);
    sock.send(Buffer.concat([header, question, answer]), rinfo.port, rinfo.address);
  });
  return new Promise((resolve) => sock.bind(0, '127.0.0.1', () => resolve({ port: sock.address().port, close: () => sock.close(), queries })));
}

export interface Hit { component: string; method: string; url: string; upgrade?: string }

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, host, () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

export interface Gateway {
  /** Sends a request through nginx; resolves with the status and the stub that answered (if any). */
  request(method: string, url: string, headers?: Record<string, string>): Promise<{ status: number; body: string; hit?: Hit }>;
  errorLog(): string;
  stop(): void;
}

/**
 * Starts nginx with the gateway config of envDir. `upstreams` maps each
 * component name (loki-distributor, ...) to the port its Service listens on.
 */
export async function startGateway(envDir: string, namespace: string, components: string[], port: number): Promise<Gateway> {
  const conf = gatewayConfig(envDir);
  if (!conf) throw new Error(`${envDir}: no configmap-loki-gateway.yaml`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loki-gateway-'));
  fs.chmodSync(dir, 0o755);
  // A loopback /24 of our own (127.a.b.0), so parallel runs never share addresses.
  const net24 = `127.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
  const addresses = new Map<string, string>();
  const servers: http.Server[] = [];
  let last: Hit | undefined;
  for (const [i, component] of components.entries()) {
    const ip = `${net24}.${i + 2}`;
    addresses.set(`${component}.${namespace}.svc.cluster.local`, ip);
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        last = { component, method: req.method!, url: req.url!, upgrade: req.headers.upgrade as string | undefined };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(last));
      });
    });
    await new Promise<void>((resolve, reject) => { server.on('error', reject); server.listen(port, ip, resolve); });
    servers.push(server);
  }
  const dns = await dnsStub(addresses);
  const listen = await freePort('127.0.0.1');
  const edited = conf
    .replaceAll('/tmp/', `${dir}/`)
    .replace(/^(\s*)listen \d+;/m, `$1listen 127.0.0.1:${listen};`)
    .replace(/^pid .*;$/m, `pid ${dir}/nginx.pid;`)
    .replace(/^error_log .*;$/m, `error_log ${dir}/error.log info;`)
    .replace(/^(\s*)access_log .*;$/m, `$1access_log ${dir}/access.log;`)
    .replace(/^(\s*)resolver \S+/m, `$1resolver 127.0.0.1:${dns.port}`);
  const confFile = path.join(dir, 'nginx.conf');
  fs.writeFileSync(confFile, edited);
  const test = spawnSync(nginxBinary(), ['-t', '-p', dir, '-e', `${dir}/error.log`, '-c', confFile], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx -t rejected the rendered gateway config:\n${test.stderr}`);
  const proc: ChildProcess = spawn(nginxBinary(), ['-p', dir, '-e', `${dir}/error.log`, '-c', confFile, '-g', 'daemon off;'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => { const s = net.connect(listen, '127.0.0.1', () => { s.end(); resolve(true); }); s.on('error', () => resolve(false)); });
    if (up) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    async request(method, url, headers = {}) {
      last = undefined;
      return new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: listen, method, path: url, headers }, (res) => {
          let body = '';
          res.on('data', (c) => { body += c; });
          res.on('end', () => resolve({ status: res.statusCode!, body, hit: last }));
        });
        req.on('error', reject);
        req.end(method === 'POST' ? '{"streams":[]}' : undefined);
      });
    },
    errorLog: () => (fs.existsSync(`${dir}/error.log`) ? fs.readFileSync(`${dir}/error.log`, 'utf8') : ''),
    stop() {
      proc.kill('SIGTERM');
      dns.close();
      for (const s of servers) s.close();
    },
  };
}

/** The routes the gateway must serve (Loki's API paths) and the component each must reach. */
export const ROUTES: Array<{ method: string; url: string; component: string; headers?: Record<string, string> }> = [
  { method: 'POST', url: '/loki/api/v1/push', component: 'loki-distributor' },
  { method: 'GET', url: '/distributor/ring', component: 'loki-distributor' },
  { method: 'GET', url: '/loki/api/v1/tail?query=%7Bnamespace%3D%22mojaloop%22%7D', component: 'loki-querier', headers: { upgrade: 'websocket', connection: 'upgrade' } },
  { method: 'GET', url: '/loki/api/v1/query_range?query=%7Bnamespace%3D%22mojaloop%22%7D&limit=10', component: 'loki-query-frontend' },
  { method: 'GET', url: '/loki/api/v1/labels', component: 'loki-query-frontend' },
  { method: 'GET', url: '/compactor/ring', component: 'loki-compactor' },
];

/** Every route through nginx; returns one message per route that did not reach its component. */
export async function checkGateway(envDir: string, namespace: string, upstreamPort: number): Promise<string[]> {
  const components = [...new Set(ROUTES.map((r) => r.component))];
  const gw = await startGateway(envDir, namespace, components, upstreamPort);
  const problems: string[] = [];
  try {
    const probe = await gw.request('GET', '/');
    if (probe.status !== 200) problems.push(`GET / (the probe path) returned ${probe.status}, expected 200`);
    for (const r of ROUTES) {
      const res = await gw.request(r.method, r.url, r.headers);
      if (res.status !== 200 || res.hit?.component !== r.component) {
        problems.push(`${r.method} ${r.url}: HTTP ${res.status}, reached ${res.hit?.component ?? 'no component'}; expected ${r.component}`);
      } else if (res.hit.url !== r.url) {
        problems.push(`${r.method} ${r.url}: ${r.component} received ${res.hit.url}; the path and query must pass unchanged`);
      } else if (r.headers?.upgrade && res.hit.upgrade !== r.headers.upgrade) {
        problems.push(`${r.method} ${r.url}: the Upgrade header did not reach ${r.component} (websocket tail)`);
      }
    }
    await new Promise((r) => setTimeout(r, 100));
    if (problems.length) {
      const log = gw.errorLog().split('\n').filter((l) => /\[(error|crit|alert|emerg)\]/.test(l)).slice(0, 3).join('\n');
      problems.push(`nginx error.log:\n${log}`);
    }
  } finally {
    gw.stop();
  }
  return problems;
}
