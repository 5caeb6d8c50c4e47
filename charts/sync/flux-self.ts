// Flux managed by itself, the `flux bootstrap` layout without the bootstrap
// command: an OCIRepository for the manifests flux2's release workflow pushes
// for every release (flux2 .github/workflows/release.yaml, job
// release-flux-manifests: `flux install --registry=ghcr.io/fluxcd
// --components-extra=... --export` pushed as oci://ghcr.io/fluxcd/flux-manifests:<version>),
// and a Kustomization "flux-system" that applies them with our patches. A Flux
// upgrade is a merge request that changes FLUX_VERSION below (and the
// controller pins in tools/upstream/go.mod, which e2e checks against it).
import type { Environment } from '../environment/environment';
import { mirrorImage } from '../environment/sections/mirrors';
import { FLUX_PRUNE_ANNOTATION } from '../lib/prune';
import type { LayerChart } from '../lib/layer';
import { toYaml } from '../lib/yaml';
import { OciRepository } from '../../imports/ocirepository-source.toolkit.fluxcd.io';
import { Kustomization, KustomizationSpecDeletionPolicy, KustomizationSpecSourceRefKind } from '../../imports/kustomization-kustomize.toolkit.fluxcd.io';
import { helmRepo } from './mirrored';
import { placementPatches } from './upstream-placement';

/** The Flux release this repository runs: the one place to change for an upgrade. */
export const FLUX_VERSION = 'v2.9.5';
/** The release's `flux install` manifests (gotk-components.yaml), an OCI artifact. */
export const FLUX_MANIFESTS = 'ghcr.io/fluxcd/flux-manifests';
/** Name of the OCIRepository and Kustomization, as `flux bootstrap` names them. */
export const FLUX_SELF = 'flux-system';

/**
 * The controllers `flux install` deploys by default (flux2
 * pkg/manifestgen/install/options.go: Components), all four used, at the
 * versions FLUX_VERSION's go.mod names (test/flux-self.test.ts checks them
 * against the pinned flux2 module): for the air-gap list and the mirror.
 */
export const FLUX_CONTROLLERS: ReadonlyArray<{ name: string; version: string }> = [
  { name: 'source-controller', version: 'v1.9.5' },
  { name: 'kustomize-controller', version: 'v1.9.5' },
  { name: 'helm-controller', version: 'v1.6.4' },
  { name: 'notification-controller', version: 'v1.9.4' },
];

/** The extra controllers the artifact also carries (options.go: ComponentsExtra), removed because nothing here uses them. */
export const UNUSED_FLUX_CONTROLLERS: ReadonlyArray<{ name: string; why: string }> = [
  { name: 'image-reflector-controller', why: 'no image automation: image versions change by reviewed merge request (npm run promote)' },
  { name: 'image-automation-controller', why: 'no image automation: Flux never writes to this repository' },
  { name: 'source-watcher', why: 'no ArtifactGenerator: every source is applied as its project publishes it' },
];

const keepFromPrune = (kind: string, apiVersion: string) => ({
  target: { kind },
  patch: toYaml({ apiVersion, kind, metadata: { name: 'any', annotations: { [FLUX_PRUNE_ANNOTATION]: 'disabled' } } }),
});

export function fluxSelfManagement(chart: LayerChart, env: Environment, certSecret?: string): void {
  new OciRepository(chart, 'flux-manifests', {
    metadata: { name: FLUX_SELF, namespace: FLUX_SELF },
    spec: {
      url: `oci://${helmRepo(env, FLUX_MANIFESTS)}`,
      ref: { tag: FLUX_VERSION },
      interval: '12h',
      ...(env.mirrors.registry && certSecret ? { certSecretRef: { name: certSecret } } : {}),
    },
  });
  new Kustomization(chart, 'flux-self', {
    metadata: { name: FLUX_SELF, namespace: FLUX_SELF },
    spec: {
      interval: '1h',
      retryInterval: '2m',
      timeout: '5m',
      sourceRef: { kind: KustomizationSpecSourceRefKind.OCI_REPOSITORY, name: FLUX_SELF },
      path: './',
      prune: true,
      wait: true,
      deletionPolicy: KustomizationSpecDeletionPolicy.ORPHAN,
      patches: [
        // Deleting Flux's CRDs would delete every Kustomization and source; its namespace, everything in it.
        keepFromPrune('CustomResourceDefinition', 'apiextensions.k8s.io/v1'),
        keepFromPrune('Namespace', 'v1'),
        ...UNUSED_FLUX_CONTROLLERS.map((c) => ({
          target: { kind: 'Deployment', name: c.name },
          patch: toYaml({ $patch: 'delete', apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: c.name } }),
        })),
        ...placementPatches(env, ['Deployment']),
      ],
      ...(env.mirrors.registry ? {
        images: FLUX_CONTROLLERS.map((c) => ({ name: `ghcr.io/fluxcd/${c.name}`, newName: mirrorImage(env.mirrors, `ghcr.io/fluxcd/${c.name}`) })),
      } : {}),
    },
  });
}
