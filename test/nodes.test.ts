// Nodes a bank would run: every node config carries the K3S CIS hardening
// items (each named by its guide section), an air-gapped environment points
// nowhere but its mirrors, a private CA is trusted by every internal HTTPS
// client, upgrades go one node at a time, control plane first, and the
// bootstrap runbook names only files that exist. Every checker is also shown
// to fail on a doctored input.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_NAMES, environment, renderedFiles } from './support/bundled';
import { parseEnvironment } from '../charts/environment/load';
import { renderEnvironment } from '../charts/render';
import type { Environment } from '../charts/environment/environment';
import {
  ADMISSION_CONFIG, AUDIT_LOG_DIR, AUDIT_POLICY, GUIDE, HARDENING, HARDENING_EXCEPTIONS, KUBELET_SYSCTLS, PSA_EXEMPT_NAMESPACES, SYSCTL_FILE, type NodeKind,
} from '../charts/cluster/hardening';
import { KUBE_VIP_MANIFEST } from '../charts/cluster/kube-vip';
import { NODE_CA_FILE } from '../charts/cluster/node-trust';
import { REGISTRIES_FILE, UPSTREAM_REGISTRIES } from '../charts/cluster/registries';
import { RUNBOOK_HEADING } from '../charts/cluster/runbook';
import { CA_DIR } from '../charts/environment/sections/trust';
import { poolLabelKey } from '../charts/environment/node-pools';
import { run, tempDir, writeTemp } from './support/tools';
import { BUILD_TIMEOUT, goToolsBin } from './support/go-tools';
import { checkK3sArgs, checkTopLevelKeys, kairosValidate, nodeConfigFiles } from './support/kairos-agent';

interface YipFile { path: string; permissions: number; content: string }
interface YipStep { name: string; files?: YipFile[]; directories?: Array<{ path: string; permissions: number }>; sysctl?: Record<string, string>; commands?: string[] }
interface NodeConfig {
  hostname: string;
  config_url: string;
  users: Array<{ ssh_authorized_keys: string[] }>;
  k3s?: { args: string[] };
  'k3s-agent'?: { args: string[] };
  stages: { initramfs: YipStep[]; boot: YipStep[] };
}

const nodeConfigs = (files: Map<string, string>) => [...files]
  .filter(([p]) => /^kairos\/(?!auroraboot-).+\.yaml$/.test(p))
  .map(([p, text]) => ({ path: p, text, config: parse(text) as NodeConfig }));
const kindOf = (c: NodeConfig): NodeKind => (c.k3s ? 'server' : 'agent');
const argsOf = (c: NodeConfig) => (c.k3s ?? c['k3s-agent'])!.args;
const stageFiles = (c: NodeConfig) => new Map(c.stages.initramfs.flatMap((s) => s.files ?? []).map((f) => [f.path, f]));

/** Section headings of the K3S CIS Hardening Guide (docs.k3s.io/security/hardening-guide, k3s-io/docs docs/security/hardening-guide.md). */
const GUIDE_SECTIONS = [
  'Host-level Requirements', 'Ensure protect-kernel-defaults is set', 'Set kernel parameters', 'Configuration for Kubernetes Components',
  'Kubernetes Runtime Requirements', 'Pod Security', 'NetworkPolicies', 'API Server audit configuration', 'Manual Operations',
  'Control 1.1.20', 'Control 1.2.9', 'Control 1.2.11', 'Control 1.2.21', 'Control 4.2.13', 'Control 5.X', 'Control 5.1.5',
];

