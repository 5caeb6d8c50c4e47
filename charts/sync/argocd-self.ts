// Argo CD managed by itself: an Application "argocd" that applies the
// install manifests of the pinned release (github.com/argoproj/argo-cd at
// ARGOCD_VERSION, a kustomize folder of manifests/) with placement patches
// and the registry mirror. An Argo CD upgrade is a merge request that changes
// ARGOCD_VERSION below (and the pin in tools/upstream/go.mod, which e2e
// checks against it).
import type { Environment } from '../environment/environment';
import { mirrorImage, mirrorSource } from '../environment/sections/mirrors';
import type { LayerChart } from '../lib/layer';
import { Application } from '../../imports/argocd-application-argoproj.io';
import { placementPatches } from './upstream-placement';
import { applicationHealthPatch } from './argocd-health';

export const ARGOCD_VERSION = 'v3.5.1';
export const ARGOCD_REPOSITORY = 'https://github.com/argoproj/argo-cd';
export const ARGOCD_SELF = 'argocd';

/**
 * Production-like environments run the HA install (manifests/ha: redis-ha
 * with sentinels, two replicas of server and repo-server): its pods require
 * distinct nodes, which K3S-CLUSTER-SVCS has there (three or more, never
 * merged). Elsewhere one replica of each (manifests/cluster-install).
 */
export const argoInstallPath = (env: Environment): string => (env.productionLike ? 'manifests/ha/cluster-install' : 'manifests/cluster-install');

/** Images of the install (manifests/install.yaml and ha/install.yaml at v3.5.1), redirected to the mirror. */
const ARGOCD_IMAGES = ['quay.io/argoproj/argocd', 'ghcr.io/dexidp/dex', 'public.ecr.aws/docker/library/redis', 'public.ecr.aws/docker/library/haproxy'];

export function argoSelfManagement(chart: LayerChart, env: Environment, opts: { project: string; namespace: string; destination: string; waveAnnotation: string }): void {
  new Application(chart, 'argocd-self', {
    metadata: { name: ARGOCD_SELF, namespace: opts.namespace, annotations: { [opts.waveAnnotation]: '0' } },
    spec: {
      project: opts.project,
      source: {
        repoUrl: mirrorSource(env.mirrors, ARGOCD_REPOSITORY),
        targetRevision: ARGOCD_VERSION,
        path: argoInstallPath(env),
        kustomize: {
          patches: [
            // Every Deployment and StatefulSet of the install (application-controller and, in HA, redis-ha are StatefulSets).
            ...placementPatches(env, ['Deployment', 'StatefulSet']).map((p) => ({ target: { ...p.target }, patch: p.patch })),
            // Sync waves wait for Application health (charts/sync/argocd-health.ts).
            { target: { kind: 'ConfigMap', name: 'argocd-cm' }, patch: applicationHealthPatch() },
          ],
          ...(env.mirrors.registry ? { images: ARGOCD_IMAGES.map((i) => `${i}=${mirrorImage(env.mirrors, i)}`) } : {}),
        },
      },
      destination: { server: opts.destination, namespace: opts.namespace },
      syncPolicy: {
        // Never prune Argo CD's own objects automatically (its CRDs hold every Application).
        automated: { prune: false, selfHeal: true },
        // The Application and ApplicationSet CRDs exceed the 256 KiB last-applied annotation.
        syncOptions: ['CreateNamespace=false', 'ServerSideApply=true'],
      },
    },
  });
}
