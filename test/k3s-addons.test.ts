// K3S's packaged add-ons, read from the rendered node configs against what
// the layers render: Traefik runs exactly where an Ingress of class traefik
// exists and is then placed on K3S-CLUSTER-SVCS; ServiceLB only on
// K3S-CLUSTER-SVCS nodes; metrics-server never (nothing reads metrics.k8s.io);
// CoreDNS and local-storage disabled on every server and replaced by ours,
// written into the auto-deploy folder of every server (and of no agent), on
// K3S-CLUSTER-SVCS. Our local-path provisioner is held to the pinned upstream
// release's own file, and every pinned version to its Go module.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ENV_NAMES, environment, objects, renderedFiles } from './support/bundled';
import { K3S_MANIFESTS_DIR, REPLACED_ADDONS, SERVICELB_NODE_LABEL, TRAEFIK_CONFIG_MANIFEST } from '../charts/cluster/k3s-addons';
import { COREDNS_MANIFEST, COREDNS_VERSION } from '../charts/cluster/coredns';
import { LOCAL_PATH_MANIFEST, LOCAL_PATH_VERSION, LOCAL_STORAGE_PATH } from '../charts/cluster/local-path';
import { CLUSTER_DNS_ADDRESS, indexedAddress, K3S_SERVICE_CIDR } from '../charts/cluster/k3s-network';
import { poolLabelKey } from '../charts/environment/node-pools';
import { moduleDirOf } from '../scripts/e2e/upstream';
import { adaptCorefile } from '../scripts/e2e/coredns';
import { autoDeployManifests, offClusterServices } from '../scripts/e2e/auto-deploy';
import type { Kube } from '../scripts/e2e/kube';
import os from 'node:os';

const ROOT = path.resolve(import.meta.dirname, '..');
const SVCS = poolLabelKey('K3S-CLUSTER-SVCS');

const configs = (env: string) => [...renderedFiles(env)]
  .filter(([p]) => p.startsWith('kairos/') && !p.startsWith('kairos/auroraboot-'))
  .map(([p, text]) => ({ path: p, config: parse(text) as any }));