/** Everything the hardening list asks of one node config, as violations. */
function hardeningViolations(c: NodeConfig): string[] {
  const out: string[] = [];
  const kind = kindOf(c);
  const args = argsOf(c);
  const files = stageFiles(c);
  for (const item of HARDENING) {
    const applies = item.on.includes(kind);
    for (const a of item.args) {
      if (applies && !args.includes(a)) out.push(`${item.id}: missing ${a}`);
      // An agent refuses server-only flags (kube-apiserver-arg, ...): K3S would not start.
      if (!applies && args.includes(a) && kind === 'agent') out.push(`${item.id}: server flag ${a} on an agent`);
    }
  }
  const sysctl = files.get(SYSCTL_FILE)?.content ?? '';
  const bootSysctl = Object.assign({}, ...c.stages.boot.map((s) => s.sysctl ?? {})) as Record<string, string>;
  for (const [k, v] of Object.entries(KUBELET_SYSCTLS)) {
    if (!sysctl.split('\n').includes(`${k}=${v}`)) out.push(`protect-kernel-defaults: ${SYSCTL_FILE} lacks ${k}=${v}`);
    if (bootSysctl[k] !== v) out.push(`protect-kernel-defaults: boot stage does not set ${k}=${v}`);
  }
  if (kind === 'server') {
    const psa = parse(files.get(ADMISSION_CONFIG)?.content ?? '{}') as { plugins?: Array<{ name: string; configuration: Record<string, unknown> }> };
    const pod = psa.plugins?.find((p) => p.name === 'PodSecurity')?.configuration as { defaults?: Record<string, string>; exemptions?: { namespaces?: string[] } } | undefined;
    if (pod?.defaults?.enforce !== 'restricted') out.push('admission-config: Pod Security default is not enforce=restricted');
    if (JSON.stringify(pod?.exemptions?.namespaces) !== JSON.stringify(PSA_EXEMPT_NAMESPACES)) out.push(`admission-config: exemptions ${JSON.stringify(pod?.exemptions?.namespaces)}`);
    const erl = psa.plugins?.find((p) => p.name === 'EventRateLimit')?.configuration as { limits?: unknown[] } | undefined;
    if (!erl?.limits?.length) out.push('admission-plugins: EventRateLimit has no limits in the admission configuration');
    const audit = parse(files.get(AUDIT_POLICY)?.content ?? '{}') as { kind?: string; rules?: Array<{ level: string }> };
    if (audit.kind !== 'Policy' || audit.rules?.at(-1)?.level !== 'Metadata') out.push('audit-log: audit policy does not end in a Metadata catch-all');
    const dir = c.stages.initramfs.flatMap((s) => s.directories ?? []).find((d) => d.path === AUDIT_LOG_DIR);
    if (dir?.permissions !== 0o700) out.push('audit-log: log directory not created 0700');
    if (!c.stages.boot.some((s) => s.commands?.some((cmd) => cmd.includes('chmod 600')))) out.push('pki-file-permissions: no chmod 600 at boot');
  } else if (files.has(ADMISSION_CONFIG)) out.push('admission configuration written on an agent');
  return out;
}

describe.each(ENV_NAMES)('CIS hardening of %s', (name) => {
  const configs = nodeConfigs(renderedFiles(name));

  it('every node config carries every hardening item for its kind (server or agent)', () => {
    expect(configs.length).toBe(environment(name).topology.nodes.length);
    for (const c of configs) expect(hardeningViolations(c.config), c.path).toEqual([]);
  });
});

