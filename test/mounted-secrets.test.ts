// No upstream source starts before the Secrets its pods mount: for every
// environment and both sync tools, each Secret a Helm-chart source's pods
// mount (as helm template of the pinned chart renders it with the values
// dist/ carries, scripts/e2e/helm.ts) that one of our layers makes (a
// cert-manager Certificate's secretName, an ExternalSecret's target, a Secret)
// comes from a layer the source is ordered after: in Flux's dependsOn, or in
// an earlier Argo CD sync wave. Vault's server certificate was made by
// cluster-services, a unit after vault: under Argo CD with Application health
// the vault wave never became Healthy and the certificate's wave never came
// (issue 14). The order is read from the rendered sync objects, the mounts
// from the chart's own output, never from the plan that made the order.
import { describe, expect, it } from 'vitest';
import { ENV_NAMES } from './support/bundled';
import { fluxReleases, sourceOfRelease, type RenderedRelease } from '../scripts/e2e/helm';
import { releaseObjects } from './support/helm-release';
import { toolBin } from '../scripts/e2e/tools';
import type { KubeObject } from '../scripts/e2e/kube';
import type { Manifest } from '../charts/render';
import { orderedBefore, renderedFor, TOOLS, type RenderedForTool, type Tool } from './support/sync-tools';
import { UPSTREAM_SOURCES } from '../charts/sync/upstream';

const HELM_BUILD_TIMEOUT = 15 * 60_000;
const HELM_SOURCES = UPSTREAM_SOURCES.filter((s) => s.helm);

interface Mount { source: string; workload: string; namespace: string; secret: string }
type Rendered = RenderedForTool;
const rendered = renderedFor;

/** The Helm releases of the sync configuration: HelmReleases in each source's folder (Flux), Applications with a chart (Argo CD). */
function releases(r: Rendered): RenderedRelease[] {
  if (r.tool === 'flux') return HELM_SOURCES.flatMap((s) => fluxReleases((r.layers.get(s.name) ?? []) as KubeObject[], () => `${s.name}/`));
  return (r.sync as any[]).filter((a) => a.kind === 'Application' && a.spec.source.chart).map((a) => ({
    chart: a.spec.source.chart,
    version: a.spec.source.targetRevision,
    releaseName: a.spec.source.helm?.releaseName ?? a.metadata.name,
    namespace: a.spec.destination.namespace,
    values: a.spec.source.helm?.valuesObject ?? {},
    file: `argocd/application-${a.metadata.name}.yaml`,
  })).filter((rel) => sourceOfRelease(rel));
}

