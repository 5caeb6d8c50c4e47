import { describe, expect, it } from 'vitest';
import { ENV_NAMES, environment, objects, renderedFiles, byKind, parseYaml } from './support/bundled';
import type { Manifest } from '../charts/render';
import { isPruneProtected } from '../charts/lib/prune';
import { BUILTIN_GROUPS, groupOf, providerOf, UPSTREAM_SOURCES } from '../charts/sync/upstream';
import { syncPlan } from '../charts/sync/plan';
import { VAULT_TLS_SECRET } from '../charts/cluster-services/vault';
import { LayerChart } from '../charts/lib/layer';
import { App, ApiObject } from 'cdk8s';

/** Kinds that hold data: pruning one of them loses data. */
const DATA_KINDS = new Set(['PersistentVolumeClaim', 'Namespace', 'PerconaXtraDBCluster', 'PerconaServerMongoDB', 'Kafka', 'KafkaNodePool', 'KafkaTopic', 'RedisCluster', 'RedisReplication', 'RedisSentinel']);
const holdsData = (m: Manifest): boolean =>
  DATA_KINDS.has(m.kind) || (m.kind === 'StatefulSet' && ((m as any).spec?.volumeClaimTemplates?.length ?? 0) > 0);

const layerFolders = (env: string) => [...new Set([...renderedFiles(env).keys()].filter((p) => p.endsWith('/kustomization.yaml')).map((p) => p.split('/')[0]))];
const HELM_SOURCES = UPSTREAM_SOURCES.filter((s) => s.helm);
/** Folders of our own layers (not the sync tool's, not a Helm-chart source's HelmRelease). */
const ourLayers = (env: string, tool: string) => layerFolders(env).filter((l) => l !== tool && !HELM_SOURCES.some((s) => s.name === l));
const customKinds = (ms: Manifest[]) => [...new Map(ms.filter((m) => !BUILTIN_GROUPS.has(groupOf(m.apiVersion))).map((m) => [`${groupOf(m.apiVersion)}/${m.kind}`, m])).values()];