const argsOf = (c: any): string[] => (c.k3s ?? c['k3s-agent']).args;
const writtenFiles = (c: any): any[] => (c.stages.initramfs as any[]).flatMap((s) => s.files ?? []);
const manifestOf = (c: any, file: string): string | undefined => writtenFiles(c).find((f: any) => f.path === file)?.content;
const docsOf = (text: string): any[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
const find = (docs: any[], kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);

/** What the add-on settings must be, from the rendered layers alone. */
function addonProblems(name: string, nodes: ReturnType<typeof configs>, rendered = objects(name)): string[] {
  const problems: string[] = [];
  // Ours, or the one grafana-operator creates from a Grafana CR's spec.ingress.
  const traefikIngress = rendered.some((o) => (o.kind === 'Ingress' && (o as any).spec?.ingressClassName === 'traefik')
    || (o.kind === 'Grafana' && (o as any).spec?.ingress?.spec?.ingressClassName === 'traefik'));
  if (rendered.some((o) => o.kind === 'HorizontalPodAutoscaler')) problems.push('an HPA is rendered: metrics-server is needed');
  for (const { path: p, config } of nodes) {
    const args = argsOf(config);
    const label = args.includes(`--node-label=${SERVICELB_NODE_LABEL}=true`);
    const svcs = args.includes(`--node-label=${SVCS}=enabled`);
    if (label !== svcs) problems.push(`${p}: ServiceLB label ${label ? 'on a node outside' : 'missing on a node of'} K3S-CLUSTER-SVCS`);
    if (!config.k3s) {
      // K3S's deploy controller runs on servers only: a file there on an agent is never applied.
      for (const f of writtenFiles(config).filter((x: any) => x.path.startsWith(`${K3S_MANIFESTS_DIR}/`))) problems.push(`${p}: ${f.path} written on an agent`);
      continue;
    }
    if (!args.includes('--disable=metrics-server')) problems.push(`${p}: metrics-server not disabled`);
    if (args.includes('--disable=traefik') === traefikIngress) problems.push(`${p}: Traefik ${traefikIngress ? 'disabled although an Ingress needs it' : 'kept although no Ingress uses it'}`);
    const placement = manifestOf(config, TRAEFIK_CONFIG_MANIFEST);
    if (traefikIngress && !/K3S-CLUSTER-SVCS/.test(placement ?? '')) problems.push(`${p}: Traefik kept but not placed on K3S-CLUSTER-SVCS`);
    for (const addon of REPLACED_ADDONS) if (!args.includes(`--disable=${addon}`)) problems.push(`${p}: K3S's ${addon} not disabled`);
    for (const file of [COREDNS_MANIFEST, LOCAL_PATH_MANIFEST]) if (!manifestOf(config, file)) problems.push(`${p}: ${file} not written`);
  }
  return problems;
}

/** Replicas, one per node, budget, address and placement of our CoreDNS and local-path provisioner, per environment. */
function replacementProblems(name: string, nodes: ReturnType<typeof configs>): string[] {
  const problems: string[] = [];
  const server = nodes.find((n) => n.config.k3s)!;
  const dns = docsOf(manifestOf(server.config, COREDNS_MANIFEST) ?? '');
  const lpp = docsOf(manifestOf(server.config, LOCAL_PATH_MANIFEST) ?? '');
  const poolNodes = nodes.filter((n) => argsOf(n.config).includes(`--node-label=${SVCS}=enabled`)).length;
  const deployment = find(dns, 'Deployment', 'coredns');
  const pod = deployment?.spec.template.spec;
  const want = Math.min(poolNodes, 3);
  if (deployment?.spec.replicas !== want) problems.push(`coredns: ${deployment?.spec.replicas} replicas, expected ${want} (one per K3S-CLUSTER-SVCS node, at most 3)`);
  if (poolNodes >= 2 && !(deployment?.spec.replicas >= 2)) problems.push('coredns: a single replica on a pool of several nodes');
  const anti = pod?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  if (!anti.some((t: any) => t.topologyKey === 'kubernetes.io/hostname' && t.labelSelector?.matchLabels?.['k8s-app'] === 'kube-dns')) problems.push('coredns: no required one-per-node anti-affinity');
  const pdb = find(dns, 'PodDisruptionBudget', 'coredns');
  if (pdb?.spec.maxUnavailable !== 1 || pdb?.spec.selector.matchLabels['k8s-app'] !== 'kube-dns') problems.push('coredns: no PodDisruptionBudget of maxUnavailable 1 over its pods');
  if (pod?.priorityClassName !== 'system-cluster-critical' || pod?.dnsPolicy !== 'Default') problems.push('coredns: not system-cluster-critical with dnsPolicy Default');
  const svc = find(dns, 'Service', 'kube-dns');
  if (svc?.metadata.namespace !== 'kube-system' || svc?.spec.clusterIP !== indexedAddress(K3S_SERVICE_CIDR, 10) || svc?.spec.selector['k8s-app'] !== 'kube-dns') problems.push(`kube-dns: not kube-system/kube-dns at ${CLUSTER_DNS_ADDRESS} selecting k8s-app=kube-dns`);
  const provisioner = find(lpp, 'Deployment', 'local-path-provisioner');
  if (provisioner?.spec.replicas !== 1) problems.push('local-path-provisioner: not exactly one replica (it has no leader election)');
  const sc = find(lpp, 'StorageClass', 'local-path');
  if (sc?.provisioner !== 'rancher.io/local-path' || sc?.metadata.annotations['storageclass.kubernetes.io/is-default-class'] !== 'true') problems.push('local-path: not the default StorageClass of rancher.io/local-path');
  // Our per-pool StorageClasses need the same provisioner.
  for (const c of objects(name).filter((o) => o.kind === 'StorageClass')) if ((c as any).provisioner !== sc?.provisioner) problems.push(`StorageClass ${c.metadata.name}: provisioner ${(c as any).provisioner} is not ours`);
  for (const w of [deployment, provisioner]) {
    const terms = w?.spec.template.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    if (JSON.stringify(terms) !== JSON.stringify([{ matchExpressions: [{ key: SVCS, operator: 'In', values: ['enabled'] }] }])) problems.push(`${w?.metadata.name}: not required onto K3S-CLUSTER-SVCS`);
  }
  return problems;
}

describe.each(ENV_NAMES)('K3S packaged add-ons of %s', (name) => {
  it('Traefik only with an Ingress (then on K3S-CLUSTER-SVCS), ServiceLB on K3S-CLUSTER-SVCS nodes, no metrics-server; CoreDNS and local-storage replaced on every server', () => {
    expect(environment(name).topology.nodes.length).toBeGreaterThan(0);
    expect(addonProblems(name, configs(name))).toEqual([]);
  });

  it('our CoreDNS (one per K3S-CLUSTER-SVCS node up to 3, budget, cluster DNS address) and local-path provisioner (one, default class)', () => {
    expect(replacementProblems(name, configs(name))).toEqual([]);
  });
});

describe('the add-on checks fail on broken input', () => {
  it('prod without its Grafana Ingress must disable Traefik; a ServiceLB label on another node and a kept metrics-server are reported', () => {
    const nodes = structuredClone(configs('prod'));
    const server = nodes.find((n) => n.config.k3s)!;
    server.config.k3s.args = server.config.k3s.args.filter((a: string) => a !== '--disable=metrics-server');
    const agent = nodes.find((n) => !argsOf(n.config).some((a) => a.includes('K3S-CLUSTER-SVCS')))!;
    argsOf(agent.config).push(`--node-label=${SERVICELB_NODE_LABEL}=true`);
    const withoutIngress = objects('prod').map((o) => (o.kind === 'Grafana' ? { ...o, spec: { ...(o as any).spec, ingress: undefined } } : o));
    const problems = addonProblems('prod', nodes, withoutIngress);
    expect(problems).toContain(`${server.path}: metrics-server not disabled`);
    expect(problems).toContain(`${server.path}: Traefik kept although no Ingress uses it`);
    expect(problems).toContain(`${agent.path}: ServiceLB label on a node outside K3S-CLUSTER-SVCS`);
  });

  it('a server keeping K3S\'s CoreDNS, a server without our manifests and an agent with them are reported', () => {
    const nodes = structuredClone(configs('prod'));
    const [first, second] = nodes.filter((n) => n.config.k3s);
    first.config.k3s.args = first.config.k3s.args.filter((a: string) => a !== '--disable=coredns');
    for (const s of second.config.stages.initramfs) if (s.files) s.files = s.files.filter((f: any) => f.path !== LOCAL_PATH_MANIFEST);
    const agent = nodes.find((n) => !n.config.k3s)!;
    agent.config.stages.initramfs.push({ name: 'misplaced', files: [{ path: COREDNS_MANIFEST, permissions: 0o600, content: '' }] });
    expect(addonProblems('prod', nodes).sort()).toEqual([
      `${agent.path}: ${COREDNS_MANIFEST} written on an agent`,
      `${first.path}: K3S's coredns not disabled`,
      `${second.path}: ${LOCAL_PATH_MANIFEST} not written`,
    ]);
  });

  it('a single CoreDNS without anti-affinity or budget, off its pool, at another address, and two provisioners are reported', () => {
    const nodes = structuredClone(configs('prod'));
    for (const n of nodes.filter((x) => x.config.k3s)) {
      for (const f of writtenFiles(n.config)) {
        const docs = docsOf(f.content);
        const d = find(docs, 'Deployment', 'coredns');
        if (d) {
          d.spec.replicas = 1;
          delete d.spec.template.spec.affinity;
          find(docs, 'Service', 'kube-dns').spec.clusterIP = '10.43.0.53';
          f.content = docs.filter((x) => x.kind !== 'PodDisruptionBudget').map((x) => JSON.stringify(x)).join('\n---\n');
        }
        const p = find(docs, 'Deployment', 'local-path-provisioner');
        if (p) {
          p.spec.replicas = 2;
          f.content = docs.map((x) => JSON.stringify(x)).join('\n---\n');
        }
      }
    }
    expect(replacementProblems('prod', nodes)).toEqual([
      'coredns: 1 replicas, expected 3 (one per K3S-CLUSTER-SVCS node, at most 3)',
      'coredns: a single replica on a pool of several nodes',
      'coredns: no required one-per-node anti-affinity',
      'coredns: no PodDisruptionBudget of maxUnavailable 1 over its pods',
      `kube-dns: not kube-system/kube-dns at ${CLUSTER_DNS_ADDRESS} selecting k8s-app=kube-dns`,
      'local-path-provisioner: not exactly one replica (it has no leader election)',
      'coredns: not required onto K3S-CLUSTER-SVCS',
    ]);
  });
});

describe('the cluster DNS address', () => {
  it('is the 10th address of K3S\'s Service range (k3s --cluster-dns default 10.43.0.10); another range gives another address', () => {
    expect(CLUSTER_DNS_ADDRESS).toBe('10.43.0.10');
    expect(indexedAddress('10.96.0.0/12', 10)).toBe('10.96.0.10');
    expect(indexedAddress('192.168.7.128/25', 10)).toBe('192.168.7.138');
    expect(() => indexedAddress('10.0.0.0/29', 10)).toThrow(/no address number 10/);
  });
});

describe('the Corefile e2e runs (scripts/e2e/coredns.ts)', () => {
  const rendered = () => find(docsOf(manifestOf(configs('prod').find((n) => n.config.k3s)!.config, COREDNS_MANIFEST)!), 'ConfigMap', 'coredns').data.Corefile as string;
  const ports = { dns: 10053, health: 18080, ready: 18181, metrics: 19153 };

  it('is the rendered one with only loopback ports, bind and the kubeconfig changed', () => {
    const adapted = adaptCorefile(rendered(), ports, '/tmp/kubeconfig');
    const changed = adapted.split('\n').filter((l) => !rendered().split('\n').includes(l));
    expect(changed.map((l) => l.trim())).toEqual(['.:10053 {', 'bind 127.0.0.1', 'health 127.0.0.1:18080', 'ready 127.0.0.1:18181', 'kubeconfig /tmp/kubeconfig e2e', 'prometheus 127.0.0.1:19153']);
  });

  it('refuses a Corefile it cannot adapt exactly (a second server block, no health)', () => {
    expect(() => adaptCorefile(`${rendered()}${rendered()}`, ports, '/k')).toThrow(/2 matches of .*expected exactly 1/);
    expect(() => adaptCorefile(rendered().replace(/\n\s+health :8080/, ''), ports, '/k')).toThrow(/0 matches of .*health/);
  });
});

describe('e2e\'s reading of the auto-deploy folder (scripts/e2e/auto-deploy.ts)', () => {
  const PROD = path.join(ROOT, 'dist/prod');

  it('dist/prod: our CoreDNS, local-path provisioner and kube-vip from the servers\' configs; K3S\'s own HelmChartConfig skipped and named', () => {
    const { built, skipped, findings } = autoDeployManifests(PROD);
    expect(findings).toEqual([]);
    const ids = built.objects.map((o) => `${o.kind} ${o.metadata.name}`);
    expect(ids).toEqual(expect.arrayContaining(['Deployment coredns', 'Service kube-dns', 'PodDisruptionBudget coredns', 'Deployment local-path-provisioner', 'StorageClass local-path', 'DaemonSet kube-vip']));
    expect(skipped).toEqual(['HelmChartConfig kube-system/traefik (traefik-placement.yaml)']);
    expect(built.fileOf(built.objects.find((o) => o.kind === 'Service')!)).toMatch(/kairos\/prod-cp-1\.yaml \(\/var\/lib\/rancher\/k3s\/server\/manifests\/mojaloop-coredns\.yaml\)$/);
  });

  it('fails when a server writes another version of a file, or none', () => {
    const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'auto-deploy-')), 'prod');
    fs.cpSync(path.join(PROD, 'kairos'), path.join(dist, 'kairos'), { recursive: true });
    const edit = (node: string, from: string, to: string) => {
      const f = path.join(dist, 'kairos', `${node}.yaml`);
      fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(from, to));
    };
    edit('prod-cp-2', 'replicas: 3', 'replicas: 2');
    edit('prod-cp-3', 'mojaloop-local-path.yaml', 'local-path-elsewhere.yaml');
    const problems = autoDeployManifests(dist).findings.map((f) => `${path.basename(f.file)}: ${path.basename(f.object)}: ${f.message}`);
    expect(problems).toEqual(expect.arrayContaining([
      'prod-cp-2.yaml: mojaloop-coredns.yaml: differs from prod-cp-1.yaml\'s: each server\'s K3S applies its own copy, so the servers would overwrite each other',
      'prod-cp-3.yaml: mojaloop-local-path.yaml: not written on this server, but on others',
    ]));
    fs.rmSync(path.dirname(dist), { recursive: true, force: true });
  });

  it('a CoreDNS pod bound to a node outside K3S-CLUSTER-SVCS (or none bound) is reported', async () => {
    const nodes = [{ metadata: { name: 'svcs-1', labels: { [SVCS]: 'enabled' } } }, { metadata: { name: 'cp-1', labels: {} } }];
    const pods = [{ metadata: { name: 'coredns-a' }, spec: { nodeName: 'svcs-1' } }, { metadata: { name: 'coredns-b' }, spec: { nodeName: 'cp-1' } }];
    const kube = { get: async (p: string) => ({ items: p === '/api/v1/nodes' ? nodes : p.includes('k8s-app%3Dkube-dns') ? pods : [{ metadata: { name: 'lpp' }, spec: {} }] }) } as unknown as Kube;
    const workloads = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'coredns', namespace: 'kube-system' }, spec: { selector: { matchLabels: { 'k8s-app': 'kube-dns' } } } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'local-path-provisioner', namespace: 'kube-system' }, spec: { selector: { matchLabels: { app: 'local-path-provisioner' } } } },
    ];
    expect((await offClusterServices(kube, workloads, () => 'f')).map((f) => `${f.object}: ${f.message}`)).toEqual([
      'Deployment kube-system/coredns: pod coredns-b runs on cp-1, which is not a K3S-CLUSTER-SVCS node',
      'Deployment kube-system/local-path-provisioner: no pod was placed',
    ]);
  });
});

