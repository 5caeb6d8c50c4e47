// What runs from upstream, and how big it is: every Deployment, StatefulSet
// and Job that the upstream sources (./upstream.ts) and the sync tool's own
// install start in an environment, as they run there: the replicas, the
// requests of each container and the scheduling we give them (the Helm
// values of the cluster services, or the placement patch of
// ./upstream-placement.ts with what the upstream manifests keep). None of it
// is written to dist/: the capacity check at synth counts these pods beside
// ours (charts/render.ts), and `npm run where` lists them.
//
// test/upstream-workloads.test.ts holds every entry to the real rendering at
// the pinned versions (helm template of the charts with our values, kustomize
// build of the bundles with our patches), per environment. Where no registry
// reachable here serves the upstream files, the entry says so (`unverified`)
// and names the file its figures were read from.
import type { Environment } from '../environment/environment';
import { UPSTREAM_SOURCE_ANNOTATION } from '../environment/pod-groups';
import { CERT_MANAGER } from '../cluster-services/cert-manager';
import { VAULT } from '../cluster-services/vault';
import { EXTERNAL_SECRETS } from '../cluster-services/external-secrets-operator';
import { ENVOY_GATEWAY_NS, UPSTREAM_SOURCES, type UpstreamSource } from './upstream';
import { helmValues, releaseName } from './helm';
import { clusterServicesScheduling } from './upstream-placement';
import { FLUX_CONTROLLERS, FLUX_SELF, FLUX_VERSION } from './flux-self';
import { ARGOCD_SELF, ARGOCD_VERSION, argoInstallPath } from './argocd-self';
import { ARGOCD_NAMESPACE } from './argocd';

export interface Container { name: string; requests?: { cpu?: string; memory?: string } }

/** The pod-spec fields the scheduler filters on. */
export interface Scheduling {
  affinity?: object;
  tolerations?: object[];
  topologySpreadConstraints?: object[];
  nodeSelector?: Record<string, string>;
}

export interface UpstreamWorkload {
  kind: 'Deployment' | 'StatefulSet' | 'Job';
  namespace: string;
  name: string;
  /** Pods at once (a Job's parallelism). */
  replicas: number;
  containers: Container[];
  initContainers?: Container[];
  scheduling: Scheduling;
}

export interface UpstreamInstall {
  /** The upstream source (./upstream.ts) or the sync tool's own install (flux-system, argocd). */
  source: string;
  /** Where the figures come from, at the pinned version. */
  from: string;
  /** Set when no program here renders `from` (no reachable registry serves it): the figures were read from it by hand. */
  unverified?: string;
  workloads: UpstreamWorkload[];
}

type Any = Record<string, any>;

/** Values are JSON when the sync tool reads them; so is this copy (no cdk8s objects). */
const plain = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/** The scheduling fields of a chart component's values (the same keys in every chart here). */
const fromValues = (v: Any, extra: Scheduling = {}): Scheduling => plain({
  ...(v.affinity ? { affinity: v.affinity } : {}),
  ...(v.tolerations ? { tolerations: v.tolerations } : {}),
  ...(v.topologySpreadConstraints ? { topologySpreadConstraints: v.topologySpreadConstraints } : {}),
  ...extra,
});

const requestsOf = (v: Any): Container['requests'] => plain(v?.resources?.requests);

/** A chart component's Deployment, from its values (replicaCount, resources, the scheduling keys). */
const chartDeployment = (s: UpstreamSource, name: string, container: string, c: Any, extra?: Scheduling): UpstreamWorkload => ({
  kind: 'Deployment', namespace: s.namespace!, name, replicas: c.replicaCount ?? 1,
  containers: [{ name: container, requests: requestsOf(c) }], scheduling: fromValues(c, extra),
});

