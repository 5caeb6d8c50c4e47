// flux-system: how Flux follows this repository. A GitRepository for this
// repository, one GitRepository per upstream source pinned to a tag (a source
// installed from its Helm chart has a folder of ours instead, charts/sync/helm.ts), and one
// Kustomization per unit of the sync plan with dependsOn, wait, timeouts and
// pruning. Pruning never deletes data: objects that hold data carry
// kustomize.toolkit.fluxcd.io/prune: disabled (charts/lib/prune.ts), upstream
// CRDs get the same annotation by patch (deleting a CRD deletes every custom
// resource of its kind), and deleting a Kustomization orphans its objects.
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { LayerChart } from '../lib/layer';
import { requireSecret } from '../lib/secrets';
import { FLUX_PRUNE_ANNOTATION } from '../lib/prune';
import { GitRepository } from '../../imports/gitrepository-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecDeletionPolicy, KustomizationSpecSourceRefKind, type KustomizationSpecPatches } from '../../imports/kustomization-kustomize.toolkit.fluxcd.io';
import type { SyncUnit } from './plan';
import type { UpstreamSource } from './upstream';
import { bundleImages, sourceUrl } from './mirrored';
import { placementPatches } from './upstream-placement';
import { fluxSelfManagement } from './flux-self';

export const FLUX_NAMESPACE = 'flux-system';
/** The GitRepository of this repository. */
export const REPO_SOURCE = 'mojaloop-gitops';
/** The Kustomization that applies this folder (Flux manages its own configuration after bootstrap). */
export const SELF_UNIT = 'sync';

/** Why Flux's git Secrets are made by hand: everything else, Vault and External Secrets included, arrives through them. */
export const GIT_BOOTSTRAP = 'Flux fetches this repository (and every upstream source) with it: nothing is synced before it exists, Vault and External Secrets included.';

/** Upstream CRDs are never pruned: removing one would delete every resource of its kind. */
const KEEP_CRDS: KustomizationSpecPatches = {
  target: { kind: 'CustomResourceDefinition' },
  patch: [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    '  name: any',
    '  annotations:',
    `    ${FLUX_PRUNE_ANNOTATION}: disabled`,
    '',
  ].join('\n'),
};

export class FluxSyncChart extends LayerChart {
  constructor(scope: Construct, env: Environment, plan: SyncUnit[]) {
    super(scope, FLUX_NAMESPACE, env, FLUX_NAMESPACE);
    const repo = env.sync.repository;
    new GitRepository(this, 'repo', {
      metadata: { name: REPO_SOURCE, namespace: FLUX_NAMESPACE },
      spec: {
        url: repo.url,
        ref: { branch: repo.branch },
        interval: env.sync.interval,
        // Only dist/<env>/ is ever applied; the rest of the repository is not fetched into the artifact.
        ignore: `/*\n!/dist/\n/dist/*\n!/dist/${env.name}/\n`,
        ...(repo.secretName ? {
          secretRef: {
            name: requireSecret(this, {
              namespace: FLUX_NAMESPACE,
              name: repo.secretName,
              keys: repo.url.startsWith('ssh://') ? ['identity', 'known_hosts'] : ['username', 'password', ...(env.trust.caBundle ? ['ca.crt'] : [])],
              purpose: `Read access to this repository for Flux (a GitLab deploy token as username and password, or an ssh private key and known_hosts)${env.trust.caBundle && repo.url.startsWith('https://') ? '; ca.crt: the internal CA (trust.caBundle)' : ''}.`,
              bootstrap: GIT_BOOTSTRAP,
            }),
          },
        } : caRef(this, env, repo.url)),
      },
    });
    // Flux's own controllers, from the pinned release, placed on K3S-CLUSTER-SVCS.
    fluxSelfManagement(this, env, env.mirrors.registry ? caRef(this, env, `https://${env.mirrors.registry}`).secretRef?.name : undefined);
    for (const unit of plan) if (unit.upstream && !unit.upstream.helm) upstreamRepository(this, env, unit.upstream);
    for (const unit of plan) kustomization(this, env, unit);
    // Flux applies its own configuration from here on (bootstrap applies it once by hand).
    new Kustomization(this, 'self', {
      metadata: { name: SELF_UNIT, namespace: FLUX_NAMESPACE },
      spec: {
        interval: '10m',
        retryInterval: '1m',
        timeout: '2m',
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: REPO_SOURCE },
        path: `./dist/${env.name}/${FLUX_NAMESPACE}`,
        prune: true,
        wait: true,
        deletionPolicy: KustomizationSpecDeletionPolicy.ORPHAN,
      },
    });
  }
}

