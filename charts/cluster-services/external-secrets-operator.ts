// External Secrets Operator, installed from its own Helm chart at a pinned
// version, on K3S-CLUSTER-SVCS: it turns the ExternalSecrets of the
// cluster-services layer into Secrets read from Vault. Every value key is
// checked against the chart's values.yaml at v1.3.2
// (github.com/external-secrets/external-secrets deploy/charts/external-secrets/values.yaml).
//
// Why ESO and not the Vault agent injector with vault-config-operator: the
// Secrets are declared as reviewable objects in git, and they are ordinary
// Secrets, which the operators' CRs (PXC, PSMDB, Strimzi, Alertmanager,
// Grafana, Prometheus remote-write) read by name and a per-pod injector cannot
// serve; no sidecar per pod, no second operator.
import type { Environment } from '../environment/environment';
import type { PoolName } from '../environment/node-pools';
import { mirrorImage } from '../environment/sections/mirrors';
import { majority, placement } from '../lib/placement';
import type { UpstreamSource } from '../sync/upstream';

const POOL: PoolName = 'K3S-CLUSTER-SVCS';
/**
 * Chart 1.3.2 is the release of v1.3.2. At the tag, Chart.yaml still reads
 * version and appVersion 1.3.1: the release workflow sets both only in its
 * own checkout (.github/workflows/release.yml, "Build release manifests") and
 * the chart is published afterwards. So the image tag is set here, not left
 * to appVersion (e2e renders the module's chart).
 */
const VERSION = '1.3.2';
/** Names every object of the chart: fullname = release name (templates/_helpers.tpl). */
const RELEASE = 'external-secrets';
export const EXTERNAL_SECRETS_NAMESPACE = 'external-secrets';
/** The one image of the controller, webhook and cert-controller (values.yaml image, webhook.image, certController.image). */
const IMAGE = `ghcr.io/external-secrets/external-secrets:v${VERSION}`;

/** Placement of one component, selected by its pod labels (templates/_helpers.tpl *.selectorLabels). */
function placed(env: Environment, name: string, opts: { singleton?: boolean }, size: { cpu: string; memory: string; memoryLimit: string }): Record<string, unknown> {
  const p = placement(env, POOL, { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': RELEASE }, opts);
  const image = mirrorImage(env.mirrors, IMAGE);
  const at = image.lastIndexOf(':');
  return {
    image: { repository: image.slice(0, at), tag: image.slice(at + 1) },
    replicaCount: p.replicas,
    affinity: p.affinity,
    tolerations: p.tolerations,
    ...(p.topologySpreadConstraints ? { topologySpreadConstraints: p.topologySpreadConstraints } : {}),
    podDisruptionBudget: p.replicas > 1 ? { enabled: true, minAvailable: majority(p.replicas) } : { enabled: false },
    resources: { requests: { cpu: size.cpu, memory: size.memory }, limits: { memory: size.memoryLimit } },
  };
}

export function externalSecretsValues(env: Environment): Record<string, unknown> {
  return {
    installCRDs: true,
    // One controller (leaderElect is off): it is not on any request path, the Secrets it wrote stay while it is away.
    ...placed(env, 'external-secrets', { singleton: true }, { cpu: '50m', memory: '128Mi', memoryLimit: '512Mi' }),
    // The webhook admits every ExternalSecret and store (failurePolicy Fail): one per node of the pool, as cert-manager's.
    webhook: {
      ...placed(env, 'external-secrets-webhook', {}, { cpu: '20m', memory: '64Mi', memoryLimit: '256Mi' }),
      // One replica per node and every node taken: a surge pod would have nowhere to go.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
    },
    // Keeps the webhook's certificate and caBundle; one suffices.
    certController: placed(env, 'external-secrets-cert-controller', { singleton: true }, { cpu: '20m', memory: '64Mi', memoryLimit: '256Mi' }),
  };
}

export const EXTERNAL_SECRETS: UpstreamSource = {
  name: RELEASE,
  repository: 'https://github.com/external-secrets/external-secrets',
  tag: `v${VERSION}`,
  path: 'deploy/charts/external-secrets',
  namespace: EXTERNAL_SECRETS_NAMESPACE,
  // Every pod of the chart runs as non-root with seccomp RuntimeDefault, no privilege escalation and ALL dropped (values.yaml securityContext of each component).
  podSecurity: 'restricted',
  controller: 'upstream',
  provides: [{ group: 'external-secrets.io', kinds: ['ClusterExternalSecret', 'ClusterPushSecret', 'ClusterSecretStore', 'ExternalSecret', 'PushSecret', 'SecretStore'] }],
  helm: {
    repository: 'https://charts.external-secrets.io',
    chart: 'external-secrets',
    version: VERSION,
    releaseName: RELEASE,
    values: externalSecretsValues,
    module: { path: 'github.com/external-secrets/external-secrets', version: `v${VERSION}`, chartDir: 'deploy/charts/external-secrets' },
    // The cert-controller writes the webhook's certificate into its Secret and the caBundle into both
    // ValidatingWebhookConfigurations (secretstore-validate holds two webhooks) after every install: not drift.
    driftIgnore: [
      { paths: ['/webhooks/0/clientConfig/caBundle', '/webhooks/1/clientConfig/caBundle'], target: { kind: 'ValidatingWebhookConfiguration' } },
      { paths: ['/data'], target: { kind: 'Secret' } },
    ],
  },
  images: [IMAGE],
  why: 'Delivers the Secrets declared in git (the ExternalSecrets of cluster-services) from Vault.',
};