/** Our placement on K3S-CLUSTER-SVCS (the patch or the chart values), with the pod anti-affinity an upstream manifest keeps. */
function clusterServices(env: Environment, keep: { onePerNode?: Record<string, string>; nodeSelector?: Record<string, string> } = {}): Scheduling {
  const s = clusterServicesScheduling(env);
  return plain({
    affinity: {
      nodeAffinity: s.affinity.nodeAffinity,
      ...(keep.onePerNode ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: keep.onePerNode }, topologyKey: 'kubernetes.io/hostname' }] } } : {}),
    },
    tolerations: s.tolerations,
    ...(keep.nodeSelector ? { nodeSelector: keep.nodeSelector } : {}),
  });
}

/** Upstream manifests that pin pods to Linux nodes (every node here is one). */
const LINUX = { 'kubernetes.io/os': 'linux' };

const source = (name: string): UpstreamSource => {
  const s = UPSTREAM_SOURCES.find((x) => x.name === name);
  if (!s) throw new Error(`charts/sync/upstream-workloads.ts: no upstream source ${name} in charts/sync/upstream.ts`);
  return s;
};

// ---------------------------------------------------------------- Helm-chart sources: read from our values

/**
 * cert-manager v1.21.2 deploy/charts/cert-manager: templates/deployment.yaml,
 * webhook-deployment.yaml, cainjector-deployment.yaml (replicaCount,
 * resources, affinity, tolerations, topologySpreadConstraints of each
 * component; names from _helpers.tpl) and the startupapicheck Job (a post-install
 * hook, one pod); values.yaml nodeSelector kubernetes.io/os: linux for all four.
 */
function certManager(env: Environment): UpstreamInstall {
  const v = helmValues(env, CERT_MANAGER.helm!) as Any;
  const release = releaseName(CERT_MANAGER);
  const component = (name: string, container: string, c: Any) => chartDeployment(CERT_MANAGER, name, container, c, { nodeSelector: LINUX });
  return {
    source: CERT_MANAGER.name,
    from: `helm template of chart cert-manager ${CERT_MANAGER.helm!.version} with our values (charts/cluster-services/cert-manager.ts)`,
    workloads: [
      component(release, 'cert-manager-controller', v),
      component(`${release}-webhook`, 'cert-manager-webhook', v.webhook),
      component(`${release}-cainjector`, 'cert-manager-cainjector', v.cainjector),
      {
        kind: 'Job', namespace: CERT_MANAGER.namespace!, name: `${release}-startupapicheck`, replicas: 1,
        containers: [{ name: 'cert-manager-startupapicheck', requests: requestsOf(v.startupapicheck) }], scheduling: fromValues(v.startupapicheck, { nodeSelector: LINUX }),
      },
    ],
  };
}

/** vault-helm 0.34.1 templates/server-statefulset.yaml: server.ha.replicas (HA), server.resources, server.affinity, server.tolerations. */
function vault(env: Environment): UpstreamInstall {
  const server = (helmValues(env, VAULT.helm!) as Any).server;
  return {
    source: VAULT.name,
    from: `helm template of chart vault ${VAULT.helm!.version} with our values (charts/cluster-services/vault.ts)`,
    workloads: [{
      kind: 'StatefulSet', namespace: VAULT.namespace!, name: releaseName(VAULT), replicas: server.ha.enabled ? server.ha.replicas : 1,
      containers: [{ name: 'vault', requests: requestsOf(server) }], scheduling: fromValues(server),
    }],
  };
}

/**
 * external-secrets v1.3.2 deploy/charts/external-secrets: templates/deployment.yaml
 * (the controller's values at the top level), webhook-deployment.yaml (webhook.*),
 * cert-controller-deployment.yaml (certController.*).
 */
function externalSecrets(env: Environment): UpstreamInstall {
  const v = helmValues(env, EXTERNAL_SECRETS.helm!) as Any;
  const release = releaseName(EXTERNAL_SECRETS);
  const component = (name: string, container: string, c: Any) => chartDeployment(EXTERNAL_SECRETS, name, container, c);
  return {
    source: EXTERNAL_SECRETS.name,
    from: `helm template of chart external-secrets ${EXTERNAL_SECRETS.helm!.version} with our values (charts/cluster-services/external-secrets-operator.ts)`,
    workloads: [
      component(release, 'external-secrets', v),
      component(`${release}-webhook`, 'webhook', v.webhook),
      component(`${release}-cert-controller`, 'cert-controller', v.certController),
    ],
  };
}

