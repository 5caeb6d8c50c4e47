// monitoring-core, property by property, in every environment: placement,
// replicas, probes, resources, security contexts (exceptions from the one
// list), PDBs, network policies, no Secret values, the k3s single scrape,
// and the per-stage shapes (prod HA, dev single).
import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../charts/environment/quantity';
import { poolLabelKey } from '../charts/environment/node-pools';
import { GRAFANA_INSTANCE_LABELS, MONITORING_SELECTOR_LABELS, MONITORED_NAMESPACE_LABELS } from '../charts/monitoring-core/contract';
import { IMAGES } from '../charts/monitoring-core/images';
import { SECURITY_EXCEPTIONS, podSecurityLevel } from '../charts/lib/security';
import { requiredSecrets } from '../charts/lib/secrets';
import { buildEnvironment } from '../charts/app';
import { ENV_NAMES, byKind, environment, objects, renderedFiles } from './support/bundled';
import type { Manifest } from '../charts/render';

const LAYER = 'monitoring-core';
const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet'];
const exceptionFor = (name: string) => SECURITY_EXCEPTIONS.find((e) => e.namespace === 'monitoring' && e.workload === name);
const nameOf = (m: any): string => m.spec.template.metadata.labels['app.kubernetes.io/name'];
const podSpec = (m: any) => m.spec.template.spec;
const requiredPool = (affinity: any): string[] =>
  affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.flatMap((t: any) => t.matchExpressions.map((e: any) => e.key)) ?? [];

