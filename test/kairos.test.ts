import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_NAMES, environment, renderedFiles } from './support/bundled';
import { poolLabelKey } from '../charts/environment/node-pools';
import { parseEnvironment } from '../charts/environment/load';
import { readFileSync } from 'node:fs';
import { mirrorImage } from '../charts/environment/sections/mirrors';

interface CloudConfig {
  hostname: string;
  users: Array<{ name: string; ssh_authorized_keys: string[]; lock_passwd: boolean }>;
  install: { auto: boolean; device: string; reboot: boolean };
  config_url: string;
  k3s?: { enabled: boolean; args: string[] };
  'k3s-agent'?: { enabled: boolean; args: string[] };
}

/** Labels the kubelet accepts in the kubernetes.io / k8s.io namespaces (it refuses to start on any other). */
const KUBELET_ALLOWED = new Set(['kubernetes.io/hostname', 'kubernetes.io/arch', 'kubernetes.io/os', 'node.kubernetes.io/instance-type', 'topology.kubernetes.io/region', 'topology.kubernetes.io/zone']);

const configs = (env: string) => [...renderedFiles(env)]
  .filter(([p]) => p.startsWith('kairos/') && !p.startsWith('kairos/auroraboot-'))
  .map(([p, text]) => ({ path: p, text, config: parse(text) as CloudConfig }));

const argsOf = (c: CloudConfig) => (c.k3s ?? c['k3s-agent'])!.args;
const flagValues = (c: CloudConfig, flag: string) => argsOf(c).map((a) => a.replace(/^"|"$/g, '')).filter((a) => a.startsWith(`--${flag}=`)).map((a) => a.slice(flag.length + 3));

describe.each(ENV_NAMES)('Kairos node configs of %s', (name) => {
  const env = environment(name);
  const all = configs(name);
  const servers = all.filter((c) => c.config.k3s);

  it('exactly one --cluster-init server and an odd number of servers', () => {
    expect(servers.filter((c) => argsOf(c.config).includes('--cluster-init'))).toHaveLength(1);
    expect(servers.length % 2).toBe(1);
    expect(servers.length).toBe(env.topology.nodes.filter((n) => n.role === 'server').length);
  });

  it('every node name appears exactly once, one file per node', () => {
    const hostnames = all.map((c) => c.config.hostname).sort();
    expect(hostnames).toEqual(env.topology.nodes.map((n) => n.name).sort());
    expect(new Set(hostnames).size).toBe(hostnames.length);
    for (const c of all) expect(c.path).toBe(`kairos/${c.config.hostname}.yaml`);
  });

  it('each config starts with #cloud-config, installs unattended and has at least one user with SSH keys only', () => {
    for (const c of all) {
      expect(c.text.startsWith('#cloud-config\n'), c.path).toBe(true);
      expect(c.config.users.length, c.path).toBeGreaterThanOrEqual(1);
      for (const u of c.config.users) {
        expect(u.ssh_authorized_keys.length).toBeGreaterThanOrEqual(1);
        expect(u.lock_passwd).toBe(true);
        expect(u).not.toHaveProperty('passwd');
      }
      expect(c.config.install).toMatchObject({ auto: true, reboot: true });
    }
  });

  it('every pool group has configs carrying all its pool labels and its taints', () => {
    for (const group of env.topology.groups) {
      const nodes = all.filter((c) => group.nodes.some((n) => n.name === c.config.hostname));
      expect(nodes).toHaveLength(group.nodes.length);
      for (const c of nodes) {
        const labels = flagValues(c.config, 'node-label');
        for (const pool of group.pools) expect(labels, `${c.path} ${pool}`).toContain(`${poolLabelKey(pool)}=enabled`);
        const node = group.nodes.find((n) => n.name === c.config.hostname)!;
        if (node.rack) expect(labels).toContain(`topology.mojaloop.io/rack=${node.rack}`);
        expect(flagValues(c.config, 'node-taint')).toEqual(node.taints.map((t) => `${t.key}=${t.value}:${t.effect}`));
        // Agents of pool groups, servers only for the control-plane group.
        expect(Boolean(c.config.k3s)).toBe(group.pools.includes('K3S-CONTROL-PLANE'));
      }
    }
  });

  it('dedicated never-merge pools are tainted in production-like environments only', () => {
    const tainted = all.filter((c) => flagValues(c.config, 'node-taint').length > 0);
    if (env.productionLike) expect(tainted.length).toBeGreaterThan(0);
    else expect(tainted).toHaveLength(0);
  });

  it('node labels are ones the kubelet accepts (it exits on unknown kubernetes.io labels)', () => {
    for (const c of all) {
      for (const l of flagValues(c.config, 'node-label')) {
        const key = l.split('=')[0];
        const prefix = key.includes('/') ? key.split('/')[0] : '';
        const reserved = /(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix);
        if (reserved) expect(KUBELET_ALLOWED.has(key) || /^(kubelet|node)\.kubernetes\.io$/.test(prefix), `${c.path}: ${key}`).toBe(true);
      }
    }
  });

  it('the join token is read from a file, never a value; every node fetches the token fragment at install', () => {
    for (const c of all) {
      expect(flagValues(c.config, 'token-file'), c.path).toEqual(['/etc/rancher/k3s/cluster-token']);
      expect(c.text).not.toMatch(/K3S_TOKEN|--token=|--agent-token=/);
      expect(c.config.config_url).toBe(env.kairos.joinTokenUrl);
    }
  });

  it('joining servers and agents go through the API endpoint (the VIP where there is one); servers carry it and the DNS name in their certificate', () => {
    const endpoint = env.apiVip?.address ?? env.kairos.apiEndpoint ?? servers[0].config.hostname;
    for (const c of all.filter((x) => !argsOf(x.config).includes('--cluster-init'))) {
      expect(flagValues(c.config, 'server'), c.path).toEqual([`https://${endpoint}:6443`]);
    }
    for (const s of servers) {
      expect(flagValues(s.config, 'tls-san')).toContain(endpoint);
      if (env.kairos.apiEndpoint) expect(flagValues(s.config, 'tls-san')).toContain(env.kairos.apiEndpoint);
      expect(argsOf(s.config)).toContain('--secrets-encryption');
      expect(flagValues(s.config, 'etcd-snapshot-schedule-cron')).toEqual([env.kairos.etcdSnapshots.schedule]);
      expect(flagValues(s.config, 'etcd-snapshot-retention')).toEqual([String(env.kairos.etcdSnapshots.retention)]);
    }
  });

  it('arguments with spaces are quoted whole (Kairos joins args into a systemd ExecStart)', () => {
    for (const c of all) for (const a of argsOf(c.config)) if (/\s/.test(a)) expect(a).toMatch(/^"[^"]+"$/);
  });

  it('one AuroraBoot config per role present, netbooting the pinned image', () => {
    const files = [...renderedFiles(name).keys()].filter((p) => p.startsWith('kairos/auroraboot-'));
    const roles = new Set(['auroraboot-init.yaml', ...(servers.length > 1 ? ['auroraboot-server.yaml'] : []), ...(all.length > servers.length ? ['auroraboot-agent.yaml'] : [])]);
    expect(new Set(files.map((f) => f.slice('kairos/'.length)))).toEqual(roles);
    for (const f of files) {
      const ab = parse(renderedFiles(name).get(f)!) as { container_image: string; disable_iso: boolean };
      expect(ab.container_image).toBe(mirrorImage(env.mirrors, env.kairos.image));
      expect(ab.container_image).toMatch(/^quay\.io\/kairos\/[a-z]+:[^:]+-standard-amd64-generic-v\d+\.\d+\.\d+-k3sv1\.\d+\.\d+-k3s\d+$/);
    }
  });
});