/** The Go module version a go.mod requires. */
const required = (goMod: string, module: string): string | undefined =>
  new RegExp(`^\\s*(?:require\\s+)?${module.replace(/\./g, '\\.')}\\s+(v\\S+)`, 'm').exec(fs.readFileSync(path.join(ROOT, goMod), 'utf8'))?.[1];

describe('pinned versions agree with their Go modules', () => {
  it('CoreDNS: the image tag and tools/coredns (built and run by e2e); local-path: the image and tools/upstream (compared below)', () => {
    expect(required('tools/coredns/go.mod', 'github.com/coredns/coredns')).toBe(COREDNS_VERSION);
    expect(required('tools/upstream/go.mod', 'github.com/rancher/local-path-provisioner')).toBe(LOCAL_PATH_VERSION);
    // and the check can fail: another module's pin is another version
    expect(required('tools/upstream/go.mod', 'github.com/fluxcd/flux2/v2')).not.toBe(COREDNS_VERSION);
    const server = configs('prod').find((n) => n.config.k3s)!.config;
    expect(find(docsOf(manifestOf(server, COREDNS_MANIFEST)!), 'Deployment', 'coredns').spec.template.spec.containers[0].image).toBe(`docker.io/coredns/coredns:${COREDNS_VERSION.slice(1)}`);
  });
});

