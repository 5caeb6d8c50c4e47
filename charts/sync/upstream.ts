// Upstream CRDs and operators, pulled by the sync tool from their own
// repositories at a pinned tag and never copied here. This table is the one
// place that says which source provides which custom resource kinds; the sync
// order is derived from it and from the kinds each layer actually uses.
//
// Every source's largest CRD exceeds the 256 KiB that client-side apply can
// store in the last-applied annotation (measured on the pinned files: e.g.
// prometheuses 833 KB, PerconaServerMongoDB 1.3 MB, Kafka 330 KB), so Argo CD
// applies them server-side; Flux always applies server-side.

import type { Environment } from '../environment/environment';
import { CERT_MANAGER } from '../cluster-services/cert-manager';
import { VAULT } from '../cluster-services/vault';
import { EXTERNAL_SECRETS } from '../cluster-services/external-secrets-operator';
import type { WorkloadKind } from './upstream-placement';
import { poolLabelKey, POOL_LABEL_VALUE } from '../environment/node-pools';
import { poolTolerations } from '../lib/placement';

export interface ProvidedKinds { group: string; kinds: readonly string[] }

/**
 * An upstream source installed from its Helm chart (Flux: HelmRepository +
 * HelmRelease; Argo CD: a helm source), for projects that publish no plain
 * manifests. The values carry our adaptations (placement, mirror, features);
 * the chart itself is never copied here.
 */
export interface HelmChart {
  /** Chart repository: https://... or oci://... */
  repository: string;
  chart: string;
  /** Exact chart version (no ranges). */
  version: string;
  /** Values, or values that depend on the environment (replicas, placement, the registry mirror). */
  values: Record<string, unknown> | ((env: Environment) => Record<string, unknown>);
  /** Helm release name (object names derive from it); default: the source's name. */
  releaseName?: string;
  /** Fields a controller of the chart writes after install (not drift), by JSON pointer and target kind. */
  driftIgnore?: ReadonlyArray<{ paths: string[]; target: { kind: string } }>;
  /** Install and upgrade do not wait for the release's workloads to be ready (say why where it is set). */
  disableWait?: boolean;
  /**
   * The Go module that carries this chart's sources at the same release
   * (pinned in tools/upstream/go.mod), so e2e renders it with helm template.
   */
  module?: { path: string; version: string; chartDir: string };
}

export interface UpstreamSource {
  /** Name of the Flux source + Kustomization / Argo CD Application. */
  name: string;
  repository: string;
  tag: string;
  /** Folder of the repository that is applied. */
  path: string;
  /** Only these files of the folder (the others are examples, CRs or Secrets that must not be applied). */
  files?: readonly string[];
  /** Namespace the operator runs in; none for CRD-only sources. */
  namespace?: string;
  /** Pod Security level enforced in that namespace: what every pod of the source meets (default baseline). */
  podSecurity?: 'restricted' | 'baseline';
  /** Who runs the controller for these kinds: the upstream bundle, or monitoring-core (rendered by us). */
  controller: 'upstream' | 'monitoring-core';
  provides: readonly ProvidedKinds[];
  /** Flux Kustomization patches that adapt the upstream bundle (namespaces, watch scope, image). */
  fluxPatches?: ReadonlyArray<{ target: { kind: string }; patch: string }>;
  fluxImages?: ReadonlyArray<{ name: string; newTag: string }>;
  /**
   * The workload kinds the bundle runs (its operator): each gets the
   * K3S-CLUSTER-SVCS placement patch, computed per environment by the sync
   * renderers (charts/sync/upstream-placement.ts).
   */
  workloads?: readonly WorkloadKind[];
  /** Images the bundle's own manifests name (after fluxImages), for the air-gap mirror and the README. */
  images?: readonly string[];
  /** Images the operator starts at run time (not in any manifest we or the bundle render): the node mirror covers them. */
  runtimeImages?: readonly string[];
  /**
   * Secrets of its namespace that its pods mount and one of our layers makes
   * (the secretName of a cert-manager Certificate, the target of an
   * ExternalSecret): the sync plan applies the source after that layer, so its
   * pods find them when they first start (test/mounted-secrets.test.ts checks
   * the list against the chart as helm renders it).
   */
  mountsSecrets?: readonly string[];
  /** Installed from this Helm chart by both sync tools (repository/tag/path then name the chart's source, for the README). */
  helm?: HelmChart;
  /**
   * Argo CD installs this source from the upstream Helm chart instead (same
   * release): a plain directory source (files) cannot carry the placement
   * patch, and the charts take placement as values. `mirrored` gives the
   * values that send the chart's images to the registry mirror.
   */
  argoHelm?: { repoURL: string; chart: string; version: string; values: Record<string, unknown>; mirrored?: (image: (name: string) => string) => Record<string, unknown> };
  why: string;
}