/**
 * Envoy Gateway v1.9.1 charts/gateway-helm: templates/envoy-gateway-deployment.yaml
 * (deployment.replicas, deployment.pod.*, deployment.envoyGateway.resources,
 * 100m/256Mi in values.tmpl.yaml) and the certgen Job (templates/certgen.yaml:
 * <release>-gateway-helm-certgen, certgen.job.*).
 */
function envoyGateway(env: Environment): UpstreamInstall {
  const s = source('envoy-gateway');
  const v = helmValues(env, s.helm!) as Any;
  const release = releaseName(s);
  return {
    source: s.name,
    from: `helm template of chart gateway-helm ${s.helm!.version} with our values (charts/sync/upstream.ts)`,
    workloads: [
      {
        kind: 'Deployment', namespace: ENVOY_GATEWAY_NS, name: release, replicas: v.deployment.replicas,
        containers: [{ name: 'envoy-gateway', requests: v.deployment.envoyGateway?.resources?.requests ?? { cpu: '100m', memory: '256Mi' } }],
        scheduling: fromValues(v.deployment.pod),
      },
      {
        kind: 'Job', namespace: ENVOY_GATEWAY_NS, name: `${release}-gateway-helm-certgen`, replicas: 1,
        containers: [{ name: 'envoy-gateway-certgen', requests: requestsOf(v.certgen.job) }], scheduling: fromValues(v.certgen.job),
      },
    ],
  };
}

// ---------------------------------------------------------------- the sync tool's own install

/**
 * flux2 v2.9.5's `flux install` manifests: each controller's release
 * Deployment (config/manager/deployment.yaml of the controller at the version
 * flux2's go.mod names), container "manager", one replica; the three unused
 * controllers are deleted by our patches (./flux-self.ts).
 */
const FLUX_REQUESTS: Record<string, Container['requests']> = {
  'source-controller': { cpu: '50m', memory: '64Mi' },
  'kustomize-controller': { cpu: '100m', memory: '64Mi' },
  'helm-controller': { cpu: '100m', memory: '64Mi' },
  // fluxcd/notification-controller config/manager/deployment.yaml, the same from v1.7.0 to v1.9.3 (v1.9.4 read from neither registry nor snapshot).
  'notification-controller': { cpu: '100m', memory: '64Mi' },
};

function flux(env: Environment): UpstreamInstall[] {
  const deployment = (name: string): UpstreamWorkload => ({
    kind: 'Deployment', namespace: FLUX_SELF, name, replicas: 1,
    containers: [{ name: 'manager', requests: FLUX_REQUESTS[name] }], scheduling: clusterServices(env),
  });
  const served = FLUX_CONTROLLERS.filter((c) => c.name !== 'notification-controller');
  return [{
    source: FLUX_SELF,
    from: `flux2 ${FLUX_VERSION} manifests/ with ${served.map((c) => `${c.name} ${c.version}`).join(', ')} config/manager (Go modules) and our patches`,
    workloads: served.map((c) => deployment(c.name)),
  }, {
    source: FLUX_SELF,
    from: 'fluxcd/notification-controller v1.9.3 config/manager/deployment.yaml (the Deployment is the same since v1.7.0)',
    unverified: 'notification-controller v1.9.4 (flux2 v2.9.5): the Go module proxy answers 403 for this version',
    workloads: [deployment('notification-controller')],
  }];
}

/**
 * Argo CD v3.5.1 manifests/cluster-install, or manifests/ha/cluster-install in
 * production-like environments (./argocd-self.ts). The install sets no
 * requests: its pods count for replicas and one-per-node, not for CPU or
 * memory. In HA the Redis members, HAProxy, server and repo-server keep their
 * required anti-affinity on the hostname.
 */
