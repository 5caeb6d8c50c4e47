// In prod every Deployment, StatefulSet and DaemonSet of the Helm-chart
// sources, as the real chart renders it with our values (helm template of
// tools/helm, from the chart's Go module, scripts/e2e/helm.ts), requires a
// pool (required node affinity on a pool label, or a nodeSelector on one) and
// tolerates the taint of that pool's nodes. Proven on the chart's own output,
// not on our values: a value key the chart ignores would pass a values check.
import { describe, expect, it } from 'vitest';
import { environment, objects } from './support/bundled';
import { fluxReleases, renderRelease, type RenderedRelease } from '../scripts/e2e/helm';
import { releaseObjects } from './support/helm-release';
import { toolBin } from '../scripts/e2e/tools';
import { UPSTREAM_SOURCES } from '../charts/sync/upstream';
import { POOL_LABEL_VALUE } from '../charts/environment/node-pools';
import type { KubeObject } from '../scripts/e2e/kube';
import type { Environment } from '../charts/environment/environment';

const POOL_KEY = /^workload-class\.mojaloop\.io\/(.+)$/;
const HELM_BUILD_TIMEOUT = 15 * 60_000;

/** What is wrong with the placement of each workload: no pool required, or a pool whose nodes' taint it does not tolerate. */
function placementProblems(env: Environment, objs: KubeObject[]): string[] {
  const problems: string[] = [];
  for (const o of objs.filter((x) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(x.kind))) {
    const spec = (o.spec as any).template.spec;
    const id = `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;
    const terms: any[] = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    // Every term must name a pool (terms are ORed: one term without a pool lets the pod anywhere).
    const fromAffinity = terms.length && terms.every((t) => (t.matchExpressions ?? []).some((e: any) => POOL_KEY.test(e.key) && e.operator === 'In' && e.values?.length === 1 && e.values[0] === POOL_LABEL_VALUE))
      ? terms.flatMap((t) => t.matchExpressions.filter((e: any) => POOL_KEY.test(e.key)).map((e: any) => POOL_KEY.exec(e.key)![1]))
      : [];
    const fromSelector = Object.entries(spec.nodeSelector ?? {}).filter(([k, v]) => POOL_KEY.test(k) && v === POOL_LABEL_VALUE).map(([k]) => POOL_KEY.exec(k)![1]);
    const pools = [...new Set([...fromAffinity, ...fromSelector])];
    if (!pools.length) { problems.push(`${id}: requires no pool`); continue; }
    for (const pool of pools) {
      for (const taint of env.topology.nodes.filter((n) => n.labels[`workload-class.mojaloop.io/${pool}`]).flatMap((n) => n.taints)) {
        const tolerated = (spec.tolerations ?? []).some((t: any) => (t.key === taint.key || (!t.key && t.operator === 'Exists'))
          && (t.operator === 'Exists' || t.value === taint.value) && (!t.effect || t.effect === taint.effect));
        if (!tolerated) problems.push(`${id}: requires pool ${pool} but does not tolerate its taint ${taint.key}=${taint.value}:${taint.effect}`);
      }
    }
  }
  return [...new Set(problems)];
}

const releases = (env: string): RenderedRelease[] =>
  UPSTREAM_SOURCES.filter((s) => s.helm).flatMap((s) => fluxReleases(objects(env, s.name) as KubeObject[], () => `dist/${env}/${s.name}`));

describe('Helm-chart sources in prod: placement as the chart renders it', () => {
  const env = environment('prod');

  it('every Deployment, StatefulSet and DaemonSet requires a pool and tolerates its taint', () => {
    const helm = `${toolBin('helm')}/helm`;
    let workloads = 0;
    for (const r of releases('prod')) {
      const rendered = releaseObjects(helm, r);
      workloads += rendered.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind)).length;
      expect(placementProblems(env, rendered), r.chart).toEqual([]);
    }
    // cert-manager's controller, webhook and cainjector; Vault's StatefulSet; External Secrets'
    // controller, webhook and cert-controller; the Envoy Gateway controller.
    expect(workloads).toBe(8);
  }, HELM_BUILD_TIMEOUT);

  it('fails on a copy of the values without placement (the chart then places nothing)', () => {
    const helm = `${toolBin('helm')}/helm`;
    const strip = (v: any): any => {
      if (Array.isArray(v)) return v.map(strip);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'affinity' && k !== 'tolerations').map(([k, x]) => [k, strip(x)]));
      return v;
    };
    for (const r of releases('prod')) {
      const rendered = releaseObjects(helm, { ...r, values: strip(r.values) });
      const problems = placementProblems(env, rendered);
      // Vault's chart keeps its own default anti-affinity, which names no pool.
      expect(problems.length, r.chart).toBeGreaterThan(0);
      expect(problems.every((p) => p.endsWith('requires no pool')), problems.join('\n')).toBe(true);
    }
  }, HELM_BUILD_TIMEOUT);

  it('fails on a workload that requires its pool but does not tolerate the pool\'s taint', () => {
    const helm = `${toolBin('helm')}/helm`;
    const r = releases('prod').find((x) => x.chart === 'vault')!;
    const values = structuredClone(r.values) as any;
    delete values.server.tolerations;
    expect(placementProblems(env, releaseObjects(helm, { ...r, values }))).toEqual([
      'StatefulSet vault/vault: requires pool K3S-CLUSTER-SVCS but does not tolerate its taint workload-class.mojaloop.io/K3S-CLUSTER-SVCS=enabled:NoSchedule',
    ]);
  }, HELM_BUILD_TIMEOUT);
});

describe('Helm-chart sources as e2e renders them (scripts/e2e/helm.ts)', () => {
  it('cert-manager from its module runs the release\'s images, not the module\'s placeholder version v0.0.0', () => {
    const notes: string[] = [];
    const r = releases('prod').find((x) => x.chart === 'cert-manager')!;
    const images = renderRelease(`${toolBin('helm')}/helm`, r, notes).objects
      .flatMap((o) => ((o.spec as any)?.template?.spec?.containers ?? []).map((c: any) => c.image as string));
    expect(images.sort()).toEqual(['cainjector', 'controller', 'startupapicheck', 'webhook'].map((n) => `quay.io/jetstack/cert-manager-${n}:v1.21.2`));
    expect(notes.join('\n')).toMatch(/placeholder version v0\.0\.0; stamped v1\.21\.2/);
  }, HELM_BUILD_TIMEOUT);

  it('refuses a release whose chart version is not the pinned source\'s', () => {
    const r = releases('prod').find((x) => x.chart === 'vault')!;
    expect(() => renderRelease(`${toolBin('helm')}/helm`, { ...r, version: '0.34.0' }, [])).toThrow(/chart vault 0\.34\.0 is no Helm-chart source of charts\/sync\/upstream\.ts at that version/);
  }, HELM_BUILD_TIMEOUT);
});

describe('Argo CD (test): the AppProject admits everything the charts render', () => {
  const apps = objects('test', 'argocd') as any[];
  const project = apps.find((a) => a.kind === 'AppProject');
  const argoReleases = (): RenderedRelease[] => apps.filter((a) => a.kind === 'Application' && UPSTREAM_SOURCES.some((s) => s.helm && s.name === a.metadata.name)).map((a) => ({
    chart: a.spec.source.chart, version: a.spec.source.targetRevision, releaseName: a.spec.source.helm.releaseName, namespace: a.spec.destination.namespace, values: a.spec.source.helm.valuesObject, file: `dist/test/argocd/application-${a.metadata.name}.yaml`,
  }));
  /** Kinds and namespaces the project would refuse (Argo CD fails the sync: "not permitted in project"). */
  const refused = (whitelist: Array<{ group: string; kind: string }>, destinations: string[]): string[] => {
    const out: string[] = [];
    for (const r of argoReleases()) {
      for (const o of releaseObjects(`${toolBin('helm')}/helm`, r)) {
        const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
        if (!o.metadata.namespace && !whitelist.some((w) => w.group === group && w.kind === o.kind)) out.push(`${r.chart}: cluster-scoped ${group}/${o.kind}`);
        if (o.metadata.namespace && !destinations.includes(o.metadata.namespace)) out.push(`${r.chart}: namespace ${o.metadata.namespace}`);
      }
    }
    return [...new Set(out)];
  };

  it('every cluster-scoped kind and namespace of cert-manager and Vault', () => {
    expect(argoReleases().map((r) => r.chart).sort()).toEqual(['cert-manager', 'external-secrets', 'gateway-helm', 'vault']);
    expect(refused(project.spec.clusterResourceWhitelist, project.spec.destinations.map((d: any) => d.namespace))).toEqual([]);
  }, HELM_BUILD_TIMEOUT);

  it('fails on a project without the webhook kinds', () => {
    const whitelist = project.spec.clusterResourceWhitelist.filter((w: any) => w.group !== 'admissionregistration.k8s.io');
    expect(refused(whitelist, project.spec.destinations.map((d: any) => d.namespace))).toEqual([
      'cert-manager: cluster-scoped admissionregistration.k8s.io/MutatingWebhookConfiguration',
      'cert-manager: cluster-scoped admissionregistration.k8s.io/ValidatingWebhookConfiguration',
      'external-secrets: cluster-scoped admissionregistration.k8s.io/ValidatingWebhookConfiguration',
      'gateway-helm: cluster-scoped admissionregistration.k8s.io/MutatingWebhookConfiguration',
    ]);
  }, HELM_BUILD_TIMEOUT);
});
