// Vault HA from HashiCorp's official chart (vault-helm 0.34.1, Vault 2.0.4):
// integrated raft storage, one member per K3S-CLUSTER-SVCS node (three; one
// in dev), TLS everywhere with a certificate from the cluster CA, members
// joining each other by retry_join over TLS. No agent injector: secrets reach
// workloads through External Secrets Operator, so no mutating webhook sits in
// front of every pod creation. Every value key is checked against the chart's
// values.yaml at v0.34.1 (github.com/hashicorp/vault-helm values.yaml).
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { mirrorImage } from '../environment/sections/mirrors';
import { poolLabelKey, POOL_LABEL_VALUE } from '../environment/node-pools';
import { placement } from '../lib/placement';
import { LOCAL_PATH_PROVISIONER, storageClassName, volumeSize } from '../mojaloop/storage';
import type { UpstreamSource } from '../sync/upstream';
import { CLUSTER_SERVICES_POOL } from './cert-manager';
import { clusterCertificate } from './issuers';

export const VAULT_NAMESPACE = 'vault';
const CHART_VERSION = '0.34.1';
/** appVersion of the chart at 0.34.1 (Chart.yaml) and its server.image.tag. */
const VAULT_VERSION = '2.0.4';
const IMAGE = 'hashicorp/vault';
/** The release name: the StatefulSet, pods vault-0.., Services vault, vault-internal, vault-active. */
const RELEASE = 'vault';
/** The headless Service the chart creates for the members (server-headless-service.yaml). */
const HEADLESS = `${RELEASE}-internal`;
export const VAULT_TLS_SECRET = 'vault-server-tls';
/** server.extraVolumes of type secret are mounted at /vault/userconfig/<name> (templates/_helpers.tpl "vault.mounts"). */
const TLS_DIR = `/vault/userconfig/${VAULT_TLS_SECRET}`;
export const VAULT_API_PORT = 8200;
export const VAULT_CLUSTER_PORT = 8201;

/** Raft wants an odd quorum: three members where the pool has three nodes or more, else one. */
export const vaultMembers = (env: Environment): number => (env.topology.nodesOf(CLUSTER_SERVICES_POOL).length >= 3 ? 3 : 1);

const memberHost = (i: number): string => `${RELEASE}-${i}.${HEADLESS}`;

/** The server certificate: the Services clients use, each member (raft retry_join dials them by name), and loopback (the chart's VAULT_ADDR). */
export function vaultDnsNames(env: Environment): string[] {
  const svc = (name: string) => [name, `${name}.${VAULT_NAMESPACE}`, `${name}.${VAULT_NAMESPACE}.svc`, `${name}.${VAULT_NAMESPACE}.svc.cluster.local`];
  const members = Array.from({ length: vaultMembers(env) }, (_, i) => [memberHost(i), `${memberHost(i)}.${VAULT_NAMESPACE}.svc`, `${memberHost(i)}.${VAULT_NAMESPACE}.svc.cluster.local`]).flat();
  return [...svc(RELEASE), ...svc(`${RELEASE}-active`), ...svc(HEADLESS), ...members];
}

/** The server configuration (HCL): TLS listener, raft with every member to join, Kubernetes service registration. */
export function vaultConfig(env: Environment): string {
  const joins = Array.from({ length: vaultMembers(env) }, (_, i) => [
    '  retry_join {',
    `    leader_api_addr = "https://${memberHost(i)}:${VAULT_API_PORT}"`,
    `    leader_ca_cert_file = "${TLS_DIR}/ca.crt"`,
    '  }',
  ]).flat();
  return [
    'ui = false',
    // Raft storage: mlock would pin the whole data file in memory (Vault's raft guidance).
    'disable_mlock = true',
    'listener "tcp" {',
    `  address = "[::]:${VAULT_API_PORT}"`,
    `  cluster_address = "[::]:${VAULT_CLUSTER_PORT}"`,
    `  tls_cert_file = "${TLS_DIR}/tls.crt"`,
    `  tls_key_file = "${TLS_DIR}/tls.key"`,
    '  tls_min_version = "tls12"',
    '}',
    'storage "raft" {',
    '  path = "/vault/data"',
    ...joins,
    '}',
    'service_registration "kubernetes" {}',
    '',
  ].join('\n');
}

