// argocd: the Argo CD alternative, for environments with sync.tool: argocd.
// An AppProject limited to this repository, the pinned upstream sources and
// the namespaces we deploy to; one Application per unit of the same sync plan
// Flux uses, ordered by sync waves (an app of apps: the "sync" Application
// applies this folder). Data-holding objects carry Prune=false
// (charts/lib/prune.ts); upstream Applications never prune, so a CRD removed
// upstream is not deleted with every resource of its kind. No Application has
// the resources finalizer: deleting one leaves its objects in place.
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { LayerChart } from '../lib/layer';
import { requireSecret } from '../lib/secrets';
import { Application, type ApplicationSpecSource } from '../../imports/argocd-application-argoproj.io';
import { AppProject } from '../../imports/argocd-appproject-argoproj.io';
import type { SyncUnit } from './plan';
import { groupOf, UPSTREAM_SOURCES } from './upstream';
import { argoImage, bundleImages, helmRepo, sourceUrl } from './mirrored';
import { argoHelmRepo, argoHelmSource } from './helm';
import { clusterServicesScheduling, placementPatches } from './upstream-placement';
import { argoSelfManagement, ARGOCD_REPOSITORY } from './argocd-self';
import { mirrorImage, mirrorSource } from '../environment/sections/mirrors';

export const ARGOCD_NAMESPACE = 'argocd';
export const PROJECT = 'mojaloop';
export const SELF_APP = 'sync';
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
const IN_CLUSTER = 'https://kubernetes.default.svc';
/**
 * What bootstrap applies of this folder: the project and the app of apps
 * only, so that "sync" creates every other Application in its wave (applying
 * the whole folder would start them all at once). Their file names (charts/render.ts objectFileName).
 */
export const ARGO_BOOTSTRAP_FILES = [`appproject-${PROJECT}.yaml`, `application-${SELF_APP}.yaml`];

/** Cluster-scoped kinds the upstream bundles create. */
const UPSTREAM_CLUSTER_KINDS = [
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  { group: '', kind: 'Namespace' },
  // cert-manager's chart registers its admission webhooks (webhook-validating-webhook.yaml, webhook-mutating-webhook.yaml).
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
];

const RETRY = { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } };
/**
 * The app of apps fails its sync while an Application of the current wave is
 * Degraded (gitops-engine pkg/sync/sync_context.go: a Degraded resource is a
 * failed task), as cluster-services is until Vault holds the values. It
 * retries for ever (a negative limit, RetryStrategy in
 * pkg/apis/application/v1alpha1/types.go at v3.5.1), every 10 minutes at
 * most, on the newest revision, as Flux retries a Kustomization: after a spent
 * retry limit auto-sync would not try the same revision again.
 */
const RETRY_FOREVER = { ...RETRY, limit: -1, refresh: true };

export class ArgoSyncChart extends LayerChart {
  constructor(scope: Construct, env: Environment, plan: SyncUnit[], layers: LayerChart[]) {
    super(scope, ARGOCD_NAMESPACE, env, ARGOCD_NAMESPACE);
    const repo = env.sync.repository;
    if (repo.secretName) {
      // Argo CD finds repository credentials by this label; the Secret also holds `url` and `type: git`.
      requireSecret(this, {
        namespace: ARGOCD_NAMESPACE,
        name: repo.secretName,
        keys: repo.url.startsWith('ssh://') ? ['sshPrivateKey', 'type', 'url'] : ['password', 'type', 'url', 'username'],
        purpose: 'Read access to this repository for Argo CD; label it argocd.argoproj.io/secret-type=repository.',
        bootstrap: 'Argo CD fetches this repository with it: nothing is synced before it exists, Vault and External Secrets included.',
        commands: [
          repo.url.startsWith('ssh://')
            ? `kubectl -n ${ARGOCD_NAMESPACE} create secret generic ${repo.secretName} --from-literal=type=git --from-literal=url=${repo.url} --from-file=sshPrivateKey='<path/to/deploy-key>'`
            : `kubectl -n ${ARGOCD_NAMESPACE} create secret generic ${repo.secretName} --from-literal=type=git --from-literal=url=${repo.url} --from-literal=username='<deploy-token-user>' --from-literal=password='<deploy-token>'`,
          `kubectl -n ${ARGOCD_NAMESPACE} label secret ${repo.secretName} argocd.argoproj.io/secret-type=repository`,
        ],
      });
    }
    const namespaces = [...new Set([
      ARGOCD_NAMESPACE,
      ...layers.map((l) => l.homeNamespace).filter((n): n is string => Boolean(n)),
      // Namespaces a layer reaches into (monitoring-core manages the kubelet Service in kube-system).
      ...layers.flatMap((l) => l.node.findAll()).filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.metadata.namespace).filter((n): n is string => Boolean(n)),
      ...UPSTREAM_SOURCES.map((s) => s.namespace).filter((n): n is string => Boolean(n)),
      'redis-operator-system',
    ])].sort();
    new AppProject(this, 'project', {
      metadata: { name: PROJECT, namespace: ARGOCD_NAMESPACE },
      spec: {
        description: `Mojaloop switch ${env.name}: this repository and the pinned upstream operators, nothing else.`,
        sourceRepos: [...new Set([repo.url, mirrorSource(env.mirrors, ARGOCD_REPOSITORY), ...UPSTREAM_SOURCES.map((s) => (s.helm ? argoHelmRepo(env, s) : s.argoHelm ? helmRepo(env, s.argoHelm.repoURL) : sourceUrl(env, s)))])].sort(),
        destinations: namespaces.map((namespace) => ({ server: IN_CLUSTER, namespace })),
        clusterResourceWhitelist: clusterKinds(layers),
        // Report objects in these namespaces that no Application owns (hand-made changes).
        orphanedResources: { warn: true },
      },
    });
    // Argo CD's own install, from the pinned release, placed on K3S-CLUSTER-SVCS.
    argoSelfManagement(this, env, { project: PROJECT, namespace: ARGOCD_NAMESPACE, destination: IN_CLUSTER, waveAnnotation: SYNC_WAVE_ANNOTATION });
    for (const unit of plan) application(this, env, unit, layers);
    // The app of apps is a resource of itself, judged by the health it reports: the worst of
    // every Application (its own excluded, controller/health.go at v3.5.1). In wave 0 it would
    // hold back every wave until all existing Applications are Healthy, and one Degraded
    // Application would fail each sync before wave 1; after the last wave it only closes the sync.
    const lastWave = Math.max(...plan.map((u) => u.wave));
    new Application(this, 'self', {
      metadata: { name: SELF_APP, namespace: ARGOCD_NAMESPACE, annotations: { [SYNC_WAVE_ANNOTATION]: String(lastWave + 1) } },
      spec: {
        project: PROJECT,
        source: { repoUrl: repo.url, targetRevision: repo.branch, path: `dist/${env.name}/${ARGOCD_NAMESPACE}` },
        destination: { server: IN_CLUSTER, namespace: ARGOCD_NAMESPACE },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=false'], retry: RETRY_FOREVER },
      },
    });
  }
}

