// charts/sync/upstream-workloads.ts against the real rendering at the pinned
// versions, in every environment (and staging under Argo CD, whose HA
// install no bundled environment runs): the Helm-chart sources as helm
// template of tools/helm renders them with the values dist/ carries
// (scripts/e2e/helm.ts), the bundles and the sync tool's own install as the
// real kustomize builds them with the rendered patches
// (scripts/e2e/upstream-bundles.ts). Per workload: kind, namespace, name,
// replicas, the requests of every container, the required pool labels, the
// nodeSelector, the tolerations, one pod per node and the blocking spreads,
// which is all the capacity check and the scheduler's filters read. Bundles
// no reachable registry serves cannot be rendered here: their entries say
// so (`unverified`) and the test lists them.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV_NAMES, environment, objects } from './support/bundled';
import { parseEnvironment } from '../charts/environment/load';
import type { Environment } from '../charts/environment/environment';
import { renderLayers, type Manifest } from '../charts/render';
import { podGroupsOf } from '../charts/environment/pod-groups';
import { upstreamInstalls, workloadObject, type UpstreamInstall } from '../charts/sync/upstream-workloads';
import { UPSTREAM_SOURCES } from '../charts/sync/upstream';
import { ARGOCD_SELF } from '../charts/sync/argocd-self';
import { fluxReleases, sourceOfRelease, type RenderedRelease } from '../scripts/e2e/helm';
import { releaseObjects } from './support/helm-release';
import { buildArgoKustomizeApp, buildFluxUnit, type BundleBuild, type FluxUnit } from '../scripts/e2e/upstream-bundles';
import { toolBin } from '../scripts/e2e/tools';
import type { KubeObject } from '../scripts/e2e/kube';

const BUILD_TIMEOUT = 15 * 60_000;
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'Job', 'DaemonSet']);

let helm: string;
let kustomize: string;
beforeAll(() => {
  helm = path.join(toolBin('helm'), 'helm');
  kustomize = path.join(toolBin('kustomize'), 'kustomize');
});

/** The environments checked: the bundled ones and staging under Argo CD (production-like: the HA install). */
const STAGING_ARGO = 'staging (Argo CD)';
const variants = new Map<string, { env: Environment; objects: Manifest[] }>();
function subject(name: string): { env: Environment; objects: Manifest[] } {
  if (ENV_NAMES.includes(name)) return { env: environment(name), objects: objects(name) };
  if (!variants.has(name)) {
    const file = path.join(import.meta.dirname, '..', 'environments', 'staging.yaml');
    const text = fs.readFileSync(file, 'utf8').replace('sync:\n  repository:', 'sync:\n  tool: argocd\n  repository:');
    const env = parseEnvironment(text, 'staging', 'environments/staging.yaml');
    expect(env.sync.tool).toBe('argocd');
    variants.set(name, { env, objects: renderLayers(env).layers.flatMap((l) => l.objects.map((o) => o.manifest)) });
  }
  return variants.get(name)!;
}

const id = (o: any): string => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;

/** What the scheduler's filters and the capacity check read of one workload. */
function view(o: any): Record<string, unknown> {
  const spec = o.spec.template.spec;
  const [g] = podGroupsOf(o);
  const containers = (cs: any[] | undefined) => (cs ?? []).map((c) => ({ name: c.name, requests: c.resources?.requests ?? {} }));
  return {
    replicas: g.replicas,
    containers: containers(spec.containers),
    initContainers: containers(spec.initContainers),
    requiredLabels: g.requiredLabels,
    nodeSelector: spec.nodeSelector ?? {},
    tolerations: spec.tolerations ?? [],
    onePerNode: g.onePerNode,
    spread: g.spread,
  };
}

interface Rendered { workloads: any[]; unavailable: Array<{ unit: string; why: string }> }