describe('kairos section checks', () => {
  const prod = readFileSync('environments/prod.yaml', 'utf8');
  const load = (text: string) => () => parseEnvironment(text, 'prod', 'environments/prod.yaml');

  it('rejects a K3S version the Kairos release does not ship, naming the field', () => {
    expect(load(prod.replace('k3s: v1.36.3+k3s1', 'k3s: v1.21.14+k3s1'))).toThrow(/kairos\.k3s: "v1\.21\.14\+k3s1" is not shipped by Kairos v4\.2\.0/);
  });
  it('rejects an unknown Kairos release', () => {
    expect(load(prod.replace('version: v4.2.0', 'version: v2.0.3'))).toThrow(/kairos\.version: "v2\.0\.3" is not a Kairos release/);
  });
  it('requires an API virtual IP (or an endpoint name) in front of several servers', () => {
    const noVip = prod.replace(/\napiVip:\n(?: {2}.*\n)+/, '\n');
    expect(noVip).not.toContain('apiVip');
    expect(load(noVip.replace(/\n {2}apiEndpoint: .*/, ''))).toThrow(/apiVip: required with 3 K3S servers/);
    expect(load(noVip)).not.toThrow();
  });
  it('rejects a VIP that is not an IPv4 address, naming the field', () => {
    expect(load(prod.replace('address: 10.20.0.10', 'address: 10.20.0.300'))).toThrow(/apiVip\.address: expected an IPv4 address/);
  });
  it('rejects an SSH key that is neither an OpenSSH public key nor github:<user>', () => {
    expect(load(prod.replace('"github:mojaloop-prod-oncall"', '"-----BEGIN OPENSSH PRIVATE KEY-----"'))).toThrow(/kairos\.users\[0\]\.sshKeys\[0\]: expected an OpenSSH public key/);
  });
});