/**
 * Flux's GitRepository reads an HTTPS server's CA from the key ca.crt of its
 * secretRef Secret (source-controller GitRepository v1, "HTTPS Certificate
 * Authority"), not from a ConfigMap: the bundle is public, but it is created
 * as a Secret by hand (listed in the README). Sources with credentials carry
 * ca.crt in their credentials Secret instead.
 */
function caRef(chart: LayerChart, env: Environment, url: string): { secretRef?: { name: string } } {
  const b = env.trust.caBundle;
  if (!b || !url.startsWith('https://')) return {};
  return {
    secretRef: {
      name: requireSecret(chart, { namespace: FLUX_NAMESPACE, name: b.configMap, keys: ['ca.crt'], purpose: 'The internal CA (trust.caBundle of the environment file) for Flux\'s git sources; the same PEM as the environment file.', bootstrap: GIT_BOOTSTRAP }),
    },
  };
}

function upstreamRepository(chart: LayerChart, env: Environment, s: UpstreamSource): void {
  const top = s.path.split('/')[0];
  new GitRepository(chart, `source-${s.name}`, {
    metadata: { name: s.name, namespace: FLUX_NAMESPACE },
    spec: {
      url: sourceUrl(env, s),
      // Internal mirrors are signed by the environment's CA; github.com is not.
      ...(env.mirrors.sources ? caRef(chart, env, sourceUrl(env, s)) : {}),
      ref: { tag: s.tag },
      // A tag does not move; look rarely.
      interval: '12h',
      sparseCheckout: [top],
      ...(s.files ? { ignore: `/${s.path}/*\n${s.files.map((f) => `!/${s.path}/${f}`).join('\n')}\n` } : {}),
    },
  });
}

function kustomization(chart: LayerChart, env: Environment, unit: SyncUnit): void {
  // A Helm-chart source is applied from its own folder of this repository (its HelmRepository and HelmRelease, charts/sync/helm.ts).
  const up = unit.upstream?.helm ? undefined : unit.upstream;
  const folder = unit.upstream?.helm ? unit.upstream.name : unit.layer;
  new Kustomization(chart, `ks-${unit.name}`, {
    metadata: { name: unit.name, namespace: FLUX_NAMESPACE },
    spec: {
      interval: up ? '1h' : '10m',
      retryInterval: up ? '2m' : '1m',
      timeout: unit.timeout,
      sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: up ? up.name : REPO_SOURCE },
      path: up ? `./${up.path}` : `./dist/${env.name}/${folder}`,
      prune: true,
      // Ready means ready: a layer's dependants wait for its workloads and custom resources to report healthy.
      wait: true,
      // Removing a Kustomization from git must not tear down what it applied.
      deletionPolicy: KustomizationSpecDeletionPolicy.ORPHAN,
      ...(unit.dependsOn.length ? { dependsOn: unit.dependsOn.map((name) => ({ name })) } : {}),
      ...(up?.namespace ? { targetNamespace: up.namespace } : {}),
      ...(up ? { patches: [KEEP_CRDS, ...(up.fluxPatches ?? []).map((p) => ({ target: { ...p.target }, patch: p.patch })), ...placementPatches(env, up.workloads ?? [])] } : {}),
      ...(up && bundleImages(env, up).length ? { images: bundleImages(env, up) } : {}),
    },
  });
}