function argocd(env: Environment): UpstreamInstall {
  const ha = argoInstallPath(env).startsWith('manifests/ha/');
  const pod = (kind: UpstreamWorkload['kind'], name: string, containers: string[], opts: { replicas?: number; init?: string[]; onePerNode?: string; linux?: boolean } = {}): UpstreamWorkload => ({
    kind, namespace: ARGOCD_NAMESPACE, name, replicas: opts.replicas ?? 1,
    containers: containers.map((c) => ({ name: c })),
    ...(opts.init ? { initContainers: opts.init.map((c) => ({ name: c })) } : {}),
    scheduling: clusterServices(env, { ...(opts.onePerNode ? { onePerNode: { 'app.kubernetes.io/name': opts.onePerNode } } : {}), ...(opts.linux === false ? {} : { nodeSelector: LINUX }) }),
  });
  const common = [
    pod('StatefulSet', 'argocd-application-controller', ['argocd-application-controller']),
    pod('Deployment', 'argocd-applicationset-controller', ['argocd-applicationset-controller']),
    pod('Deployment', 'argocd-dex-server', ['dex'], { init: ['copyutil'] }),
    pod('Deployment', 'argocd-notifications-controller', ['argocd-notifications-controller']),
  ];
  return {
    source: ARGOCD_SELF,
    from: `github.com/argoproj/argo-cd ${ARGOCD_VERSION} ${argoInstallPath(env)} (Go module) with our patches`,
    workloads: ha ? [
      ...common,
      pod('StatefulSet', 'argocd-redis-ha-server', ['redis', 'sentinel', 'split-brain-fix'], { replicas: 3, init: ['config-init'], onePerNode: 'argocd-redis-ha', linux: false }),
      pod('Deployment', 'argocd-redis-ha-haproxy', ['haproxy'], { replicas: 3, init: ['secret-init', 'config-init'], onePerNode: 'argocd-redis-ha-haproxy', linux: false }),
      pod('Deployment', 'argocd-repo-server', ['argocd-repo-server'], { replicas: 2, init: ['copyutil'], onePerNode: 'argocd-repo-server' }),
      pod('Deployment', 'argocd-server', ['argocd-server'], { replicas: 2, onePerNode: 'argocd-server' }),
    ] : [
      ...common,
      pod('Deployment', 'argocd-redis', ['redis'], { init: ['secret-init'] }),
      pod('Deployment', 'argocd-repo-server', ['argocd-repo-server'], { init: ['copyutil'] }),
      pod('Deployment', 'argocd-server', ['argocd-server']),
    ],
  };
}

// ---------------------------------------------------------------- the operators: one Deployment each

/**
 * Each operator's Deployment, one replica, on K3S-CLUSTER-SVCS: Flux applies
 * the bundle with our patch, Argo CD installs the project's chart of the same
 * release (./upstream.ts argoHelm) with our placement values, except
 * redis-operator (its kustomize base, patched, under both tools).
 */