describe('the hardening list', () => {
  it('names a section of the K3S CIS Hardening Guide for every item and every exception', () => {
    for (const x of [...HARDENING, ...HARDENING_EXCEPTIONS]) {
      expect(x.source.startsWith(`${GUIDE}, `), x.id).toBe(true);
      const named = [...x.source.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
      expect(named.length, x.id).toBeGreaterThan(0);
      for (const section of named) expect(GUIDE_SECTIONS, `${x.id}: "${section}"`).toContain(section);
    }
  });
  it('makes the guide-vs-design conflicts explicit: node-exporter and Alloy', () => {
    const ids = HARDENING_EXCEPTIONS.map((e) => e.id).join('\n');
    expect(ids).toMatch(/node-exporter/);
    expect(ids).toMatch(/alloy/);
  });
  it('the checker fails on doctored configs', () => {
    const server = nodeConfigs(renderedFiles('prod')).find((c) => c.config.k3s)!;
    const agent = nodeConfigs(renderedFiles('prod')).find((c) => !c.config.k3s)!;
    const doctor = (c: NodeConfig, f: (x: NodeConfig) => void) => { const x = structuredClone(c); f(x); return hardeningViolations(x); };
    expect(doctor(server.config, (x) => { x.k3s!.args = x.k3s!.args.filter((a) => !a.includes('EventRateLimit')); })).toContain('admission-plugins: missing --kube-apiserver-arg=enable-admission-plugins=NodeRestriction,EventRateLimit');
    expect(doctor(server.config, (x) => { x.stages.initramfs[0].files![0].content = 'vm.overcommit_memory=0\n'; })).toContain(`protect-kernel-defaults: ${SYSCTL_FILE} lacks vm.overcommit_memory=1`);
    expect(doctor(server.config, (x) => { x.stages.initramfs = x.stages.initramfs.filter((s) => !s.files?.some((f) => f.path === ADMISSION_CONFIG)); }).join('\n')).toMatch(/Pod Security default/);
    expect(doctor(agent.config, (x) => { x['k3s-agent']!.args.push('--kube-apiserver-arg=audit-log-maxage=30'); })).toContain('audit-log: server flag --kube-apiserver-arg=audit-log-maxage=30 on an agent');
    expect(doctor(agent.config, (x) => { x['k3s-agent']!.args = x['k3s-agent']!.args.filter((a) => a !== '--protect-kernel-defaults'); })).toContain('protect-kernel-defaults: missing --protect-kernel-defaults');
  });
});

// ---------------------------------------------------------------- fixtures

const REGISTRY = 'registry.mojaloop.internal:5000/mirror';
const SOURCES = 'https://git.mojaloop.internal/mirror/github';
const PEM = readFileSync(path.join(import.meta.dirname, 'fixtures', 'nodes', 'internal-ca.pem'), 'utf8');
const indent = (text: string, n: number) => text.trimEnd().split('\n').map((l) => `${' '.repeat(n)}${l}`).join('\n');
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHVvZGxlZ3JvdW5kbm90YXJlYWxrZXlqdXN0YWZpeHR1cmU ops@mojaloop';

/** A bundled environment, air-gapped and with a private CA. */
function airGapped(name: 'prod' | 'test'): { env: Environment; files: Map<string, string> } {
  const text = readFileSync(`environments/${name}.yaml`, 'utf8')
    .replace(/"github:[^"]+"/g, `"${SSH_KEY}"`)
    + `mirrors:\n  registry: ${REGISTRY}\n  sources: ${SOURCES}\n`
    + `trust:\n  caBundle:\n    pem: |\n${indent(PEM, 6)}\n`;
  const env = parseEnvironment(text, name, `environments/${name}.yaml`);
  return { env, files: renderEnvironment(env) };
}
const fixtures = { prod: airGapped('prod'), test: airGapped('test') };

const PUBLIC = /(?:docker\.io|quay\.io|ghcr\.io|registry\.k8s\.io|github\.com|grafana\.com)\//g;

/**
 * Every reference to a public registry or github.com in the rendered files
 * that is not behind the mirror. Exempt by design: the README (it lists what to
 * mirror), the match keys of image overrides (Flux images[].name, the left of
 * Argo's "name=newName"), the registries.yaml mapping (checked on its own),
 * and grafana-operator's dashboard downloads (listed in the README as run-time
 * fetches).
 */
function publicRefs(files: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [p, text] of files) {
    if (p === 'README.md') continue;
    let scan = text;
    if (p.startsWith('kairos/') && !p.startsWith('kairos/auroraboot-')) {
      const registries = stageFiles(parse(text) as NodeConfig).get(REGISTRIES_FILE)?.content;
      if (registries) scan = scan.replace(indent(registries, 12), '');
    }
    scan = scan
      .replace(/^(\s*- name: )\S+$/gm, '$1<match key>') // Flux Kustomization images[].name
      .replace(/^(\s*- )[^\s=]+=/gm, '$1<match key>=') // Argo CD kustomize.images "name=newName"
      .replace(/^\s*(?:url|id): .*(raw\.githubusercontent\.com|grafana\.com).*$/gm, '') // dashboard downloads
      .replace(/^\s*runbook_url: .*$/gm, '') // links for humans, never fetched by the cluster
      .replace(/^#.*$/gm, ''); // comments (AuroraBoot's how-to header)
    for (const m of scan.matchAll(PUBLIC)) {
      const before = scan.slice(Math.max(0, m.index - REGISTRY.length - 1), m.index);
      if (before !== `${REGISTRY}/` && !scan.slice(Math.max(0, m.index - SOURCES.length), m.index).endsWith(SOURCES.replace(/^https:\/\//, ''))) {
        out.push(`${p}: ${scan.slice(Math.max(0, m.index - 20), m.index + 40).replace(/\n/g, ' ')}`);
      }
    }
  }
  return out;
}

describe.each(['prod', 'test'] as const)('air-gapped %s (mirrors.registry and mirrors.sources set)', (name) => {
  const { env, files } = fixtures[name];

  it('no rendered object, node config or netboot config points at a public registry or github.com', () => {
    expect(publicRefs(files)).toEqual([]);
  });

  it('every node pulls through the mirror: registries.yaml maps every upstream registry and "*" to it, trusting the CA', () => {
    for (const c of nodeConfigs(files)) {
      const reg = parse(stageFiles(c.config).get(REGISTRIES_FILE)!.content) as { mirrors: Record<string, { endpoint: string[]; rewrite?: Record<string, string> }>; configs: Record<string, { tls: { ca_file: string } }> };
      expect(Object.keys(reg.mirrors).sort(), c.path).toEqual([...UPSTREAM_REGISTRIES, '*'].sort());
      for (const [upstream, m] of Object.entries(reg.mirrors)) {
        expect(m.endpoint).toEqual(['https://registry.mojaloop.internal:5000']);
        if (upstream !== '*') expect(m.rewrite).toEqual({ '^(.*)$': `mirror/${upstream}/$1` });
      }
      expect(reg.configs['registry.mojaloop.internal:5000'].tls.ca_file).toBe(NODE_CA_FILE);
    }
  });

  it('upstream bundles: Flux/Argo image overrides send every bundle image to the mirror; git sources come from the source mirror', () => {
    const objects = [...files].filter(([p]) => /^(flux-system|argocd)\//.test(p) && !p.endsWith('kustomization.yaml')).map(([, t]) => parse(t) as { kind: string; spec: Record<string, unknown> });
    const gitUrls = objects.flatMap((o) => (o.kind === 'GitRepository' ? [o.spec.url as string] : o.kind === 'Application' ? [(o.spec.source as { repoURL: string }).repoURL] : []));
    for (const u of gitUrls) expect(u.startsWith(SOURCES) || u.startsWith(env.sync.repository.url) || u.startsWith(REGISTRY), u).toBe(true);
    const redis = objects.find((o) => ['Kustomization', 'Application'].includes(o.kind) && (o as unknown as { metadata: { name: string } }).metadata.name === 'redis-operator')!;
    expect(JSON.stringify(redis)).toContain(`${REGISTRY}/quay.io/opstree/redis-operator`);
  });

  it('the checker fails when an image escapes the mirror', () => {
    const doctored = new Map(files);
    const [p, t] = [...files].find(([q]) => q.startsWith('monitoring-core/deployment-'))!;
    doctored.set(p, t.replace(`${REGISTRY}/`, ''));
    expect(publicRefs(doctored).length).toBeGreaterThan(0);
    const node = [...files].find(([q]) => q.startsWith('kairos/') && !q.includes('auroraboot'))!;
    doctored.set(node[0], `${node[1]}\n# ok in a comment: ghcr.io/x\nextra: ghcr.io/kube-vip/kube-vip:v1\n`);
    expect(publicRefs(doctored).some((r) => r.startsWith(node[0]))).toBe(true);
  });

  it('SSH keys from github.com are refused once mirrors are set, naming the field', () => {
    const text = readFileSync(`environments/${name}.yaml`, 'utf8') + `mirrors:\n  registry: ${REGISTRY}\n`;
    expect(() => parseEnvironment(text, name, `environments/${name}.yaml`)).toThrow(/kairos\.users\[0\]\.sshKeys\[0\]: "github:[^"]+" is fetched from github\.com/);
  });
});

// ---------------------------------------------------------------- private CA

/** Every internal HTTPS client of the environment and whether it trusts the CA. */
function untrusted(env: Environment, files: Map<string, string>): string[] {
  const out: string[] = [];
  const b = env.trust.caBundle!;
  const obj = (p: string) => parse(files.get(p) ?? '{}') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const mon = 'monitoring-core';
  const cm = obj(`${mon}/configmap-${b.configMap}.yaml`);
  if (cm.data?.[b.key] !== b.pem) out.push('ConfigMap with the bundle missing');
  // Prometheus remote write.
  for (const rw of obj(`${mon}/prometheus-k8s.yaml`).spec?.remoteWrite ?? obj([...files.keys()].find((k) => k.startsWith(`${mon}/prometheus-`))!).spec?.remoteWrite ?? []) {
    if (rw.url.startsWith('https://') && rw.tlsConfig?.ca?.configMap?.name !== b.configMap) out.push(`remote write ${rw.url} without the CA`);
  }
  // Loki's object storage: config and every Loki pod mounting the bundle.
  const lokiConfig = parse(obj(`${mon}/configmap-loki-config.yaml`).data['config.yaml']) as { common: { storage: { s3?: { endpoint: string; insecure: boolean; http_config?: { ca_file: string } } } } };
  const s3 = lokiConfig.common.storage.s3;
  if (s3 && !s3.insecure) {
    if (s3.http_config?.ca_file !== `${CA_DIR}/${b.key}`) out.push('Loki S3 client without ca_file');
    for (const [p] of [...files].filter(([q, t]) => /^monitoring-core\/(statefulset|deployment)-loki-/.test(q) && !q.includes('gateway') && t.includes('-config.file'))) {
      if (!JSON.stringify(obj(p)).includes(`"mountPath":"${CA_DIR}"`)) out.push(`${p} does not mount the CA`);
    }
  }
  // Alertmanager receivers whose endpoint the environment names.
  const am = parse(files.get(`${mon}/alertmanager.yaml`)!) as { receivers: Array<Record<string, any>> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const amFile = `/etc/alertmanager/configmaps/${b.configMap}/${b.key}`;
  for (const r of am.receivers) {
    for (const w of r.webhook_configs ?? []) if (w.http_config?.tls_config?.ca_file !== amFile) out.push(`receiver ${r.name}: webhook without the CA`);
    for (const e of r.email_configs ?? []) if (e.tls_config?.ca_file !== amFile) out.push(`receiver ${r.name}: email without the CA`);
    for (const o of r.opsgenie_configs ?? []) if (o.api_url && o.http_config?.tls_config?.ca_file !== amFile) out.push(`receiver ${r.name}: opsgenie without the CA`);
  }
  const amCr = obj([...files.keys()].find((k) => k.startsWith(`${mon}/alertmanager-`) && k.endsWith('.yaml') && k !== `${mon}/alertmanager.yaml`)!);
  if (!(amCr.spec?.configMaps ?? []).includes(b.configMap)) out.push('Alertmanager CR does not mount the CA ConfigMap');
  // Grafana (datasources, downloads).
  const grafana = JSON.stringify(obj(`${mon}/grafana-grafana.yaml`));
  if (!grafana.includes(`"SSL_CERT_DIR","value":"/etc/ssl/certs:${CA_DIR}"`) || !grafana.includes(`"mountPath":"${CA_DIR}"`)) out.push('Grafana does not trust the CA');
  // Nodes: trust store (config_url, registry).
  for (const c of nodeConfigs(files)) if (stageFiles(c.config).get(NODE_CA_FILE)?.content !== b.pem) out.push(`${c.path}: CA not in the node trust store`);
  // Flux git sources: the CA is the key ca.crt of the source's secretRef Secret (listed for creation in the README).
  const readme = files.get('README.md')!;
  for (const [p, t] of [...files].filter(([q]) => q.startsWith('flux-system/gitrepository-'))) {
    const g = parse(t) as { spec: { url: string; secretRef?: { name: string } } };
    if (!g.spec.url.startsWith('https://') || g.spec.url.includes('github.com')) continue;
    const row = readme.split('\n').find((l) => l.startsWith(`| flux-system | \`${g.spec.secretRef?.name}\` |`));
    if (!g.spec.secretRef || !row?.includes('`ca.crt`')) out.push(`${p}: internal git source without the CA`);
  }
  return out;
}

describe('private CA (trust.caBundle)', () => {
  it('prod: every internal HTTPS client trusts the bundle', () => {
    const { env, files } = fixtures.prod;
    // The fixture has each kind of client: remote write, S3, webhook, email.
    expect(env.monitoring.prometheus.remoteWrite?.url).toMatch(/^https:/);
    expect(env.monitoring.loki.objectStorage?.endpoint).toMatch(/^https:/);
    expect(untrusted(env, files)).toEqual([]);
  });
  it('test (Argo CD, monolithic Loki): every internal HTTPS client trusts the bundle', () => {
    const { env, files } = fixtures.test;
    expect(untrusted(env, files)).toEqual([]);
  });
  it('amtool (Alertmanager 0.25, Debian) accepts the receivers with their tls_config, and rejects a misspelt field', () => {
    const dir = tempDir('am-ca');
    const text = fixtures.prod.files.get('monitoring-core/alertmanager.yaml')!;
    expect(text).toContain('ca_file:');
    const good = run('amtool', ['check-config', writeTemp(dir, 'alertmanager.yaml', text)]);
    expect(good.status, good.output).toBe(0);
    const bad = run('amtool', ['check-config', writeTemp(dir, 'bad.yaml', text.replace('ca_file:', 'ca_filez:'))]);
    expect(bad.status).not.toBe(0);
  });
  it('the checker fails when a client loses the CA', () => {
    const { env, files } = fixtures.prod;
    const doctored = new Map(files);
    doctored.set('monitoring-core/alertmanager.yaml', files.get('monitoring-core/alertmanager.yaml')!.replace(/\n\s*tls_config:\n\s*ca_file: .*/, ''));
    const node = [...files].find(([q]) => q.startsWith('kairos/prod-cp-1'))!;
    doctored.set(node[0], node[1].replace('BEGIN CERTIFICATE', 'BEGIN CERTIFICATE '));
    const issues = untrusted(env, doctored).join('\n');
    expect(issues).toMatch(/receiver .* without the CA/);
    expect(issues).toMatch(/prod-cp-1.yaml: CA not in the node trust store/);
  });
  it('refuses a private key pasted as the bundle, naming the field', () => {
    const text = readFileSync('environments/prod.yaml', 'utf8') + 'trust:\n  caBundle:\n    pem: |\n      -----BEGIN PRIVATE KEY-----\n      MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n      -----END PRIVATE KEY-----\n';
    expect(() => parseEnvironment(text, 'prod', 'environments/prod.yaml')).toThrow(/trust\.caBundle\.pem: expected one or more PEM certificates.*got a PRIVATE KEY \(not shown/);
    // The key material never reaches the message (CI logs).
    expect(() => parseEnvironment(text, 'prod', 'environments/prod.yaml')).not.toThrow(/MIGHAgEAMBMG/);
  });
});

// ---------------------------------------------------------------- API VIP, upgrades

describe.each(ENV_NAMES)('API endpoint and upgrades of %s', (name) => {
  const env = environment(name);
  const files = renderedFiles(name);
  const configs = nodeConfigs(files);
  const servers = configs.filter((c) => c.config.k3s);

  it('with several servers, kube-vip holds the VIP on every server and every join goes to it', () => {
    if (servers.length < 2) {
      expect(env.apiVip).toBeUndefined();
      return;
    }
    expect(env.apiVip).toBeDefined();
    for (const s of servers) {
      const vip = stageFiles(s.config).get(KUBE_VIP_MANIFEST)!.content.split('---\n').map((d) => parse(d) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
      const ds = vip.find((d) => d.kind === 'DaemonSet')!;
      const envs = Object.fromEntries(ds.spec.template.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
      expect(envs).toMatchObject({ address: env.apiVip!.address, vip_interface: env.apiVip!.interface, cp_enable: 'true', vip_arp: 'true', vip_leaderelection: 'true' });
      expect(argsOf(s.config)).toContain(`--tls-san=${env.apiVip!.address}`);
    }
    for (const c of configs.filter((x) => !argsOf(x.config).includes('--cluster-init'))) {
      expect(argsOf(c.config), c.path).toContain(`--server=https://${env.apiVip!.address}:6443`);
    }
    for (const c of configs.filter((x) => !x.config.k3s)) expect(stageFiles(c.config).has(KUBE_VIP_MANIFEST)).toBe(false);
  });

  it('one NodeOpUpgrade per pool group, one node at a time, stop on failure, control plane first; every node exactly once', () => {
    const ups = [...files].filter(([p]) => /^upgrades\/\d\d-.+\.yaml$/.test(p) && !p.endsWith('00-namespace.yaml')).sort(([a], [b]) => a.localeCompare(b))
      .map(([p, t]) => ({ p, u: parse(t) as { kind: string; spec: { image: string; concurrency: number; stopOnFailure: boolean; nodeSelector: { matchLabels: Record<string, string> } } } }));
    expect(ups.length).toBe(env.topology.groups.length);
    const cp = env.topology.groups.find((g) => g.pools.includes('K3S-CONTROL-PLANE'))!;
    expect(ups[0].u.spec.nodeSelector.matchLabels[poolLabelKey('K3S-CONTROL-PLANE')]).toBe('enabled');
    const seen = new Map<string, string>();
    for (const { p, u } of ups) {
      expect(u.kind).toBe('NodeOpUpgrade');
      expect(u.spec).toMatchObject({ concurrency: 1, stopOnFailure: true, image: env.kairos.image });
      const selected = env.topology.nodes.filter((n) => Object.entries(u.spec.nodeSelector.matchLabels).every(([k, v]) => k === 'kairos.io/managed' || n.labels[k] === v));
      expect(selected.length, p).toBeGreaterThan(0);
      for (const n of selected) {
        expect(seen.get(n.name), `${n.name} selected by ${p} and ${seen.get(n.name)}`).toBeUndefined();
        seen.set(n.name, p);
      }
    }
    expect(seen.size).toBe(env.topology.nodes.length);
    expect(cp.nodes.every((n) => seen.get(n.name) === ups[0].p)).toBe(true);
  });
});

// ---------------------------------------------------------------- runbook

/** Paths the runbook names that are not rendered (dist/<env>/x, or x relative to dist/<env>/). */
function missingReferences(name: string, readme: string, files: Map<string, string>): string[] {
  const start = readme.indexOf(RUNBOOK_HEADING);
  const end = readme.indexOf('\n## ', start + 1);
  const runbook = readme.slice(start, end < 0 ? undefined : end);
  const refs = new Set<string>();
  for (const m of runbook.matchAll(new RegExp(`dist/${name}/([A-Za-z0-9_./$-]+)`, 'g'))) refs.add(m[1]);
  for (const m of runbook.matchAll(/\/kairos\/(auroraboot-[a-z]+)\.yaml/g)) refs.add(`kairos/${m[1]}.yaml`);
  const exists = (r: string) => files.has(r) || [...files.keys()].some((f) => f.startsWith(`${r.replace(/\/$/, '')}/`));
  return [...refs].filter((r) => !r.includes('$') && !exists(r));
}

describe.each(ENV_NAMES)('bootstrap runbook of %s', (name) => {
  const files = renderedFiles(name);
  const readme = files.get('README.md')!;

  it('walks bare metal -> netboot -> first server -> joins -> sync tool -> first sync -> Vault -> Secrets into Vault -> provisioning -> first transfer', () => {
    const runbook = readme.slice(readme.indexOf(RUNBOOK_HEADING));
    const steps = ['Before the first node', 'Netboot the first server', 'Kubeconfig', 'Joining servers', 'Agents', 'Sync tool', 'First sync', 'Vault init and unseal', 'Secrets', 'Node upgrades later', 'Provisioning', 'First transfer'];
    let at = 0;
    for (const s of steps) {
      const i = runbook.indexOf(`**${s}`, at);
      expect(i, s).toBeGreaterThan(at - 1);
      at = i;
    }
  });

  it('every file it names is rendered', () => {
    expect(missingReferences(name, readme, files)).toEqual([]);
  });

  it('the reference checker fails on a file that is not rendered', () => {
    const broken = readme.replace(`dist/${name}/kairos/`, `dist/${name}/kairoz/`);
    expect(missingReferences(name, broken, files).length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------- the real kairos-agent

describe('air-gapped node configs through the real kairos-agent validate', () => {
  beforeAll(() => { goToolsBin('kairos'); }, BUILD_TIMEOUT);

  it.each(['prod', 'test'] as const)('%s: every node config (registries.yaml, CA, kube-vip, hardening) is accepted, every K3S flag known', (name) => {
    const dir = tempDir(`airgap-${name}`);
    mkdirSync(path.join(dir, 'kairos'));
    for (const [p, text] of fixtures[name].files) if (p.startsWith('kairos/')) writeFileSync(path.join(dir, p), text);
    const files = nodeConfigFiles(dir);
    expect(files).toHaveLength(fixtures[name].env.topology.nodes.length);
    expect(files.map(kairosValidate).filter(Boolean)).toEqual([]);
    expect(checkTopLevelKeys(files)).toEqual([]);
    expect(checkK3sArgs(files)).toEqual([]);
  });
});