describe.each(ENV_NAMES)('sync layer of %s', (name) => {
  const env = environment(name);
  const all = objects(name);
  const tool = env.sync.tool;

  it('every data-holding object in every layer is protected from pruning (Flux and Argo CD)', () => {
    const data = all.filter(holdsData);
    expect(data.length).toBeGreaterThan(0);
    for (const m of data) expect(isPruneProtected(m), `${m.kind} ${m.metadata.namespace ?? ''}/${m.metadata.name}`).toBe(true);
  });

  if (tool === 'flux') {
    const ks = byKind(objects(name, 'flux-system'), 'Kustomization') as any[];
    const repos = byKind(objects(name, 'flux-system'), 'GitRepository') as any[];
    const byName = new Map(ks.map((k) => [k.metadata.name, k]));
    const ancestors = (n: string, seen = new Set<string>()): Set<string> => {
      for (const d of byName.get(n)?.spec.dependsOn ?? []) if (!seen.has(d.name)) { seen.add(d.name); ancestors(d.name, seen); }
      return seen;
    };

    it('Kustomizations form an acyclic order over known units', () => {
      for (const k of ks) {
        for (const d of k.spec.dependsOn ?? []) expect(byName.has(d.name), `${k.metadata.name} -> ${d.name}`).toBe(true);
        expect(ancestors(k.metadata.name).has(k.metadata.name), `cycle through ${k.metadata.name}`).toBe(false);
      }
    });

    it('every custom resource kind a layer uses is provided by an upstream Kustomization it depends on', () => {
      for (const layer of ourLayers(name, 'flux-system')) {
        const before = ancestors(layer);
        for (const m of customKinds(objects(name, layer))) {
          const p = providerOf(m.apiVersion, m.kind);
          expect(p, `${layer} uses ${m.kind}: no provider`).toBeDefined();
          expect(before.has(p!.name), `${layer} uses ${m.kind} before ${p!.name}`).toBe(true);
        }
      }
    });

    it('cert-manager -> cluster-pki -> vault -> cluster-services -> monitoring-core -> mojaloop', () => {
      expect(ancestors('cluster-pki')).toEqual(new Set(['namespaces', 'cert-manager']));
      expect(ancestors('vault')).toEqual(new Set(['namespaces', 'cert-manager', 'cluster-pki']));
      expect(ancestors('cluster-services')).toEqual(new Set(['namespaces', 'cert-manager', 'cluster-pki', 'vault', 'external-secrets']));
      expect(ancestors('monitoring-core').has('cluster-services')).toBe(true);
      expect(ancestors('mojaloop').has('monitoring-core')).toBe(true);
      expect(ancestors('monitoring-core').has('mojaloop')).toBe(false);
      for (const s of UPSTREAM_SOURCES) expect(ancestors(s.name).has('monitoring-core') || ancestors(s.name).has('mojaloop')).toBe(false);
    });

    it('every Kustomization of ours points at an existing dist/ folder, and every folder is synced', () => {
      const ours = ks.filter((k) => k.spec.sourceRef.name === 'mojaloop-gitops');
      for (const k of ours) {
        const m = /^\.\/dist\/([^/]+)\/([^/]+)$/.exec(k.spec.path);
        expect(m, k.spec.path).not.toBeNull();
        expect(m![1]).toBe(name);
        expect(renderedFiles(name).has(`${m![2]}/kustomization.yaml`), k.spec.path).toBe(true);
      }
      expect(new Set(ours.map((k) => k.spec.path.split('/')[3]))).toEqual(new Set(layerFolders(name)));
    });

    it('every Kustomization has prune, wait, timeout, retryInterval and orphans on deletion', () => {
      for (const k of ks) {
        expect(k.spec).toMatchObject({ prune: true, wait: true, deletionPolicy: 'Orphan' });
        expect(k.spec.timeout).toMatch(/^\d+m$/);
        expect(k.spec.retryInterval).toMatch(/^\d+m$/);
      }
    });

    it('upstream Kustomizations keep their CRDs out of pruning and use their pinned source', () => {
      for (const s of UPSTREAM_SOURCES.filter((x) => !x.helm)) {
        const k = byName.get(s.name);
        expect(k.spec.sourceRef).toEqual({ kind: 'GitRepository', name: s.name });
        expect(k.spec.path).toBe(`./${s.path}`);
        const keep = k.spec.patches.find((p: any) => p.target.kind === 'CustomResourceDefinition');
        expect((parseYaml(keep.patch) as any).metadata.annotations['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
        if (s.namespace) expect(k.spec.targetNamespace).toBe(s.namespace);
      }
    });

    it('every upstream source is pinned to a tag (or digest); only this repository follows a branch', () => {
      for (const r of repos) {
        if (r.metadata.name === 'mojaloop-gitops') {
          expect(r.spec.ref).toEqual({ branch: env.sync.repository.branch });
          expect(r.spec.url).toBe(env.sync.repository.url);
          continue;
        }
        expect(Object.keys(r.spec.ref)).toEqual(['tag']);
        expect(r.spec.ref.tag).toMatch(/^v?\d+\.\d+\.\d+$/);
        expect(r.spec.url).toMatch(/^https:\/\/github\.com\//);
      }
      for (const o of byKind(objects(name, 'flux-system'), 'OCIRepository') as any[]) expect(o.spec.ref.digest ?? o.spec.ref.tag).toBeTruthy();
      expect(repos).toHaveLength(UPSTREAM_SOURCES.length - HELM_SOURCES.length + 1);
    });

    it('a Helm-chart source is applied from its own folder: a HelmRepository and a HelmRelease at the exact chart version', () => {
      for (const s of HELM_SOURCES) {
        const k = byName.get(s.name);
        expect(k.spec).toMatchObject({ sourceRef: { kind: 'GitRepository', name: 'mojaloop-gitops' }, path: `./dist/${name}/${s.name}` });
        expect(k.spec.targetNamespace).toBeUndefined();
        const [repo] = byKind(objects(name, s.name), 'HelmRepository') as any[];
        const [release] = byKind(objects(name, s.name), 'HelmRelease') as any[];
        expect(repo.spec.url).toBe(env.mirrors.registry ? expect.stringMatching(/^oci:\/\//) : s.helm!.repository);
        expect(release.spec.chart.spec).toMatchObject({ chart: s.helm!.chart, version: s.helm!.version, sourceRef: { kind: 'HelmRepository', name: repo.metadata.name } });
        expect(release.spec.chart.spec.version).toMatch(/^v?\d+\.\d+\.\d+$/);
        expect(release.spec).toMatchObject({ targetNamespace: s.namespace, storageNamespace: s.namespace, install: { crds: 'CreateReplace' }, upgrade: { crds: 'CreateReplace' }, driftDetection: { mode: 'enabled' } });
      }
    });
  }

  if (tool === 'argocd') {
    const apps = byKind(objects(name, 'argocd'), 'Application') as any[];
    const wave = (n: string) => Number(apps.find((a) => a.metadata.name === n)!.metadata.annotations['argocd.argoproj.io/sync-wave']);
    const [project] = byKind(objects(name, 'argocd'), 'AppProject') as any[];

    it('every custom resource kind a layer uses is provided by an Application in an earlier sync wave', () => {
      for (const layer of ourLayers(name, 'argocd')) {
        for (const m of customKinds(objects(name, layer))) {
          const p = providerOf(m.apiVersion, m.kind);
          expect(p, `${layer} uses ${m.kind}`).toBeDefined();
          expect(wave(p!.name), `${layer} uses ${m.kind}`).toBeLessThan(wave(layer));
        }
      }
      expect(wave('monitoring-core')).toBeLessThan(wave('mojaloop'));
      for (const s of HELM_SOURCES) expect(wave(s.name)).toBeLessThan(wave('cluster-services'));
      expect(wave('cert-manager')).toBeLessThan(wave('cluster-pki'));
      expect(wave('cluster-pki')).toBeLessThan(wave('vault'));
      expect(wave('vault')).toBeLessThan(wave('cluster-services'));
      expect(wave('cluster-services')).toBeLessThan(wave('monitoring-core'));
      // The app of apps, a resource of itself, comes after every other Application (charts/sync/argocd.ts).
      for (const a of apps) if (a.metadata.name !== 'sync') expect(wave(a.metadata.name), a.metadata.name).toBeLessThan(wave('sync'));
      expect(wave('argocd')).toBe(0);
    });

    it('every Application of ours points at an existing dist/ folder, and every folder is synced', () => {
      const ours = apps.filter((a) => a.spec.source.repoURL === env.sync.repository.url);
      for (const a of ours) {
        expect(a.spec.source.path).toMatch(new RegExp(`^dist/${name}/[^/]+$`));
        expect(a.spec.source.targetRevision).toBe(env.sync.repository.branch);
        expect(renderedFiles(name).has(`${a.spec.source.path.split('/')[2]}/kustomization.yaml`)).toBe(true);
      }
      expect(new Set(ours.map((a) => a.spec.source.path.split('/')[2]))).toEqual(new Set(layerFolders(name)));
    });

    it('upstream Applications are pinned to a release, never prune, and apply server-side', () => {
      for (const s of UPSTREAM_SOURCES) {
        const a = apps.find((x) => x.metadata.name === s.name)!;
        expect(a.spec.source.targetRevision).toMatch(/^v?\d+\.\d+\.\d+$/);
        expect(a.spec.syncPolicy.automated.prune).toBe(false);
        expect(a.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
      }
    });

    it('the AppProject admits only this repository, the upstream sources and the namespaces objects land in', () => {
      expect(project.spec.sourceRepos).toContain(env.sync.repository.url);
      expect(project.spec.sourceRepos).not.toContain('*');
      for (const a of apps) {
        expect(a.spec.project).toBe(project.metadata.name);
        expect(project.spec.sourceRepos).toContain(a.spec.source.repoURL);
        expect(project.spec.destinations.map((d: any) => d.namespace)).toContain(a.spec.destination.namespace);
      }
      const namespaces = new Set(all.map((m) => m.metadata.namespace).filter(Boolean));
      for (const ns of namespaces) expect(project.spec.destinations.map((d: any) => d.namespace), ns).toContain(ns);
      const clusterKinds = new Set(all.filter((m) => !m.metadata.namespace).map((m) => `${groupOf(m.apiVersion)}/${m.kind}`));
      for (const k of clusterKinds) expect(project.spec.clusterResourceWhitelist.map((w: any) => `${w.group}/${w.kind}`)).toContain(k);
    });

    it('no Application cascades deletion to its resources', () => {
      for (const a of apps) expect(a.metadata.finalizers).toBeUndefined();
    });
  }
});

describe('sync plan', () => {
  /** The namespaces layer with the given namespaces and a cluster-pki layer that makes Vault's certificate (every plan needs one: Vault mounts it). */
  const base = (env: ReturnType<typeof environment>, app: App, namespaces: string[]) => {
    const ops = new LayerChart(app, 'namespaces', env);
    for (const n of new Set(['cert-manager', 'vault', ...namespaces])) new ApiObject(ops, `ns-${n}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } });
    const pki = new LayerChart(app, 'cluster-pki', env, 'cert-manager');
    new ApiObject(pki, 'vault-tls', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'vault-server-tls', namespace: 'vault' }, spec: { secretName: VAULT_TLS_SECRET } });
    return { ops, pki };
  };

  it('refuses a layer that uses a custom resource kind no upstream source provides', () => {
    const env = environment('prod');
    const app = new App();
    const { ops, pki } = base(env, app, ['mojaloop']);
    const layer = new LayerChart(app, 'mojaloop', env, 'mojaloop');
    new ApiObject(layer, 'bundle', { apiVersion: 'trust.cert-manager.io/v1alpha1', kind: 'Bundle', metadata: { name: 'x', namespace: 'mojaloop' } });
    expect(() => syncPlan(env, ops, [pki, layer])).toThrow(/layer mojaloop uses Bundle \(trust\.cert-manager\.io\/v1alpha1\), which no upstream source provides/);
  });

  it('a layer depends on the source whose namespace it writes into, not only on the sources of its kinds', () => {
    const env = environment('prod');
    const app = new App();
    const { ops, pki } = base(env, app, ['external-secrets']);
    const services = new LayerChart(app, 'cluster-services', env, 'external-secrets');
    new ApiObject(services, 'ca', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'ca', namespace: 'cert-manager' }, spec: { secretName: 'ca' } });
    expect(syncPlan(env, ops, [pki, services]).find((u) => u.name === 'cluster-services')!.dependsOn).toEqual(['cert-manager', 'cluster-pki']);
    new ApiObject(services, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'external-secrets' } });
    expect(syncPlan(env, ops, [pki, services]).find((u) => u.name === 'cluster-services')!.dependsOn).toEqual(['cert-manager', 'external-secrets', 'cluster-pki']);
  });

  it('a source comes after the layer that makes a Secret its pods mount; that layer writes into the source\'s namespace without depending on it', () => {
    const env = environment('prod');
    const app = new App();
    const { ops, pki } = base(env, app, []);
    const plan = syncPlan(env, ops, [pki]);
    const unit = (n: string) => plan.find((u) => u.name === n)!;
    expect(unit('vault').dependsOn).toEqual(['namespaces', 'cluster-pki']);
    expect(unit('cluster-pki').dependsOn).toEqual(['cert-manager', 'namespaces']);
    expect(unit('vault').wave).toBeGreaterThan(unit('cluster-pki').wave);
    // An ExternalSecret's target makes the Secret just as well.
    const app2 = new App();
    const ops2 = new LayerChart(app2, 'namespaces', env);
    for (const n of ['cert-manager', 'vault']) new ApiObject(ops2, n, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } });
    const delivery = new LayerChart(app2, 'delivery', env, 'vault');
    new ApiObject(delivery, 'es', { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'x', namespace: 'vault' }, spec: { target: { name: VAULT_TLS_SECRET } } });
    expect(syncPlan(env, ops2, [delivery]).find((u) => u.name === 'vault')!.dependsOn).toEqual(['namespaces', 'delivery']);
  });

  it('refuses a source whose mounted Secret no layer makes, or that a layer makes in another namespace', () => {
    const env = environment('prod');
    const app = new App();
    const ops = new LayerChart(app, 'namespaces', env);
    for (const n of ['cert-manager', 'vault']) new ApiObject(ops, n, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } });
    const pki = new LayerChart(app, 'cluster-pki', env, 'cert-manager');
    expect(() => syncPlan(env, ops, [pki])).toThrow(/upstream source vault mounts Secret vault\/vault-server-tls, which no layer makes/);
    new ApiObject(pki, 'elsewhere', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'x', namespace: 'cert-manager' }, spec: { secretName: VAULT_TLS_SECRET } });
    expect(() => syncPlan(env, ops, [pki])).toThrow(/upstream source vault mounts Secret vault\/vault-server-tls, which no layer makes/);
  });

  it('refuses a cycle through a mounted Secret: the layer that makes it cannot also need the source', () => {
    const env = environment('prod');
    const app = new App();
    const { ops, pki } = base(env, app, []);
    pki.talksTo.add('vault');
    expect(() => syncPlan(env, ops, [pki])).toThrow(/sync order has a cycle: .*cluster-pki -> vault -> cluster-pki|sync order has a cycle: .*vault -> cluster-pki -> vault/);
  });

  it('a layer comes after the sources it talks to at run time, and may name only upstream sources', () => {
    const env = environment('prod');
    const app = new App();
    const { ops, pki } = base(env, app, []);
    const services = new LayerChart(app, 'cluster-services', env);
    services.talksTo.add('vault');
    expect(syncPlan(env, ops, [pki, services]).find((u) => u.name === 'cluster-services')!.dependsOn).toEqual(['vault', 'cluster-pki']);
    services.talksTo.add('cluster-pki');
    expect(() => syncPlan(env, ops, [pki, services])).toThrow(/layer cluster-services talks to cluster-pki, which is no upstream source/);
  });

  it('derives dependsOn from the kinds a layer uses', () => {
    const env = environment('prod');
    const app = new App();
    const { ops, pki } = base(env, app, ['mojaloop']);
    const layer = new LayerChart(app, 'mojaloop', env, 'mojaloop');
    new ApiObject(layer, 'k', { apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka', metadata: { name: 'kafka', namespace: 'mojaloop' } });
    new ApiObject(layer, 'r', { apiVersion: 'redis.redis.opstreelabs.in/v1beta2', kind: 'RedisReplication', metadata: { name: 'r', namespace: 'mojaloop' } });
    const unit = syncPlan(env, ops, [pki, layer]).find((u) => u.name === 'mojaloop')!;
    expect(unit.dependsOn).toEqual(['redis-operator', 'strimzi-cluster-operator', 'cluster-pki']);
    expect(unit.wave).toBeGreaterThan(2);
  });

  // Flux dry-runs a whole layer first: one object in a namespace that does not exist yet refuses it all (fluxcd/kustomize-controller#1194).
  it('refuses a layer that writes into a namespace only a later layer creates', () => {
    const env = environment('prod');
    const app = new App();
    const { ops: ns, pki } = base(env, app, []);
    const monitoring = new LayerChart(app, 'monitoring-core', env, 'monitoring-core');
    const mojaloop = new LayerChart(app, 'mojaloop', env, 'mojaloop');
    new ApiObject(ns, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring-core' } });
    new ApiObject(mojaloop, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'mojaloop' } });
    new ApiObject(monitoring, 'role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'prometheus', namespace: 'mojaloop' } });
    expect(() => syncPlan(env, ns, [pki, monitoring, mojaloop])).toThrow(/layer monitoring-core writes Role mojaloop\/prometheus, but namespace mojaloop is created neither by that layer nor by a unit it depends on/);
  });

  it('every bundled environment creates each namespace it writes into before (or in) the layer that writes it', () => {
    for (const name of ENV_NAMES) {
      const firstLayer = objects(name, 'namespaces');
      const env = environment(name);
      for (const n of [env.namespaces.monitoring.name, env.namespaces.mojaloop.name]) {
        expect(firstLayer.some((o) => o.kind === 'Namespace' && o.metadata.name === n), `${name}: ${n}`).toBe(true);
      }
    }
  });
});