const STRIMZI_NS = 'strimzi';
/** Percona's Helm chart repository (an https repository, not OCI). */
const PERCONA_CHARTS = 'https://percona.github.io/percona-helm-charts/';

/** Strimzi's install files bind their ServiceAccount in a namespace called "myproject"; ours is STRIMZI_NS. */
const strimziSubjectPatch = (kind: string) => ({
  target: { kind },
  patch: `- op: replace\n  path: /subjects/0/namespace\n  value: ${STRIMZI_NS}\n`,
});

/** The Envoy Gateway controller's namespace; in its default deploy mode (ControllerNamespace) the Envoy proxies run there too. */
export const ENVOY_GATEWAY_NS = 'envoy-gateway-system';
/** The published chart v1.9.1 sets global.images.envoyGateway.image to the release tag (values.tmpl.yaml ${GatewayImage}). */
export const ENVOY_GATEWAY_IMAGE = 'docker.io/envoyproxy/gateway:v1.9.1';
export const ENVOY_PROXY_IMAGE = 'docker.io/envoyproxy/envoy:distroless-v1.39.1';

/**
 * Values over charts/gateway-helm/values.tmpl.yaml at v1.9.1. The controller
 * runs on K3S-CLUSTER-SVCS with cert-manager and the operators, not on a
 * gateway pool: it is control plane (it watches the API, reads Secrets
 * cluster-wide and programs the proxies over xDS), and the gateway pools,
 * the external one facing the DFSPs, keep their capacity and their exposure
 * for the Envoy data plane alone. One replica: the proxies keep serving their
 * last configuration while it restarts elsewhere.
 */
const ENVOY_GATEWAY_VALUES: Record<string, unknown> = {
  deployment: {
    replicas: 1,
    pod: {
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: poolLabelKey('K3S-CLUSTER-SVCS'), operator: 'In', values: [POOL_LABEL_VALUE] }] }] } } },
      tolerations: poolTolerations(['K3S-CLUSTER-SVCS']),
    },
  },
  // Lua EnvoyExtensionPolicies are off by default (api/v1alpha1/envoygateway_types.go
  // EnableLua); the external gateway's FSPIOP-Source check is one (charts/gateway/source-check.ts).
  config: { envoyGateway: { extensionApis: { enableLua: true } } },
  certgen: {
    job: {
      // The chart sets none (values.tmpl.yaml certgen.job.resources: {}); the capacity check counts these.
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: poolLabelKey('K3S-CLUSTER-SVCS'), operator: 'In', values: [POOL_LABEL_VALUE] }] }] } } },
      tolerations: poolTolerations(['K3S-CLUSTER-SVCS']),
    },
  },
};