function operators(env: Environment): UpstreamInstall[] {
  const argo = env.sync.tool === 'argocd';
  const one = (s: UpstreamSource, name: string, container: string, requests: Container['requests'], namespace = s.namespace!): UpstreamWorkload => ({
    kind: 'Deployment', namespace, name, replicas: 1, containers: [{ name: container, ...(requests ? { requests } : {}) }], scheduling: clusterServices(env),
  });
  const strimzi = source('strimzi-cluster-operator');
  const pxc = source('pxc-operator');
  const psmdb = source('psmdb-operator');
  const redis = source('redis-operator');
  return [
    {
      source: strimzi.name,
      from: argo
        ? 'strimzi/strimzi-kafka-operator 1.2.0 packaging/helm-charts/helm3/strimzi-kafka-operator (values.yaml replicas, resources; templates/060-Deployment-strimzi-cluster-operator.yaml)'
        : 'strimzi/strimzi-kafka-operator 1.2.0 packaging/install/cluster-operator/060-Deployment-strimzi-cluster-operator.yaml',
      unverified: 'Strimzi publishes its install files and chart sources to no registry reachable here (Maven Central carries only what its CRDs are generated from)',
      workloads: [one(strimzi, 'strimzi-cluster-operator', 'strimzi-cluster-operator', { cpu: '200m', memory: '384Mi' })],
    },
    argo ? {
      source: pxc.name,
      // The chart's fullname is the release name when that contains the chart's name (templates/_helpers.tpl).
      from: 'percona/percona-helm-charts tag pxc-operator-1.19.0 charts/pxc-operator (values.yaml replicaCount, resources; templates/deployment.yaml)',
      unverified: 'Percona\'s chart repository is no Go module and no registry here serves it',
      workloads: [one(pxc, releaseName(pxc), 'percona-xtradb-cluster-operator', { cpu: '100m', memory: '20Mi' })],
    } : {
      source: pxc.name,
      from: 'percona/percona-xtradb-cluster-operator v1.19.0 deploy/cw-bundle.yaml',
      unverified: 'the Go module proxy answers 403 for percona-xtradb-cluster-operator v1.19.0',
      workloads: [one(pxc, 'percona-xtradb-cluster-operator', 'percona-xtradb-cluster-operator', { cpu: '100m', memory: '20Mi' })],
    },
    // PSMDB's operator sets no requests (cw-bundle.yaml; the chart's values.yaml resources: {}).
    argo ? {
      source: psmdb.name,
      from: 'percona/percona-helm-charts tag psmdb-operator-1.22.0 charts/psmdb-operator (values.yaml replicaCount, resources: {}; templates/deployment.yaml)',
      unverified: 'Percona\'s chart repository is no Go module and no registry here serves it',
      workloads: [one(psmdb, releaseName(psmdb), 'psmdb-operator', undefined)],
    } : {
      source: psmdb.name,
      from: 'percona/percona-server-mongodb-operator v1.22.0 deploy/cw-bundle.yaml (Go module) with our patches',
      workloads: [one(psmdb, 'percona-server-mongodb-operator', 'percona-server-mongodb-operator', undefined)],
    },
    {
      source: redis.name,
      // config/default: namespace redis-operator-system, namePrefix redis-operator- over config/manager/manager.yaml.
      from: 'OT-CONTAINER-KIT/redis-operator v0.26.0 config/default over config/manager/manager.yaml',
      unverified: 'the Go module proxy answers 403 for redis-operator v0.26.0',
      workloads: [one(redis, 'redis-operator-redis-operator', 'manager', { cpu: '100m', memory: '100Mi' }, 'redis-operator-system')],
    },
  ];
}

/** Every upstream install of an environment with its workloads. */
export function upstreamInstalls(env: Environment): UpstreamInstall[] {
  return [
    ...(env.sync.tool === 'argocd' ? [argocd(env)] : flux(env)),
    certManager(env),
    vault(env),
    externalSecrets(env),
    envoyGateway(env),
    ...operators(env),
  ];
}

/** The workloads as the objects the capacity check reads (charts/environment/pod-groups.ts), marked with their source. */
export function upstreamWorkloadObjects(env: Environment): Any[] {
  return upstreamInstalls(env).flatMap((i) => i.workloads.map((w) => workloadObject(i.source, w)));
}

export function workloadObject(sourceName: string, w: UpstreamWorkload): Any {
  const container = (c: Container) => ({ name: c.name, ...(c.requests ? { resources: { requests: c.requests } } : {}) });
  const template = {
    spec: {
      ...w.scheduling,
      ...(w.initContainers ? { initContainers: w.initContainers.map(container) } : {}),
      containers: w.containers.map(container),
    },
  };
  return {
    apiVersion: w.kind === 'Job' ? 'batch/v1' : 'apps/v1',
    kind: w.kind,
    metadata: { name: w.name, namespace: w.namespace, annotations: { [UPSTREAM_SOURCE_ANNOTATION]: sourceName } },
    spec: w.kind === 'Job' ? { parallelism: w.replicas, template } : { replicas: w.replicas, template },
  };
}