export function vaultValues(env: Environment): Record<string, unknown> {
  const members = vaultMembers(env);
  const p = placement(env, CLUSTER_SERVICES_POOL, { 'app.kubernetes.io/name': RELEASE, 'app.kubernetes.io/instance': RELEASE, component: 'server' }, { replicas: members });
  const storage = (size: string) => ({ enabled: true, size: volumeSize(env, size), storageClass: vaultStorageClass });
  return {
    // TLS on: VAULT_ADDR https://127.0.0.1:8200, api and cluster addresses https (server-statefulset.yaml).
    global: { tlsDisable: false },
    injector: { enabled: false },
    csi: { enabled: false },
    ui: { enabled: false },
    server: {
      image: { repository: env.mirrors.registry ? mirrorImage(env.mirrors, `docker.io/${IMAGE}`) : IMAGE, tag: VAULT_VERSION },
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '1Gi' } },
      extraEnvironmentVars: { VAULT_CACERT: `${TLS_DIR}/ca.crt` },
      extraVolumes: [{ type: 'secret', name: VAULT_TLS_SECRET }],
      affinity: p.affinity,
      tolerations: p.tolerations,
      ...(p.topologySpreadConstraints ? { topologySpreadConstraints: p.topologySpreadConstraints } : {}),
      // Restricted Pod Security: the chart's default pod context (uid 100, gid 1000) plus seccomp and no capabilities.
      statefulSet: {
        securityContext: {
          pod: { runAsNonRoot: true, runAsUser: 100, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          container: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      },
      // Clients on 8200 from any namespace; raft and request forwarding on 8201 only between members.
      networkPolicy: {
        enabled: true,
        ingress: [
          { from: [{ namespaceSelector: {} }], ports: [{ port: VAULT_API_PORT, protocol: 'TCP' }] },
          { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': RELEASE, 'app.kubernetes.io/instance': RELEASE, component: 'server' } } }], ports: [{ port: VAULT_CLUSTER_PORT, protocol: 'TCP' }] },
        ],
      },
      dataStorage: storage('10Gi'),
      // The file audit device writes here once enabled (runbook: vault audit enable file).
      auditStorage: storage('10Gi'),
      ha: {
        enabled: true,
        replicas: members,
        // VAULT_RAFT_NODE_ID = the pod name, stable across restarts.
        raft: { enabled: true, setNodeId: true, config: vaultConfig(env) },
        // One member down at a time keeps the raft majority; none for a single member (it could never be drained).
        disruptionBudget: members > 1 ? { enabled: true, maxUnavailable: 1 } : { enabled: false },
      },
    },
  };
}

export const VAULT: UpstreamSource = {
  name: 'vault',
  repository: 'https://github.com/hashicorp/vault-helm',
  tag: `v${CHART_VERSION}`,
  path: '.',
  namespace: VAULT_NAMESPACE,
  podSecurity: 'restricted',
  controller: 'upstream',
  provides: [],
  // Its server certificate, from the cluster-pki layer: a member started without it never becomes Ready.
  mountsSecrets: [VAULT_TLS_SECRET],
  helm: {
    repository: 'https://helm.releases.hashicorp.com',
    chart: 'vault',
    version: CHART_VERSION,
    releaseName: RELEASE,
    values: vaultValues,
    module: { path: 'github.com/hashicorp/vault-helm', version: `v${CHART_VERSION}`, chartDir: '.' },
    // Sealed members are not Ready (the chart's readiness probe is `vault status`,
    // templates/server-statefulset.yaml) until someone unseals them by hand (README runbook):
    // Helm waiting here would time out the install and remediate it, over and over.
    disableWait: true,
  },
  images: [`${IMAGE}:${VAULT_VERSION}`],
  why: 'Secrets store: raft HA, TLS from the cluster CA; read by External Secrets Operator.',
};

const vaultStorageClass = storageClassName(CLUSTER_SERVICES_POOL);

/**
 * Local volumes on the pool's nodes (see charts/mojaloop/storage.ts for why
 * local-path). Rendered in the namespaces layer: Vault is installed before the
 * cluster-services layer and its claims need the class.
 */
export function vaultStorage(namespacesLayer: Construct, labels: Record<string, string>): void {
  new k8s.KubeStorageClass(namespacesLayer, 'storageclass-vault', {
    metadata: { name: vaultStorageClass, labels },
    provisioner: LOCAL_PATH_PROVISIONER,
    reclaimPolicy: 'Retain',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: false,
    allowedTopologies: [{ matchLabelExpressions: [{ key: poolLabelKey(CLUSTER_SERVICES_POOL), values: [POOL_LABEL_VALUE] }] }],
  });
}

/** Vault's server certificate from the cluster CA (the chart mounts its Secret; rendered in the cluster-pki layer, before Vault). */
export function vaultCertificate(scope: Construct, env: Environment, labels: Record<string, string>): void {
  clusterCertificate(scope, {
    name: VAULT_TLS_SECRET,
    namespace: VAULT_NAMESPACE,
    secretName: VAULT_TLS_SECRET,
    use: 'server',
    commonName: `${RELEASE}.${VAULT_NAMESPACE}.svc`,
    dnsNames: vaultDnsNames(env),
    ipAddresses: ['127.0.0.1'],
    labels,
  });
}