export const UPSTREAM_SOURCES: readonly UpstreamSource[] = [
  // Cluster services (charts/cluster-services/): installed from their Helm charts.
  CERT_MANAGER,
  VAULT,
  EXTERNAL_SECRETS,
  {
    name: 'prometheus-operator-crds',
    repository: 'https://github.com/prometheus-operator/prometheus-operator',
    tag: 'v0.93.0',
    path: 'example/prometheus-operator-crd',
    controller: 'monitoring-core',
    provides: [{ group: 'monitoring.coreos.com', kinds: ['Alertmanager', 'AlertmanagerConfig', 'PodMonitor', 'Probe', 'Prometheus', 'PrometheusAgent', 'PrometheusRule', 'ScrapeConfig', 'ServiceMonitor', 'ThanosRuler'] }],
    why: 'CRDs only: monitoring-core renders the operator Deployment and RBAC itself.',
  },
  {
    name: 'grafana-operator-crds',
    repository: 'https://github.com/grafana/grafana-operator',
    tag: 'v5.24.0',
    path: 'config/crd/bases',
    controller: 'monitoring-core',
    provides: [{ group: 'grafana.integreatly.org', kinds: ['Grafana', 'GrafanaAlertRuleGroup', 'GrafanaContactPoint', 'GrafanaDashboard', 'GrafanaDatasource', 'GrafanaFolder', 'GrafanaLibraryPanel', 'GrafanaMuteTiming', 'GrafanaNotificationPolicy', 'GrafanaNotificationTemplate'] }],
    why: 'CRDs only: monitoring-core renders the operator Deployment and RBAC itself.',
  },
  {
    name: 'strimzi-cluster-operator',
    repository: 'https://github.com/strimzi/strimzi-kafka-operator',
    tag: '1.2.0',
    path: 'packaging/install/cluster-operator',
    namespace: STRIMZI_NS,
    controller: 'upstream',
    provides: [
      { group: 'kafka.strimzi.io', kinds: ['Kafka', 'KafkaBridge', 'KafkaConnect', 'KafkaConnector', 'KafkaMirrorMaker2', 'KafkaNodePool', 'KafkaRebalance', 'KafkaTopic', 'KafkaUser'] },
      { group: 'core.strimzi.io', kinds: ['StrimziPodSet'] },
    ],
    fluxPatches: [
      strimziSubjectPatch('RoleBinding'),
      strimziSubjectPatch('ClusterRoleBinding'),
      // Watch every namespace (the Kafka CRs live in mojaloop); the matching
      // ClusterRoleBindings are rendered in the namespaces layer.
      {
        // The bundle's only Deployment (targets match by kind: patches run before name prefixes).
        target: { kind: 'Deployment' },
        patch: [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata:',
          '  name: strimzi-cluster-operator',
          'spec:',
          '  template:',
          '    spec:',
          '      containers:',
          '        - name: strimzi-cluster-operator',
          '          env:',
          '            - name: STRIMZI_NAMESPACE',
          '              value: "*"',
          '              valueFrom: null',
          '',
        ].join('\n'),
      },
    ],
    workloads: ['Deployment'],
    // Placement values: templates/060-Deployment-strimzi-cluster-operator.yaml (affinity, tolerations).
    argoHelm: { repoURL: 'quay.io/strimzi-helm', chart: 'strimzi-kafka-operator', version: '1.2.0', values: { watchAnyNamespace: true }, mirrored: (image) => ({ defaultImageRegistry: image('quay.io') }) },
    images: ['quay.io/strimzi/operator:1.2.0'],
    // 060-Deployment-strimzi-cluster-operator.yaml: STRIMZI_KAFKA_IMAGES and the other STRIMZI_DEFAULT_* images.
    runtimeImages: ['quay.io/strimzi/kafka', 'quay.io/strimzi/operator (topic and user operators, init containers)'],
    why: 'Cluster operator watching all namespaces; Kafka in KRaft mode with node pools.',
  },
  {
    name: 'pxc-operator',
    repository: 'https://github.com/percona/percona-xtradb-cluster-operator',
    tag: 'v1.19.0',
    path: 'deploy',
    files: ['cw-bundle.yaml'],
    // cw-bundle binds its ServiceAccount in this namespace and watches all namespaces (WATCH_NAMESPACE="").
    namespace: 'pxc-operator',
    controller: 'upstream',
    provides: [{ group: 'pxc.percona.com', kinds: ['PerconaXtraDBCluster', 'PerconaXtraDBClusterBackup', 'PerconaXtraDBClusterRestore'] }],
    images: ['percona/percona-xtradb-cluster-operator:1.19.0'],
    workloads: ['Deployment'],
    // Percona's chart of the same release (percona-helm-charts charts/pxc-operator: watchAllNamespaces
    // sets WATCH_NAMESPACE="" as cw-bundle does; nodeSelector, affinity, tolerations: tests/deployment_test.yaml).
    argoHelm: {
      repoURL: PERCONA_CHARTS, chart: 'pxc-operator', version: '1.19.0', values: { watchAllNamespaces: true },
      mirrored: (image) => ({ operatorImageRepository: image('percona/percona-xtradb-cluster-operator') }),
    },
    why: 'Cluster-wide bundle (CRDs, RBAC, operator).',
  },
  {
    name: 'psmdb-operator',
    repository: 'https://github.com/percona/percona-server-mongodb-operator',
    tag: 'v1.22.0',
    path: 'deploy',
    files: ['cw-bundle.yaml'],
    namespace: 'psmdb-operator',
    controller: 'upstream',
    provides: [{ group: 'psmdb.percona.com', kinds: ['PerconaServerMongoDB', 'PerconaServerMongoDBBackup', 'PerconaServerMongoDBRestore'] }],
    images: ['percona/percona-server-mongodb-operator:1.22.0'],
    workloads: ['Deployment'],
    // percona-helm-charts charts/psmdb-operator 1.22.0 (appVersion 1.22.0): watchAllNamespaces, nodeSelector, tolerations, affinity.
    argoHelm: {
      repoURL: PERCONA_CHARTS, chart: 'psmdb-operator', version: '1.22.0', values: { watchAllNamespaces: true },
      mirrored: (image) => ({ image: { repository: image('percona/percona-server-mongodb-operator') } }),
    },
    why: 'Cluster-wide bundle (CRDs, RBAC, operator).',
  },
  {
    name: 'redis-operator',
    repository: 'https://github.com/OT-CONTAINER-KIT/redis-operator',
    tag: 'v0.26.0',
    // The kustomize base: creates namespace redis-operator-system, CRDs, RBAC, operator (watches all namespaces).
    path: 'config/default',
    controller: 'upstream',
    provides: [{ group: 'redis.redis.opstreelabs.in', kinds: ['Redis', 'RedisCluster', 'RedisReplication', 'RedisSentinel'] }],
    // At v0.26.0 the base still names image tag v0.24.0 and a development pull policy.
    fluxImages: [{ name: 'quay.io/opstree/redis-operator', newTag: 'v0.26.0' }],
    images: ['quay.io/opstree/redis-operator:v0.26.0'],
    workloads: ['Deployment'],
    fluxPatches: [{
      // The base creates its own namespace without Pod Security labels, so the nodes'
      // cluster default ("restricted", charts/cluster/hardening.ts) would apply; the
      // operator's pod does not meet it. Same level as the other operator namespaces.
      target: { kind: 'Namespace' },
      patch: [
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: redis-operator-system',
        '  labels:',
        '    pod-security.kubernetes.io/enforce: baseline',
        '    pod-security.kubernetes.io/warn: restricted',
        '    pod-security.kubernetes.io/audit: restricted',
        '',
      ].join('\n'),
    }, {
      target: { kind: 'Deployment' },
      patch: [
        '- op: replace',
        '  path: /spec/template/spec/containers/0/imagePullPolicy',
        '  value: IfNotPresent',
        '- op: replace',
        '  path: /spec/template/spec/containers/0/args',
        '  value: ["--leader-elect", "--metrics-bind-address=:8443", "--metrics-secure", "--zap-log-level=info", "--enable-webhooks=false"]',
        '',
      ].join('\n'),
    }],
    why: 'OT redis-operator (RedisReplication + RedisSentinel with persistence).',
  },
  {
    name: 'envoy-gateway',
    // The chart's sources at the release (charts/gateway-helm); installed from the published chart.
    repository: 'https://github.com/envoyproxy/gateway',
    tag: 'v1.9.1',
    path: 'charts/gateway-helm',
    namespace: ENVOY_GATEWAY_NS,
    controller: 'upstream',
    provides: [
      // charts/gateway-helm/charts/crds/crds/gatewayapi-crds.yaml at v1.9.1: Gateway API
      // v1.6.1, experimental channel (a superset of the standard channel's kinds).
      { group: 'gateway.networking.k8s.io', kinds: ['BackendTLSPolicy', 'GRPCRoute', 'Gateway', 'GatewayClass', 'HTTPRoute', 'ListenerSet', 'ReferenceGrant', 'TCPRoute', 'TLSRoute', 'UDPRoute'] },
      // charts/gateway-helm/charts/crds/crds/generated/ at v1.9.1.
      { group: 'gateway.envoyproxy.io', kinds: ['Backend', 'BackendTrafficPolicy', 'ClientTrafficPolicy', 'EnvoyExtensionPolicy', 'EnvoyPatchPolicy', 'EnvoyProxy', 'HTTPRouteFilter', 'SecurityPolicy'] },
    ],
    helm: {
      repository: 'oci://docker.io/envoyproxy',
      chart: 'gateway-helm',
      version: 'v1.9.1',
      module: { path: 'github.com/envoyproxy/gateway', version: 'v1.9.1', chartDir: 'charts/gateway-helm' },
      values: ENVOY_GATEWAY_VALUES,
    },
    images: [ENVOY_GATEWAY_IMAGE],
    // api/v1alpha1/shared_types.go DefaultEnvoyProxyImage at v1.9.1: the data plane the controller starts.
    runtimeImages: [ENVOY_PROXY_IMAGE],
    why: 'Envoy Gateway: the Gateway API implementation behind the external FSPIOP gateway and the internal admin gateway (charts/gateway/).',
  },
];

/** API groups served by Kubernetes itself (no CRD needed). */
export const BUILTIN_GROUPS = new Set([
  '', 'apps', 'batch', 'policy', 'autoscaling', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io',
  'scheduling.k8s.io', 'coordination.k8s.io', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'discovery.k8s.io',
  'certificates.k8s.io', 'node.k8s.io', 'flowcontrol.apiserver.k8s.io',
]);

export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** The upstream source that provides a custom resource kind, if any. */
export function providerOf(apiVersion: string, kind: string): UpstreamSource | undefined {
  const group = groupOf(apiVersion);
  return UPSTREAM_SOURCES.find((s) => s.provides.some((p) => p.group === group && p.kinds.includes(kind)));
}

/** Namespaces the upstream operators run in and we create (redis-operator's base creates its own). */
export const OPERATOR_NAMESPACES = UPSTREAM_SOURCES.filter((s) => s.namespace).map((s) => s.namespace!);
