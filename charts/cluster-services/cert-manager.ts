// cert-manager, installed from its own Helm chart at a pinned version, on
// K3S-CLUSTER-SVCS. The values below are our only adaptations; every key is
// checked against the chart's values.yaml at v1.21.2
// (github.com/cert-manager/cert-manager deploy/charts/cert-manager/values.yaml).
import type { Environment } from '../environment/environment';
import type { PoolName } from '../environment/node-pools';
import { majority, placement } from '../lib/placement';
import type { UpstreamSource } from '../sync/upstream';
import { CERT_MANAGER_NAMESPACE } from './issuers';

export const CLUSTER_SERVICES_POOL: PoolName = 'K3S-CLUSTER-SVCS';
const VERSION = 'v1.21.2';
/** Names every object of the chart (cert-manager, cert-manager-webhook, cert-manager-cainjector). */
const RELEASE = 'cert-manager';

/** values.yaml: imageRegistry + imageNamespace + image.name, tag defaulting to the chart's appVersion. */
const IMAGE_NAMES = ['cert-manager-controller', 'cert-manager-webhook', 'cert-manager-cainjector', 'cert-manager-startupapicheck'];

/**
 * Placement of one component: required affinity to the pool, its taint
 * tolerated, one replica per node, and a budget that keeps a majority.
 * @param name the component's app.kubernetes.io/name (templates/*-deployment.yaml matchLabels)
 */
function placed(env: Environment, name: string, component: string, resources: { cpu: string; memory: string; memoryLimit: string }): Record<string, unknown> {
  const p = placement(env, CLUSTER_SERVICES_POOL, { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': RELEASE, 'app.kubernetes.io/component': component });
  return {
    replicaCount: p.replicas,
    affinity: p.affinity,
    tolerations: p.tolerations,
    ...(p.topologySpreadConstraints ? { topologySpreadConstraints: p.topologySpreadConstraints } : {}),
    // One replica per node and every node taken: a surge pod would have nowhere to go.
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
    // None for a single replica: it could never be drained otherwise.
    podDisruptionBudget: p.replicas > 1 ? { enabled: true, minAvailable: majority(p.replicas) } : { enabled: false },
    resources: { requests: { cpu: resources.cpu, memory: resources.memory }, limits: { memory: resources.memoryLimit } },
  };
}

export function certManagerValues(env: Environment): Record<string, unknown> {
  // The startupapicheck Job is a post-install hook, one pod: the pool and its taint, no replicas.
  const job = placement(env, CLUSTER_SERVICES_POOL, { 'app.kubernetes.io/name': 'startupapicheck', 'app.kubernetes.io/instance': RELEASE });
  return {
    // CRDs from the chart's templates, kept on uninstall (deleting a CRD deletes every certificate).
    crds: { enabled: true, keep: true },
    // Leader election in our namespace, not the chart's default kube-system.
    global: { leaderElection: { namespace: CERT_MANAGER_NAMESPACE } },
    ...(env.mirrors.registry ? { imageRegistry: `${env.mirrors.registry}/quay.io` } : {}),
    // The metrics annotations stay; the ServiceMonitor would need prometheus-operator's CRDs first.
    prometheus: { enabled: true, servicemonitor: { enabled: false } },
    ...placed(env, 'cert-manager', 'controller', { cpu: '50m', memory: '128Mi', memoryLimit: '512Mi' }),
    webhook: placed(env, 'webhook', 'webhook', { cpu: '20m', memory: '64Mi', memoryLimit: '256Mi' }),
    cainjector: placed(env, 'cainjector', 'cainjector', { cpu: '20m', memory: '128Mi', memoryLimit: '512Mi' }),
    startupapicheck: {
      affinity: { nodeAffinity: job.affinity.nodeAffinity },
      tolerations: job.tolerations,
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
    },
  };
}

export const CERT_MANAGER: UpstreamSource = {
  name: 'cert-manager',
  repository: 'https://github.com/cert-manager/cert-manager',
  tag: VERSION,
  path: 'deploy/charts/cert-manager',
  namespace: CERT_MANAGER_NAMESPACE,
  // Every pod of the chart sets runAsNonRoot, seccomp RuntimeDefault, no privilege escalation and drops ALL (values.yaml securityContext/containerSecurityContext).
  podSecurity: 'restricted',
  controller: 'upstream',
  provides: [
    { group: 'cert-manager.io', kinds: ['Certificate', 'CertificateRequest', 'ClusterIssuer', 'Issuer'] },
    { group: 'acme.cert-manager.io', kinds: ['Challenge', 'Order'] },
  ],
  helm: {
    repository: 'https://charts.jetstack.io',
    chart: 'cert-manager',
    version: VERSION,
    releaseName: RELEASE,
    values: certManagerValues,
    module: { path: 'github.com/cert-manager/cert-manager', version: VERSION, chartDir: 'deploy/charts/cert-manager' },
    // cainjector writes the webhook's CA into these fields after every install: not drift.
    driftIgnore: [
      { paths: ['/webhooks/0/clientConfig/caBundle'], target: { kind: 'ValidatingWebhookConfiguration' } },
      { paths: ['/webhooks/0/clientConfig/caBundle'], target: { kind: 'MutatingWebhookConfiguration' } },
    ],
  },
  images: IMAGE_NAMES.map((n) => `quay.io/jetstack/${n}:${VERSION}`),
  // Started by the controller for ACME HTTP-01 challenges only (values.yaml acmesolver.image); our issuers are CA issuers.
  runtimeImages: [`quay.io/jetstack/cert-manager-acmesolver:${VERSION}`],
  why: 'Certificates for the cluster: the cluster CA, the FSPIOP gateway, DFSP clients, internal mTLS, Vault.',
};