/** Cluster-scoped kinds our layers render, plus what the upstream bundles need. */
function clusterKinds(layers: LayerChart[]): Array<{ group: string; kind: string }> {
  const kinds = new Map(UPSTREAM_CLUSTER_KINDS.map((k) => [`${k.group}/${k.kind}`, k]));
  for (const layer of layers) {
    for (const c of layer.node.findAll()) {
      if (c instanceof ApiObject && !c.metadata.namespace) kinds.set(`${groupOf(c.apiVersion)}/${c.kind}`, { group: groupOf(c.apiVersion), kind: c.kind });
    }
  }
  return [...kinds.values()].sort((a, b) => `${a.group}/${a.kind}`.localeCompare(`${b.group}/${b.kind}`));
}

function application(chart: LayerChart, env: Environment, unit: SyncUnit, layers: LayerChart[]): void {
  const up = unit.upstream;
  let source: ApplicationSpecSource;
  if (up?.helm) {
    source = argoHelmSource(env, up);
  } else if (up?.argoHelm) {
    // Behind a registry mirror the chart's images come from it too (strimzi-kafka-operator values: defaultImageRegistry).
    // Placement on K3S-CLUSTER-SVCS through the chart's own values (affinity, tolerations; see upstream.ts).
    const values = {
      ...up.argoHelm.values,
      ...(up.workloads?.length ? clusterServicesScheduling(env) : {}),
      ...(env.mirrors.registry && up.argoHelm.mirrored ? up.argoHelm.mirrored((name) => (name.includes('/') ? mirrorImage(env.mirrors, name) : helmRepo(env, name))) : {}),
    };
    source = { repoUrl: helmRepo(env, up.argoHelm.repoURL), chart: up.argoHelm.chart, targetRevision: up.argoHelm.version, helm: { releaseName: up.name, valuesObject: values } };
  } else if (up) {
    const patches = [...(up.fluxPatches ?? []), ...placementPatches(env, up.workloads ?? [])];
    source = {
      repoUrl: sourceUrl(env, up),
      targetRevision: up.tag,
      path: up.path,
      ...(up.files ? { directory: { include: up.files.length === 1 ? up.files[0] : `{${up.files.join(',')}}` } } : {}),
      // A plain directory source (files) cannot carry kustomize overrides: behind a mirror its images are redirected by the nodes' registries.yaml.
      ...(!up.files && (bundleImages(env, up).length || patches.length) ? {
        kustomize: {
          ...(bundleImages(env, up).length ? { images: bundleImages(env, up).map(argoImage) } : {}),
          ...(patches.length ? { patches: patches.map((p) => ({ target: { ...p.target }, patch: p.patch })) } : {}),
        },
      } : {}),
    };
  } else {
    source = { repoUrl: env.sync.repository.url, targetRevision: env.sync.repository.branch, path: `dist/${env.name}/${unit.layer}` };
  }
  // Cluster-scoped units (CRDs, our namespaces layer) still name a namespace the project permits.
  const home = (up ? up.namespace : layers.find((l) => l.layer === unit.layer)?.homeNamespace) ?? ARGOCD_NAMESPACE;
  new Application(chart, `app-${unit.name}`, {
    metadata: {
      name: unit.name,
      namespace: ARGOCD_NAMESPACE,
      annotations: { [SYNC_WAVE_ANNOTATION]: String(unit.wave) },
    },
    spec: {
      project: PROJECT,
      source,
      destination: { server: IN_CLUSTER, namespace: home },
      syncPolicy: {
        // Upstream: never prune (a CRD removed upstream would take its resources with it).
        automated: { prune: !up, selfHeal: true },
        syncOptions: [
          'CreateNamespace=false',
          // Upstream CRDs exceed the 256 KiB last-applied annotation of client-side apply.
          ...(up ? ['ServerSideApply=true'] : []),
          'PruneLast=true',
        ],
        retry: RETRY,
      },
    },
  });
}