/** How our local-path objects differ from upstream's deploy/local-path-storage.yaml at the pinned release. */
function localPathDrift(ours: any[], upstream: any[]): string[] {
  const drift: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => { if (JSON.stringify(a) !== JSON.stringify(b)) drift.push(`${what}: ours ${JSON.stringify(a)}, upstream ${JSON.stringify(b)}`); };
  for (const kind of ['ClusterRole', 'Role']) same(`${kind} rules`, find(ours, kind, 'local-path-provisioner-role')?.rules, find(upstream, kind, 'local-path-provisioner-role')?.rules);
  for (const kind of ['ClusterRoleBinding', 'RoleBinding']) {
    const [o, u] = [find(ours, kind, 'local-path-provisioner-bind'), find(upstream, kind, 'local-path-provisioner-bind')];
    same(`${kind} roleRef`, o?.roleRef, u?.roleRef);
    same(`${kind} subject`, o?.subjects.map((s: any) => s.name), u?.subjects.map((s: any) => s.name));
  }
  const [oc, uc] = [find(ours, 'ConfigMap', 'local-path-config').data, find(upstream, 'ConfigMap', 'local-path-config').data];
  same('ConfigMap keys', Object.keys(oc).sort(), Object.keys(uc).sort());
  same('teardown', oc.teardown, uc.teardown);
  // Upstream's setup, plus K3S's chmod of the storage folder (k3s manifests/local-storage.yaml).
  same('setup', oc.setup, `${uc.setup}\nchmod 700 "$VOL_DIR/.."`);
  const [oh, uh] = [parse(oc['helperPod.yaml']), parse(uc['helperPod.yaml'])];
  same('helper pod (but its image)', { ...oh, spec: { ...oh.spec, containers: oh.spec.containers.map((c: any) => ({ ...c, image: undefined })) } }, { ...uh, spec: { ...uh.spec, containers: uh.spec.containers.map((c: any) => ({ ...c, image: undefined })) } });
  same('config.json paths', JSON.parse(oc['config.json']).nodePathMap.map((m: any) => m.node), JSON.parse(uc['config.json']).nodePathMap.map((m: any) => m.node));
  const [od, ud] = [find(ours, 'Deployment', 'local-path-provisioner').spec.template.spec.containers[0], find(upstream, 'Deployment', 'local-path-provisioner').spec.template.spec.containers[0]];
  same('image', od.image.replace(/^docker\.io\//, ''), ud.image);
  same('env', od.env, ud.env);
  same('command (without --debug)', od.command, ud.command.filter((a: string) => a !== '--debug'));
  same('StorageClass', { p: find(ours, 'StorageClass', 'local-path')?.provisioner, m: find(ours, 'StorageClass', 'local-path')?.volumeBindingMode }, { p: find(upstream, 'StorageClass', 'local-path')?.provisioner, m: find(upstream, 'StorageClass', 'local-path')?.volumeBindingMode });
  return drift;
}

describe(`local-path provisioner ${LOCAL_PATH_VERSION} against upstream's deploy/local-path-storage.yaml (Go module cache, tools/upstream)`, () => {
  const upstream = () => docsOf(fs.readFileSync(path.join(moduleDirOf('github.com/rancher/local-path-provisioner', LOCAL_PATH_VERSION), 'deploy/local-path-storage.yaml'), 'utf8'));
  const ours = () => docsOf(manifestOf(configs('prod').find((n) => n.config.k3s)!.config, LOCAL_PATH_MANIFEST)!);

  it('RBAC, ConfigMap keys, scripts, helper pod, image, env and command are upstream\'s; the volumes go to K3S\'s storage path', () => {
    expect(localPathDrift(ours(), upstream())).toEqual([]);
    expect(JSON.parse(find(ours(), 'ConfigMap', 'local-path-config').data['config.json']).nodePathMap[0].paths).toEqual([LOCAL_STORAGE_PATH]);
  });

  it('fails on a dropped verb, a missing script and another image', () => {
    const broken = structuredClone(ours());
    find(broken, 'ClusterRole', 'local-path-provisioner-role').rules[1].verbs.pop();
    delete find(broken, 'ConfigMap', 'local-path-config').data.teardown;
    find(broken, 'Deployment', 'local-path-provisioner').spec.template.spec.containers[0].image = 'docker.io/rancher/local-path-provisioner:v0.0.29';
    const drift = localPathDrift(broken, upstream());
    expect(drift).toEqual([
      expect.stringMatching(/^ClusterRole rules: /),
      expect.stringMatching(/^ConfigMap keys: /),
      expect.stringMatching(/^teardown: /),
      expect.stringMatching(/^image: /),
    ]);
  });
});
