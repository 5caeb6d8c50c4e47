// Flux and Argo CD pinned and self-managed: the versions in charts/sync agree
// with the pinned Go modules (flux2's go.mod names its controllers'
// versions), and the rendered self-management objects say what the README
// promises. A disagreement fails here, naming both sides.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_NAMES, environment, objects, parseYaml } from './support/bundled';
import { FLUX_CONTROLLERS, FLUX_MANIFESTS, FLUX_SELF, FLUX_VERSION, UNUSED_FLUX_CONTROLLERS } from '../charts/sync/flux-self';
import { ARGOCD_SELF, ARGOCD_VERSION } from '../charts/sync/argocd-self';
import { moduleDirOf } from '../scripts/e2e/upstream';

const ROOT = path.resolve(import.meta.dirname, '..');
const pins = fs.readFileSync(path.join(ROOT, 'tools/upstream/go.mod'), 'utf8');
const pinOf = (module: string) => new RegExp(`^\\s+${module.replace(/\./g, '\\.')}\\s+(v\\S+)$`, 'm').exec(pins)?.[1];

/** The controller versions a flux2 go.mod requires (its api modules are released with the controllers). */
export function controllerVersionProblems(goMod: string, controllers: ReadonlyArray<{ name: string; version: string }>): string[] {
  return controllers.flatMap((c) => {
    const v = new RegExp(`github\\.com/fluxcd/${c.name}/api\\S*\\s+(v\\S+)`).exec(goMod)?.[1];
    return v === c.version ? [] : [`${c.name}: FLUX_CONTROLLERS says ${c.version}, flux2 ${FLUX_VERSION} go.mod ${v ?? 'nothing'}`];
  });
}

describe('pinned sync tools', () => {
  const flux2GoMod = fs.readFileSync(path.join(moduleDirOf('github.com/fluxcd/flux2/v2', FLUX_VERSION), 'go.mod'), 'utf8');

  it('Flux: FLUX_VERSION is the pinned flux2 module, and its controllers are at the versions its go.mod names (and tools/upstream pins)', () => {
    expect(pinOf('github.com/fluxcd/flux2/v2')).toBe(FLUX_VERSION);
    expect(controllerVersionProblems(flux2GoMod, FLUX_CONTROLLERS)).toEqual([]);
    for (const c of FLUX_CONTROLLERS.filter((x) => pinOf(`github.com/fluxcd/${x.name}`))) expect(pinOf(`github.com/fluxcd/${c.name}`), c.name).toBe(c.version);
  });

  it('the version check fails on a controller left behind by an upgrade', () => {
    expect(controllerVersionProblems(flux2GoMod, [{ name: 'source-controller', version: 'v1.9.1' }]))
      .toEqual([`source-controller: FLUX_CONTROLLERS says v1.9.1, flux2 ${FLUX_VERSION} go.mod v1.9.5`]);
  });

  it('Argo CD: ARGOCD_VERSION is the pinned argo-cd module', () => {
    expect(pinOf('github.com/argoproj/argo-cd/v3')).toBe(ARGOCD_VERSION);
  });
});

describe.each(ENV_NAMES)('self-managed sync tool of %s', (name) => {
  const env = environment(name);
  if (env.sync.tool === 'flux') {
    it('an OCIRepository pins the release manifests, a Kustomization applies them: placed, unused controllers deleted, CRDs and namespace kept', () => {
      const flux = objects(name, 'flux-system') as any[];
      const oci = flux.find((o) => o.kind === 'OCIRepository' && o.metadata.name === FLUX_SELF);
      expect(oci.spec).toMatchObject({ url: `oci://${FLUX_MANIFESTS}`, ref: { tag: FLUX_VERSION } });
      const ks = flux.find((o) => o.kind === 'Kustomization' && o.metadata.name === FLUX_SELF);
      expect(ks.spec).toMatchObject({ sourceRef: { kind: 'OCIRepository', name: FLUX_SELF }, path: './', prune: true, deletionPolicy: 'Orphan' });
      const patches = ks.spec.patches.map((p: any) => ({ target: p.target, patch: parseYaml(p.patch) as any }));
      for (const kind of ['CustomResourceDefinition', 'Namespace']) {
        expect(patches.find((p: any) => p.target.kind === kind).patch.metadata.annotations['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
      }
      expect(patches.filter((p: any) => p.patch.$patch === 'delete').map((p: any) => p.target.name)).toEqual(UNUSED_FLUX_CONTROLLERS.map((c) => c.name));
      expect(patches.find((p: any) => p.target.kind === 'Deployment' && !p.target.name).patch.spec.template.spec.tolerations[0].key).toBe('workload-class.mojaloop.io/K3S-CLUSTER-SVCS');
      // The sync Kustomization that applies this folder is still there.
      expect(flux.some((o) => o.kind === 'Kustomization' && o.metadata.name === 'sync')).toBe(true);
    });
  } else {
    it('an Application applies the pinned Argo CD release with placement patches and the Application health check, server-side', () => {
      const app = (objects(name, 'argocd') as any[]).find((o) => o.kind === 'Application' && o.metadata.name === ARGOCD_SELF);
      expect(app.spec.source).toMatchObject({ repoURL: 'https://github.com/argoproj/argo-cd', targetRevision: ARGOCD_VERSION, path: env.productionLike ? 'manifests/ha/cluster-install' : 'manifests/cluster-install' });
      expect(app.spec.source.kustomize.patches.map((p: any) => p.target.kind)).toEqual(['Deployment', 'StatefulSet', 'ConfigMap']);
      expect(app.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    });
  }
});