/** The Flux units of upstream sources (flux2's `flux install` artifact, the operator bundles), from the rendered objects. */
function fluxUnits(objs: Manifest[]): FluxUnit[] {
  const sources = new Map(objs.filter((o) => ['GitRepository', 'OCIRepository'].includes(o.kind)).map((o) => [`${o.kind}/${o.metadata.name}`, o]));
  return objs.filter((o) => o.kind === 'Kustomization' && o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/'))
    .map((k: any) => ({ kustomization: k, source: sources.get(`${k.spec.sourceRef.kind}/${k.spec.sourceRef.name}`), file: `Kustomization ${k.metadata.name}` }))
    .filter((u) => u.source && !String(u.kustomization.spec.path).replace(/^\.\//, '').startsWith('dist/'));
}

/** Helm releases as dist/ declares them: Flux's HelmReleases, Argo CD's Applications of a Helm-chart source. */
function releases(objs: Manifest[]): RenderedRelease[] {
  const flux = fluxReleases(objs as KubeObject[], (o) => `HelmRelease ${o.metadata.name}`);
  const argo = objs.filter((a: any) => a.kind === 'Application' && a.spec.source?.chart && sourceOfRelease({ chart: a.spec.source.chart, version: a.spec.source.targetRevision }))
    .map((a: any) => ({ chart: a.spec.source.chart, version: a.spec.source.targetRevision, releaseName: a.spec.source.helm.releaseName, namespace: a.spec.destination.namespace, values: a.spec.source.helm.valuesObject, file: `Application ${a.metadata.name}` }));
  return [...flux, ...argo];
}

function collect(builds: BundleBuild[]): Rendered {
  return {
    workloads: builds.flatMap((b) => ('objects' in b ? b.objects.filter((o) => WORKLOADS.has(o?.kind)) : [])),
    unavailable: builds.filter((b): b is Extract<BundleBuild, { unavailable: string }> => 'unavailable' in b).map((b) => ({ unit: b.unit, why: b.unavailable })),
  };
}

/** Every upstream workload of an environment as the real programs render it. */
function render(objs: Manifest[], edit: { values?: (r: RenderedRelease) => RenderedRelease; unit?: (u: any) => any } = {}): Rendered {
  const charts: BundleBuild[] = releases(objs).map((r) => ({ unit: r.file, origin: `helm template ${r.chart} ${r.version}`, objects: releaseObjects(helm, edit.values ? edit.values(structuredClone(r)) : r) }));
  const apps = objs.filter((a: any) => a.kind === 'Application');
  const bundles: BundleBuild[] = [
    ...fluxUnits(objs).map((u) => buildFluxUnit(kustomize, edit.unit ? { ...u, kustomization: edit.unit(structuredClone(u.kustomization)) } : u)),
    // Argo CD's own install and the kustomize bundles that run an operator.
    ...apps.filter((a: any) => a.spec.source.path && (a.metadata.name === ARGOCD_SELF || UPSTREAM_SOURCES.some((s) => s.name === a.metadata.name && s.workloads?.length)))
      .map((a: any) => buildArgoKustomizeApp(kustomize, edit.unit ? edit.unit(structuredClone(a)) : a)),
    // Operators Argo CD installs from a chart no registry here serves (upstream.ts argoHelm).
    ...apps.filter((a: any) => a.spec.source.chart && !sourceOfRelease({ chart: a.spec.source.chart, version: a.spec.source.targetRevision }))
      .map((a: any) => ({ unit: a.metadata.name, unavailable: `chart ${a.spec.source.chart} ${a.spec.source.targetRevision} of ${a.spec.source.repoURL}: no registry here serves it` })),
  ];
  return collect([...charts, ...bundles]);
}

/** JSON with object keys sorted: the same value, whichever order a program wrote its keys in. */
const canon = (v: unknown): string => JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/** Where the declared workloads and the rendered ones differ (empty: they agree). */
function differences(installs: UpstreamInstall[], rendered: Rendered): string[] {
  const declared = new Map(installs.filter((i) => !i.unverified).flatMap((i) => i.workloads.map((w) => [id(workloadObject(i.source, w)), workloadObject(i.source, w)] as const)));
  const unverified = new Set(installs.filter((i) => i.unverified).flatMap((i) => i.workloads.map((w) => id(workloadObject(i.source, w)))));
  const out: string[] = [];
  for (const o of rendered.workloads) {
    const key = id(o);
    const d = declared.get(key);
    if (!d) {
      out.push(`${key}: rendered, but ${unverified.has(key) ? 'declared unverified' : 'not declared'} in charts/sync/upstream-workloads.ts`);
      continue;
    }
    const [want, got] = [view(d), view(o)];
    for (const field of Object.keys(got)) {
      if (canon(want[field]) !== canon(got[field])) out.push(`${key}: ${field}: declared ${canon(want[field])}, rendered ${canon(got[field])}`);
    }
    declared.delete(key);
  }
  for (const key of declared.keys()) out.push(`${key}: declared, but the rendering has no such workload`);
  return out.sort();
}

/** The workloads declared unverified, and the units that could not be rendered, with the source they belong to. */
const unverifiedOf = (installs: UpstreamInstall[]) => installs.filter((i) => i.unverified).flatMap((i) => i.workloads.map((w) => `${i.source}: ${w.kind} ${w.namespace}/${w.name}`)).sort();

const FLUX_UNVERIFIED = [
  'flux-system: Deployment flux-system/notification-controller',
  'pxc-operator: Deployment pxc-operator/percona-xtradb-cluster-operator',
  'redis-operator: Deployment redis-operator-system/redis-operator-redis-operator',
  'strimzi-cluster-operator: Deployment strimzi/strimzi-cluster-operator',
];
const ARGO_UNVERIFIED = [
  'psmdb-operator: Deployment psmdb-operator/psmdb-operator',
  'pxc-operator: Deployment pxc-operator/pxc-operator',
  'redis-operator: Deployment redis-operator-system/redis-operator-redis-operator',
  'strimzi-cluster-operator: Deployment strimzi/strimzi-cluster-operator',
];

describe.each([...ENV_NAMES, STAGING_ARGO])('%s: the upstream workloads as declared are the ones the pinned sources render', (name) => {
  it('every workload, replicas, per-container requests, pool labels, tolerations', () => {
    const { env, objects: objs } = subject(name);
    const installs = upstreamInstalls(env);
    const rendered = render(objs);
    expect(differences(installs, rendered)).toEqual([]);
    // What cannot be compared here, said so: exactly these workloads, and no unit but theirs is unavailable.
    expect(unverifiedOf(installs)).toEqual(env.sync.tool === 'argocd' ? ARGO_UNVERIFIED : FLUX_UNVERIFIED);
    const unverifiedSources = new Set(installs.filter((i) => i.unverified).map((i) => i.source));
    for (const u of rendered.unavailable) expect(unverifiedSources.has(u.unit), `${u.unit}: ${u.why}`).toBe(true);
    // Every install names where its figures come from.
    for (const i of installs) expect(i.from, i.source).toMatch(/\S/);
    // Most of it is proven: the helm charts and the sync tool's install at least.
    expect(rendered.workloads.length).toBeGreaterThanOrEqual(env.sync.tool === 'argocd' ? 16 : 13);
  }, BUILD_TIMEOUT);
});

describe('the comparison fails when a value or patch changes the workloads without the data following', () => {
  it('a chart value: cert-manager\'s webhook replicas, Vault\'s CPU request (prod)', () => {
    const { env, objects: objs } = subject('prod');
    const rendered = render(objs, {
      values: (r) => {
        const v = r.values as any;
        if (r.chart === 'cert-manager') v.webhook.replicaCount = 2;
        if (r.chart === 'vault') v.server.resources.requests.cpu = '500m';
        return r;
      },
    });
    expect(differences(upstreamInstalls(env), rendered)).toEqual([
      'Deployment cert-manager/cert-manager-webhook: replicas: declared 3, rendered 2',
      'StatefulSet vault/vault: containers: declared [{"name":"vault","requests":{"cpu":"250m","memory":"256Mi"}}], rendered [{"name":"vault","requests":{"cpu":"500m","memory":"256Mi"}}]',
    ]);
  }, BUILD_TIMEOUT);

  it('a bundle patch: requests of source-controller, the PSMDB operator without its placement (prod)', () => {
    const { env, objects: objs } = subject('prod');
    const rendered = render(objs, {
      unit: (k) => {
        if (k.metadata.name === 'flux-system') {
          k.spec.patches.push({ target: { kind: 'Deployment', name: 'source-controller' }, patch: '- op: replace\n  path: /spec/template/spec/containers/0/resources/requests/cpu\n  value: 200m\n' });
        }
        if (k.metadata.name === 'psmdb-operator') k.spec.patches = k.spec.patches.filter((p: any) => !/K3S-CLUSTER-SVCS/.test(p.patch));
        return k;
      },
    });
    expect(differences(upstreamInstalls(env), rendered)).toEqual([
      'Deployment flux-system/source-controller: containers: declared [{"name":"manager","requests":{"cpu":"50m","memory":"64Mi"}}], rendered [{"name":"manager","requests":{"cpu":"200m","memory":"64Mi"}}]',
      'Deployment psmdb-operator/percona-server-mongodb-operator: requiredLabels: declared {"workload-class.mojaloop.io/K3S-CLUSTER-SVCS":"enabled"}, rendered {}',
      'Deployment psmdb-operator/percona-server-mongodb-operator: tolerations: declared [{"effect":"NoSchedule","key":"workload-class.mojaloop.io/K3S-CLUSTER-SVCS","operator":"Equal","value":"enabled"}], rendered []',
    ]);
  }, BUILD_TIMEOUT);

  it('Argo CD\'s non-HA install where the data expects HA (staging under Argo CD)', () => {
    const { env, objects: objs } = subject(STAGING_ARGO);
    const rendered = render(objs, {
      unit: (a) => (a.metadata.name === ARGOCD_SELF ? { ...a, spec: { ...a.spec, source: { ...a.spec.source, path: 'manifests/cluster-install' } } } : a),
    });
    expect(differences(upstreamInstalls(env), rendered)).toEqual([
      'Deployment argocd/argocd-redis-ha-haproxy: declared, but the rendering has no such workload',
      'Deployment argocd/argocd-redis: rendered, but not declared in charts/sync/upstream-workloads.ts',
      'Deployment argocd/argocd-repo-server: onePerNode: declared true, rendered false',
      'Deployment argocd/argocd-repo-server: replicas: declared 2, rendered 1',
      'Deployment argocd/argocd-server: onePerNode: declared true, rendered false',
      'Deployment argocd/argocd-server: replicas: declared 2, rendered 1',
      'StatefulSet argocd/argocd-redis-ha-server: declared, but the rendering has no such workload',
    ]);
  }, BUILD_TIMEOUT);
});

describe('every upstream source that runs pods has its workloads declared', () => {
  it('each source with an operator or a chart, and the sync tool, in each environment', () => {
    for (const name of ENV_NAMES) {
      const env = environment(name);
      const declared = new Set(upstreamInstalls(env).map((i) => i.source));
      const running = UPSTREAM_SOURCES.filter((s) => s.controller === 'upstream' && (s.workloads?.length || s.helm)).map((s) => s.name);
      expect([...declared].sort(), name).toEqual([...running, env.sync.tool === 'argocd' ? ARGOCD_SELF : 'flux-system'].sort());
    }
  });
});