/** Secrets a pod of the chart cannot start without: secret volumes (also projected) and non-optional env references. */
function mountedSecrets(source: string, chartObjects: KubeObject[]): Mount[] {
  const mounts: Mount[] = [];
  for (const o of chartObjects) {
    const pod = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind) ? (o.spec as any)?.template?.spec : o.kind === 'Pod' ? o.spec as any : undefined;
    if (!pod) continue;
    const add = (secret: string | undefined, optional?: boolean) => {
      if (secret && !optional) mounts.push({ source, workload: `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, namespace: o.metadata.namespace!, secret });
    };
    for (const v of pod.volumes ?? []) {
      add(v.secret?.secretName, v.secret?.optional);
      for (const p of v.projected?.sources ?? []) add(p.secret?.name, p.secret?.optional);
    }
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      for (const e of c.env ?? []) add(e.valueFrom?.secretKeyRef?.name, e.valueFrom?.secretKeyRef?.optional);
      for (const e of c.envFrom ?? []) add(e.secretRef?.name, e.secretRef?.optional);
    }
  }
  return mounts;
}

/** namespace/name -> the layer of ours that makes that Secret. */
function secretMakers(layers: Map<string, Manifest[]>): Map<string, string> {
  const makers = new Map<string, string>();
  for (const [layer, ms] of layers) {
    for (const m of ms as any[]) {
      const made = m.kind === 'Certificate' && m.apiVersion.startsWith('cert-manager.io/') ? m.spec.secretName
        : m.kind === 'ExternalSecret' && m.apiVersion.startsWith('external-secrets.io/') ? m.spec.target?.name ?? m.metadata.name
          : m.kind === 'Secret' ? m.metadata.name : undefined;
      if (made && m.metadata.namespace) makers.set(`${m.metadata.namespace}/${made}`, layer);
    }
  }
  return makers;
}

/** Every mount of one of our Secrets whose maker is not ordered before the source. */
function orderProblems(tool: Tool, sync: Manifest[], mounts: Mount[], makers: Map<string, string>): string[] {
  return mounts.flatMap((m) => {
    const maker = makers.get(`${m.namespace}/${m.secret}`);
    if (!maker || orderedBefore(tool, sync, maker, m.source)) return [];
    return [`${tool}: ${m.source} (${m.workload}) mounts Secret ${m.namespace}/${m.secret}, made by layer ${maker}, but is not ordered after ${maker}`];
  });
}

function mountsOf(r: Rendered, helm: string): Mount[] {
  const rels = releases(r);
  expect(rels.map((x) => sourceOfRelease(x)!.name).sort()).toEqual(HELM_SOURCES.map((s) => s.name).sort());
  return rels.flatMap((rel) => mountedSecrets(sourceOfRelease(rel)!.name, releaseObjects(helm, rel)));
}

describe.each(ENV_NAMES.flatMap((name) => TOOLS.map((tool) => [name, tool] as const)))('%s under %s: upstream pods after the Secrets they mount', (name, tool) => {
  it('every Secret of ours a Helm-chart source mounts comes from a layer ordered before it (Vault\'s certificate among them)', () => {
    const r = rendered(name, tool);
    const mounts = mountsOf(r, `${toolBin('helm')}/helm`);
    const makers = secretMakers(r.layers);
    const ours = mounts.filter((m) => makers.has(`${m.namespace}/${m.secret}`));
    // Not vacuous: Vault's StatefulSet mounts its server certificate, made by cluster-pki.
    expect(ours.map((m) => `${m.source} ${m.namespace}/${m.secret} ${makers.get(`${m.namespace}/${m.secret}`)}`)).toContain('vault vault/vault-server-tls cluster-pki');
    expect(orderProblems(tool, r.sync, mounts, makers)).toEqual([]);
    // And the plan's declaration says the same as the chart: each source declares exactly the Secrets of ours it mounts.
    for (const s of HELM_SOURCES) {
      expect([...new Set(ours.filter((m) => m.source === s.name).map((m) => m.secret))].sort(), s.name).toEqual([...(s.mountsSecrets ?? [])].sort());
    }
  }, HELM_BUILD_TIMEOUT);
});

describe('the check catches the order of issue 14', () => {
  // Before cluster-pki, Vault's certificate was in cluster-services, which depended on vault
  // (Flux dependsOn; Argo CD waves vault 2, cluster-services 3): the order rendered until then.
  const oldMakers = (r: Rendered) => new Map([...secretMakers(r.layers)].map(([k, v]) => [k, v === 'cluster-pki' ? 'cluster-services' : v]));
  const mounts: Mount[] = [{ source: 'vault', workload: 'StatefulSet vault/vault', namespace: 'vault', secret: 'vault-server-tls' }];

  it('Flux: vault depending only on namespaces, the certificate in cluster-services which depends on vault', () => {
    const r = rendered('prod', 'flux');
    const sync = structuredClone(r.sync) as any[];
    sync.find((k) => k.kind === 'Kustomization' && k.metadata.name === 'vault').spec.dependsOn = [{ name: 'namespaces' }];
    sync.find((k) => k.kind === 'Kustomization' && k.metadata.name === 'cluster-services').spec.dependsOn = ['cert-manager', 'external-secrets', 'vault', 'namespaces'].map((n) => ({ name: n }));
    expect(orderProblems('flux', sync, mounts, oldMakers(r))).toEqual([
      'flux: vault (StatefulSet vault/vault) mounts Secret vault/vault-server-tls, made by layer cluster-services, but is not ordered after cluster-services',
    ]);
    expect(orderProblems('flux', r.sync, mounts, secretMakers(r.layers))).toEqual([]);
  });

  it('Argo CD: vault in wave 2, cluster-services (with the certificate) in wave 3', () => {
    const r = rendered('test', 'argocd');
    const sync = structuredClone(r.sync) as any[];
    const setWave = (n: string, w: number) => { sync.find((a) => a.kind === 'Application' && a.metadata.name === n).metadata.annotations['argocd.argoproj.io/sync-wave'] = String(w); };
    setWave('vault', 2);
    setWave('cluster-services', 3);
    expect(orderProblems('argocd', sync, mounts, oldMakers(r))).toEqual([
      'argocd: vault (StatefulSet vault/vault) mounts Secret vault/vault-server-tls, made by layer cluster-services, but is not ordered after cluster-services',
    ]);
    expect(orderProblems('argocd', r.sync, mounts, secretMakers(r.layers))).toEqual([]);
  });

  it('the chart\'s own output names the mount: without our extraVolumes value Vault mounts no Secret of ours', () => {
    const r = rendered('prod', 'flux');
    const vault = releases(r).find((x) => x.chart === 'vault')!;
    const helm = `${toolBin('helm')}/helm`;
    expect(mountedSecrets('vault', releaseObjects(helm, vault)).map((m) => m.secret)).toContain('vault-server-tls');
    const bare = structuredClone(vault);
    delete (bare.values as any).server.extraVolumes;
    expect(mountedSecrets('vault', releaseObjects(helm, bare)).map((m) => m.secret)).not.toContain('vault-server-tls');
  }, HELM_BUILD_TIMEOUT);
});
