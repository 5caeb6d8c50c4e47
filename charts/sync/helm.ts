// Upstream sources installed from their Helm chart (UpstreamSource.helm), as
// each sync tool installs them.
//
// Flux: each such source gets a folder of its own, dist/<env>/<source>/, with a
// HelmRepository and a HelmRelease, applied by the source's Kustomization like
// any layer. dependsOn, wait and timeout stay uniform across units: the
// Kustomization's health check waits for the HelmRelease to be Ready
// (kustomize-controller's kstatus reads its Ready condition), and units that
// depend on it wait for that. The chart itself is fetched by source-controller
// from the chart repository at the exact version, never copied here.
//
// Argo CD: the source's Application names the chart directly (repoURL, chart,
// targetRevision, valuesObject).
//
// Behind a registry mirror (mirrors.registry) the chart comes from the mirror
// as an OCI artifact: oci://<registry>/<chart repository host and path>, as
// images are mirrored under <registry>/<registry host>/...; the chart's values
// point its images at the mirror (each source's values function).
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { LayerChart } from '../lib/layer';
import { requireSecret } from '../lib/secrets';
import { GIT_BOOTSTRAP } from './flux';
import { protectFromPrune } from '../lib/prune';
import { HelmRepository, HelmRepositorySpecType } from '../../imports/helmrepository-source.toolkit.fluxcd.io';
import {
  HelmRelease, HelmReleaseSpecChartSpecSourceRefKind, HelmReleaseSpecDriftDetectionMode, HelmReleaseSpecInstallCrds, HelmReleaseSpecUpgradeCrds,
} from '../../imports/helmrelease-helm.toolkit.fluxcd.io';
import type { ApplicationSpecSource } from '../../imports/argocd-application-argoproj.io';
import type { HelmChart, UpstreamSource } from './upstream';

/** Where helm-controller and source-controller run; the HelmRelease and its HelmRepository live with them. */
const FLUX_NAMESPACE = 'flux-system';

export const helmValues = (env: Environment, chart: HelmChart): Record<string, unknown> =>
  (typeof chart.values === 'function' ? chart.values(env) : chart.values);

export const releaseName = (s: UpstreamSource): string => s.helm?.releaseName ?? s.name;

/** The chart repository as this environment reaches it: upstream, or the registry mirror's OCI copy. */
export function chartRepository(env: Environment, repository: string): string {
  if (!env.mirrors.registry) return repository;
  return `oci://${env.mirrors.registry}/${repository.replace(/^(oci|https?):\/\//, '').replace(/\/$/, '')}`;
}

export const isOci = (url: string): boolean => url.startsWith('oci://');

/** dist/<env>/<source>/: the HelmRepository and HelmRelease of one Helm-chart source (Flux only). */
export class FluxHelmSourceChart extends LayerChart {
  constructor(scope: Construct, env: Environment, source: UpstreamSource) {
    super(scope, source.name, env, FLUX_NAMESPACE);
    const chart = source.helm;
    if (!chart) throw new Error(`upstream source ${source.name} has no Helm chart`);
    if (!source.namespace) throw new Error(`upstream source ${source.name}: a Helm chart needs the namespace it is installed into`);
    const url = chartRepository(env, chart.repository);
    const ca = env.mirrors.registry && env.trust.caBundle;
    new HelmRepository(this, 'repository', {
      metadata: { name: source.name, namespace: FLUX_NAMESPACE },
      spec: {
        url,
        ...(isOci(url) ? { type: HelmRepositorySpecType.OCI } : {}),
        // A released chart version does not change; look rarely.
        interval: '12h',
        // The internal mirror is signed by the environment's CA (source-controller HelmRepository v1, certSecretRef: ca.crt).
        ...(ca ? { certSecretRef: { name: requireSecret(this, { namespace: FLUX_NAMESPACE, name: ca.configMap, keys: ['ca.crt'], purpose: 'The internal CA (trust.caBundle of the environment file) for Flux\'s sources; the same PEM as the environment file.', bootstrap: GIT_BOOTSTRAP }) } } : {}),
      },
    });
    const wait = chart.disableWait ? { disableWait: true } : {};
    // Like the upstream Applications under Argo CD, never pruned: deleting the HelmRelease uninstalls the
    // release (Vault's members with it). Removing a source from git leaves it installed; uninstall it by hand.
    protectFromPrune(new HelmRelease(this, 'release', {
      metadata: { name: source.name, namespace: FLUX_NAMESPACE },
      spec: {
        interval: '1h',
        releaseName: releaseName(source),
        targetNamespace: source.namespace,
        // Helm's release records live with the release, not in flux-system.
        storageNamespace: source.namespace,
        chart: {
          spec: {
            chart: chart.chart,
            // Exact: a range would let an upstream release change what runs without a commit here.
            version: chart.version,
            sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name: source.name },
            interval: '12h',
          },
        },
        install: {
          crds: HelmReleaseSpecInstallCrds.CREATE_REPLACE,
          // A failed install is retried after uninstalling what it left; three tries, then it stays failed for a human.
          remediation: { retries: 3 },
          ...wait,
        },
        upgrade: {
          crds: HelmReleaseSpecUpgradeCrds.CREATE_REPLACE,
          // A failed upgrade rolls back to the last release that worked.
          remediation: { retries: 3, remediateLastFailure: true },
          cleanupOnFail: true,
          ...wait,
        },
        // Hand edits in the cluster are reverted to what git says, except fields the chart's own controllers write.
        driftDetection: {
          mode: HelmReleaseSpecDriftDetectionMode.ENABLED,
          ...(chart.driftIgnore?.length ? { ignore: chart.driftIgnore.map((i) => ({ paths: [...i.paths], target: { ...i.target } })) } : {}),
        },
        values: helmValues(env, chart),
      },
    }));
  }
}

/** The Argo CD Application source of a Helm-chart source (Argo CD names OCI chart repositories without the scheme). */
export function argoHelmSource(env: Environment, source: UpstreamSource): ApplicationSpecSource {
  const chart = source.helm!;
  const url = chartRepository(env, chart.repository);
  return {
    repoUrl: url.replace(/^oci:\/\//, ''),
    chart: chart.chart,
    targetRevision: chart.version,
    helm: { releaseName: releaseName(source), valuesObject: helmValues(env, chart) },
  };
}

/** The repository URL an AppProject must permit for a Helm-chart source. */
export const argoHelmRepo = (env: Environment, source: UpstreamSource): string => argoHelmSource(env, source).repoUrl!;