describe.each(ENV_NAMES)('monitoring-core in %s', (envName) => {
  const env = environment(envName);
  const ms = objects(envName, LAYER);
  const workloads = ms.filter((m) => WORKLOADS.includes(m.kind)) as any[];
  const monitoringPool = poolLabelKey('MONITORING');

  it('every container has requests, limits, liveness and readiness probes', () => {
    for (const w of workloads) {
      for (const c of podSpec(w).containers) {
        const id = `${w.kind}/${w.metadata.name}/${c.name}`;
        expect(c.resources?.requests?.cpu, id).toBeDefined();
        expect(c.resources?.requests?.memory, id).toBeDefined();
        expect(c.resources?.limits?.cpu, id).toBeDefined();
        expect(c.resources?.limits?.memory, id).toBeDefined();
        expect(parseQuantity(c.resources.limits.memory), id).toBeGreaterThanOrEqual(parseQuantity(c.resources.requests.memory));
        expect(c.livenessProbe, id).toBeDefined();
        expect(c.readinessProbe, id).toBeDefined();
        expect(c.image, id).toMatch(/^[a-z0-9.-]+\/[a-z0-9/._-]+:[A-Za-z0-9._-]+$/);
        expect(c.image, id).not.toMatch(/:latest$/);
      }
    }
  });

  it('every pod runs restricted, except the workloads listed in SECURITY_EXCEPTIONS, which deviate only as declared', () => {
    for (const w of workloads) {
      const spec = podSpec(w);
      const exc = exceptionFor(nameOf(w));
      const grants = new Set(exc?.grants ?? []);
      const id = `${w.kind}/${w.metadata.name}`;
      expect(Boolean(spec.hostNetwork), `${id} hostNetwork`).toBe(grants.has('hostNetwork'));
      expect(Boolean(spec.hostPID), `${id} hostPID`).toBe(grants.has('hostPID'));
      expect((spec.volumes ?? []).some((v: any) => v.hostPath), `${id} hostPath`).toBe(grants.has('hostPath'));
      expect(spec.securityContext.seccompProfile.type, id).toBe('RuntimeDefault');
      if (!grants.has('runAsUser=0')) {
        expect(spec.securityContext.runAsNonRoot, id).toBe(true);
        expect(spec.securityContext.runAsUser, id).toBeGreaterThan(0);
      }
      for (const c of spec.containers) {
        const sc = c.securityContext;
        expect(sc.allowPrivilegeEscalation, `${id}/${c.name}`).toBe(false);
        expect(sc.capabilities.drop, `${id}/${c.name}`).toEqual(['ALL']);
        expect(sc.capabilities.add, `${id}/${c.name}`).toBeUndefined();
        expect(sc.privileged, `${id}/${c.name}`).toBeUndefined();
        expect(sc.readOnlyRootFilesystem, `${id}/${c.name}`).toBe(true);
        if (sc.runAsUser === 0) expect(grants.has('runAsUser=0'), `${id}/${c.name} runs as root`).toBe(true);
        expect(c.ports?.some((p: any) => p.hostPort) ?? false, `${id}/${c.name} hostPort`).toBe(grants.has('hostPort'));
      }
    }
    for (const e of SECURITY_EXCEPTIONS.filter((x) => x.namespace === 'monitoring')) {
      expect(e.reason.length, e.workload).toBeGreaterThan(40);
      expect(workloads.some((w) => nameOf(w) === e.workload), `exception ${e.workload} matches no workload`).toBe(true);
    }
    expect(podSecurityLevel('monitoring')).toBe('privileged');
  });

  it('Prometheus, Alertmanager and Grafana pods run restricted too', () => {
    for (const kind of ['Prometheus', 'Alertmanager']) {
      const [cr] = byKind(ms, kind) as any[];
      expect(cr.spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(cr.spec.resources.requests.memory).toBeDefined();
      expect(cr.spec.resources.limits.memory).toBeDefined();
    }
    const [g] = byKind(ms, 'Grafana') as any[];
    const pod = g.spec.deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(pod.containers[0].livenessProbe && pod.containers[0].readinessProbe && pod.containers[0].resources.limits).toBeTruthy();
  });

  it('every pod but the node agents lands on the MONITORING pool; node agents run on every node', () => {
    for (const w of workloads) {
      const spec = podSpec(w);
      if (w.kind === 'DaemonSet') {
        expect(spec.tolerations, w.metadata.name).toEqual([{ operator: 'Exists' }]);
        expect(spec.affinity, w.metadata.name).toBeUndefined();
      } else {
        expect(requiredPool(spec.affinity), `${w.kind}/${w.metadata.name}`).toEqual([monitoringPool]);
      }
    }
    for (const kind of ['Prometheus', 'Alertmanager']) expect(requiredPool((byKind(ms, kind)[0] as any).spec.affinity)).toEqual([monitoringPool]);
    expect(requiredPool((byKind(ms, 'Grafana')[0] as any).spec.deployment.spec.template.spec.affinity)).toEqual([monitoringPool]);
  });

  it('replicas fit the MONITORING pool (one per node) and every replicated component has a PDB keeping a majority', () => {
    const nodes = env.topology.nodesOf('MONITORING').length;
    const pdbs = byKind(ms, 'PodDisruptionBudget') as any[];
    const replicated: Array<{ name: string; replicas: number; selector: Record<string, string> }> = [
      ...workloads.filter((w) => w.kind !== 'DaemonSet').map((w) => ({ name: w.metadata.name, replicas: w.spec.replicas, selector: w.spec.selector.matchLabels })),
      ...['Prometheus', 'Alertmanager'].map((k) => { const cr = byKind(ms, k)[0] as any; return { name: k, replicas: cr.spec.replicas, selector: cr.spec.podMetadata.labels }; }),
    ];
    for (const r of replicated) {
      expect(r.replicas, r.name).toBeLessThanOrEqual(nodes);
      const pdb = pdbs.find((p) => Object.entries(p.spec.selector.matchLabels).every(([k, v]) => r.selector[k] === v));
      if (r.replicas > 1) {
        expect(pdb, `${r.name} has no PDB`).toBeDefined();
        const min = pdb.spec.minAvailable ?? r.replicas - pdb.spec.maxUnavailable;
        expect(min, r.name).toBeGreaterThan(r.replicas / 2 - 1);
        expect(min, r.name).toBeLessThan(r.replicas);
      } else {
        expect(pdb, `${r.name}: a single replica must not have a PDB (it could never be drained)`).toBeUndefined();
      }
    }
  });

  it('requests of everything fit the namespace ResourceQuota', () => {
    const nodes = env.topology.nodes.length;
    let cpu = 0, mem = 0, lcpu = 0, lmem = 0, pods = 0;
    const add = (res: any, n: number) => {
      cpu += parseQuantity(res.requests.cpu) * n; mem += parseQuantity(res.requests.memory) * n;
      lcpu += parseQuantity(res.limits.cpu) * n; lmem += parseQuantity(res.limits.memory) * n;
    };
    for (const w of workloads) {
      const n = w.kind === 'DaemonSet' ? nodes : w.spec.replicas;
      pods += n;
      for (const c of podSpec(w).containers) add(c.resources, n);
    }
    for (const k of ['Prometheus', 'Alertmanager']) { const cr = byKind(ms, k)[0] as any; add(cr.spec.resources, cr.spec.replicas); pods += cr.spec.replicas; }
    const q = env.namespaces.monitoring.quota;
    expect(cpu).toBeLessThanOrEqual(parseQuantity(q.requestsCpu));
    expect(mem).toBeLessThanOrEqual(parseQuantity(q.requestsMemory));
    expect(lcpu).toBeLessThanOrEqual(parseQuantity(q.limitsCpu));
    expect(lmem).toBeLessThanOrEqual(parseQuantity(q.limitsMemory));
    expect(pods).toBeLessThanOrEqual(q.pods);
  });

  it('default-deny plus explicit allows: every pod is selected by an allow policy, none allows everything', () => {
    const policies = byKind(ms, 'NetworkPolicy') as any[];
    expect(policies.find((p) => p.metadata.name === 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const allows = policies.filter((p) => p.metadata.name.startsWith('allow-') && p.metadata.name !== 'allow-dns');
    const podLabels = [
      ...workloads.filter((w) => !podSpec(w).hostNetwork).map((w) => w.spec.template.metadata.labels),
      ...['Prometheus', 'Alertmanager'].map((k) => (byKind(ms, k)[0] as any).spec.podMetadata.labels),
      (byKind(ms, 'Grafana')[0] as any).spec.deployment.spec.template.metadata.labels,
    ];
    for (const labels of podLabels) {
      const selected = allows.filter((p) => Object.entries(p.spec.podSelector.matchLabels).every(([k, v]) => labels[k] === v));
      expect(selected.length, `no allow policy for ${labels['app.kubernetes.io/name']}`).toBeGreaterThan(0);
    }
    for (const p of allows) {
      expect(p.spec.podSelector.matchLabels, p.metadata.name).toBeDefined();
      for (const rule of [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]) {
        // Every rule names its peers or its ports; an empty rule would allow everything.
        expect(Boolean(rule.from?.length || rule.to?.length || rule.ports?.length), `${p.metadata.name}: ${JSON.stringify(rule)}`).toBe(true);
      }
      const flat = JSON.stringify(p.spec);
      if (flat.includes('0.0.0.0/0')) for (const rule of p.spec.egress.filter((r: any) => JSON.stringify(r).includes('0.0.0.0/0'))) expect(rule.ports?.length, p.metadata.name).toBeGreaterThan(0);
    }
    const flows = (name: string) => JSON.stringify(allows.find((p) => p.metadata.name === `allow-${name}`).spec);
    expect(flows('prometheus')).toContain(JSON.stringify(MONITORED_NAMESPACE_LABELS).slice(1, -1));
    expect(flows('prometheus')).toContain('10250');
    expect(flows('alertmanager')).toContain('9094');
    expect(flows('grafana')).toContain('9090');
    expect(flows('alloy')).toContain(env.monitoring.loki.mode === 'distributed' ? '8080' : '3100');
  });

  it('renders no Secret, and no value that looks like a credential', () => {
    for (const layer of ['monitoring-core', 'mojaloop']) expect(byKind(objects(envName, layer), 'Secret')).toEqual([]);
    for (const [file, text] of renderedFiles(envName)) {
      expect(text, file).not.toMatch(/^kind: Secret\b/m);
      expect(text, file).not.toMatch(/\b(password|secret_access_key|api_key|routing_key|token):[ \t]+[^\s${][^\s]*/i);
    }
  });

  it('the README lists every Secret the stack references, and where it comes from', () => {
    const readme = renderedFiles(envName).get('README.md')!;
    const { layers } = buildEnvironment(env);
    const secrets = requiredSecrets(layers[0]);
    expect(secrets.find((s) => s.name === 'grafana-admin')).toMatchObject({ namespace: 'monitoring-core' });
    expect(secrets.find((s) => s.name === 'grafana-admin')?.bootstrap).toBeUndefined();
    for (const s of secrets) expect(readme).toContain(`\`${s.name}\``);
    if (env.monitoring.loki.objectStorage) expect(readme).toContain(env.monitoring.loki.objectStorage.secret);
  });

  it('scrapes the k3s process once: the kubelet endpoint, no apiserver/scheduler/controller-manager/kube-proxy monitors', () => {
    const monitors = [...byKind(ms, 'ServiceMonitor'), ...byKind(ms, 'PodMonitor')] as any[];
    for (const m of monitors) expect(m.metadata.labels).toMatchObject(MONITORING_SELECTOR_LABELS);
    const names = monitors.map((m) => m.metadata.name).join(' ');
    expect(names).not.toMatch(/apiserver|scheduler|controller-manager|kube-proxy|coredns-k3s/);
    const kubelet = monitors.find((m) => m.metadata.name === 'kubelet');
    expect(kubelet.spec.endpoints.map((e: any) => e.path)).toEqual(['/metrics', '/metrics/cadvisor', '/metrics/probes']);
    expect(kubelet.spec.namespaceSelector.matchNames).toEqual(['kube-system']);
    const ports = monitors.flatMap((m) => (m.spec.endpoints ?? []).map((e: any) => e.targetPort ?? e.port));
    expect(ports).not.toContain(6443);
  });

  it('Prometheus selects by the contract label in labelled namespaces, with cluster and environment external labels', () => {
    const [p] = byKind(ms, 'Prometheus') as any[];
    for (const k of ['serviceMonitor', 'podMonitor', 'rule', 'scrapeConfig', 'probe']) {
      expect(p.spec[`${k}Selector`], k).toEqual({ matchLabels: MONITORING_SELECTOR_LABELS });
      expect(p.spec[`${k}NamespaceSelector`], k).toEqual({ matchLabels: MONITORED_NAMESPACE_LABELS });
    }
    expect(p.spec.externalLabels).toEqual({ cluster: env.cluster.name, environment: env.name });
    expect(p.spec.retention).toBe(env.monitoring.prometheus.retention);
    expect(p.spec.retentionSize).toBe(env.monitoring.prometheus.retentionSize);
    expect(p.spec.storage.volumeClaimTemplate.spec.resources.requests.storage).toBe(env.monitoring.prometheus.storage);
    expect(p.spec.image).toBe(IMAGES.prometheus);
    expect(p.metadata.annotations['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
    const ns = byKind(objects(env.name, 'namespaces'), 'Namespace').find((n) => n.metadata.name === env.namespaces.monitoring.name)!;
    expect(ns.metadata.labels).toMatchObject(MONITORED_NAMESPACE_LABELS);
  });

  it('Grafana: pinned image, admin credentials from a Secret, anonymous access only in dev, datasources and folders bound to it', () => {
    const [g] = byKind(ms, 'Grafana') as any[];
    expect(g.metadata.labels).toMatchObject(GRAFANA_INSTANCE_LABELS);
    expect(g.spec.version).toBe(IMAGES.grafana);
    expect(g.spec.config['auth.anonymous'].enabled).toBe(env.stage === 'dev' ? 'true' : 'false');
    const envs = g.spec.deployment.spec.template.spec.containers[0].env;
    expect(envs.map((e: any) => e.valueFrom.secretKeyRef.name)).toEqual(['grafana-admin', 'grafana-admin']);
    const ds = byKind(ms, 'GrafanaDatasource') as any[];
    expect(ds.map((d) => d.spec.datasource.type).sort()).toEqual(['alertmanager', 'loki', 'prometheus']);
    for (const d of [...ds, ...byKind(ms, 'GrafanaFolder'), ...byKind(ms, 'GrafanaDashboard')] as any[]) {
      expect(d.spec.instanceSelector, d.metadata.name).toEqual({ matchLabels: GRAFANA_INSTANCE_LABELS });
    }
    const dashboards = byKind(ms, 'GrafanaDashboard') as any[];
    expect(dashboards.filter((d) => d.spec.grafanaCom).map((d) => d.spec.grafanaCom)).toEqual([{ id: 1860, revision: 37 }, { id: 19105, revision: 3 }]);
    const overview = JSON.parse(dashboards.find((d) => d.metadata.name === 'cluster-overview').spec.json);
    expect(overview.panels.length).toBeGreaterThan(10);
    expect(JSON.stringify(overview)).not.toContain(env.namespaces.mojaloop.name + '"');
  });

  it('Loki: schema v13 on tsdb, never simple-scalable; object storage from a Secret when distributed', () => {
    const cm = byKind(ms, 'ConfigMap').find((m) => m.metadata.name === 'loki-config') as any;
    const cfg = cm.data['config.yaml'];
    expect(cfg).toContain('schema: v13');
    expect(cfg).toContain('store: tsdb');
    const targets = workloads.filter((w) => nameOf(w) === 'loki').map((w) => podSpec(w).containers[0].args.find((a: string) => a.startsWith('-target=')));
    for (const t of targets) expect(t).not.toMatch(/=(read|write|backend)$/);
    if (env.monitoring.loki.mode === 'distributed') {
      expect(cfg).toContain('access_key_id: ${AWS_ACCESS_KEY_ID}');
      const ingester = workloads.find((w) => w.metadata.name === 'loki-ingester');
      expect(podSpec(ingester).containers[0].args).toContain('-config.expand-env=true');
      expect(podSpec(ingester).containers[0].envFrom).toEqual([{ secretRef: { name: env.monitoring.loki.objectStorage!.secret } }]);
    } else {
      expect(cfg).toContain('filesystem');
      expect(targets).toEqual(['-target=all']);
    }
  });

  it('volume claim templates carry no version label (they cannot change in place: an upgrade must not touch them)', () => {
    const templates = [
      ...byKind(ms, 'StatefulSet').flatMap((m: any) => m.spec.volumeClaimTemplates ?? []),
      ...[...byKind(ms, 'Prometheus'), ...byKind(ms, 'Alertmanager')].map((m: any) => m.spec.storage.volumeClaimTemplate),
    ];
    expect(templates.length).toBeGreaterThan(2);
    for (const t of templates) {
      expect(t.metadata.labels['app.kubernetes.io/name']).toBeDefined();
      expect(t.metadata.labels['app.kubernetes.io/version']).toBeUndefined();
    }
  });

  it('Alloy: DaemonSet with the pipeline in a ConfigMap, positions on the node, the Mojaloop line parsed', () => {
    const cm = byKind(ms, 'ConfigMap').find((m) => m.metadata.name === 'alloy') as any;
    const cfg: string = cm.data['config.alloy'];
    for (const l of ['namespace', 'pod', 'container', 'app', 'node']) expect(cfg).toContain(`target_label  = "${l}"`);
    expect(cfg).toContain('discovery.kubernetes "pods"');
    expect(cfg).toContain('loki.source.file "pods"');
    expect(cfg).toContain('stage.regex');
    // What the Mojaloop stages extract from real lines: test/alloy-pipeline.test.ts.
    expect(cfg).toContain('stage.multiline');
    const ds = workloads.find((w) => w.metadata.name === 'alloy');
    expect(ds.kind).toBe('DaemonSet');
    expect(podSpec(ds).volumes).toContainEqual({ name: 'data', hostPath: { path: '/var/lib/alloy', type: 'DirectoryOrCreate' } });
  });

  it('node-exporter has the md/RAID collector on', () => {
    const ds = workloads.find((w) => w.metadata.name === 'node-exporter');
    expect(podSpec(ds).containers[0].args).toContain('--collector.mdadm');
  });
});

describe('per-stage shapes', () => {
  const count = (env: string, kind: string, name: string) => (byKind(objects(env, LAYER), kind).find((m) => m.metadata.name === name) as any)?.spec.replicas;
  it('prod: Prometheus x2, Alertmanager x3, distributed Loki with 3 ingesters on object storage', () => {
    expect(count('prod', 'Prometheus', 'core')).toBe(2);
    expect(count('prod', 'Alertmanager', 'core')).toBe(3);
    expect(count('prod', 'StatefulSet', 'loki-ingester')).toBe(3);
    const cfg = (byKind(objects('prod', LAYER), 'ConfigMap').find((m) => m.metadata.name === 'loki-config') as any).data['config.yaml'];
    expect(cfg).toContain('replication_factor: 3');
    expect(cfg).toContain('object_store: s3');
    for (const t of ['distributor', 'querier', 'query-frontend', 'query-scheduler', 'index-gateway', 'compactor', 'gateway']) {
      expect(objects('prod', LAYER).some((m) => m.metadata.name === `loki-${t}` && WORKLOADS.includes(m.kind)), t).toBe(true);
    }
    expect(objects('prod', LAYER).some((m) => m.metadata.name === 'loki' && m.kind === 'StatefulSet')).toBe(false);
  });
  it('dev: single replicas and a monolithic Loki on a volume', () => {
    expect(count('dev', 'Prometheus', 'core')).toBe(1);
    expect(count('dev', 'Alertmanager', 'core')).toBe(1);
    const loki = byKind(objects('dev', LAYER), 'StatefulSet').find((m) => m.metadata.name === 'loki') as any;
    expect(loki.spec.replicas).toBe(1);
    expect(loki.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe(environment('dev').monitoring.loki.storage);
    expect(objects('dev', LAYER).some((m) => m.metadata.name === 'loki-ingester')).toBe(false);
    for (const w of objects('dev', LAYER).filter((m: Manifest) => ['Deployment', 'StatefulSet'].includes(m.kind)) as any[]) expect(w.spec.replicas, w.metadata.name).toBe(1);
  });
});
