// K3S CIS hardening, as data: every item of the upstream K3S "CIS Hardening
// Guide" (docs.k3s.io/security/hardening-guide, the "v1.29 and Newer" tab that
// covers the pinned K3S v1.36) that our node configs apply, with the guide
// section it comes from, and every item we do not apply with the reason.
// charts/cluster/kairos.ts turns the items into k3s arguments and files that
// Kairos writes; test/hardening.test.ts checks each rendered node against
// this list.
import type { Environment } from '../environment/environment';
import { SECURITY_EXCEPTIONS } from '../lib/security';
import { toYaml } from '../lib/yaml';

export const GUIDE = 'K3S CIS Hardening Guide';

/** Paths the guide uses; K3S reads them from the server's data directory. */
export const SERVER_DIR = '/var/lib/rancher/k3s/server';
export const ADMISSION_CONFIG = `${SERVER_DIR}/psa.yaml`;
export const AUDIT_POLICY = `${SERVER_DIR}/audit.yaml`;
export const AUDIT_LOG_DIR = `${SERVER_DIR}/logs`;
export const AUDIT_LOG = `${AUDIT_LOG_DIR}/audit.log`;
export const SYSCTL_FILE = '/etc/sysctl.d/90-kubelet.conf';

/** Kernel parameters the kubelet checks under --protect-kernel-defaults ("Set kernel parameters"). */
export const KUBELET_SYSCTLS: Readonly<Record<string, string>> = {
  'vm.panic_on_oom': '0',
  'vm.overcommit_memory': '1',
  'kernel.panic': '10',
  'kernel.panic_on_oops': '1',
};

/** The guide's kubelet cipher list ("Configuration for Kubernetes Components"). */
export const TLS_CIPHER_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
].join(',');

/**
 * Namespaces exempt from the cluster-wide Pod Security default. kube-system is
 * the guide's own exemption: K3S' packaged components (klipper-lb, Traefik
 * where used), our CoreDNS and local-path provisioner and kube-vip run there
 * with host networking, hostPath and NET_ADMIN.
 */
export const PSA_EXEMPT_NAMESPACES = ['kube-system'] as const;

export type NodeKind = 'server' | 'agent';

export interface HardeningItem {
  id: string;
  /** Guide section the item comes from. */
  source: string;
  /** Which nodes carry it. */
  on: readonly NodeKind[];
  /** k3s arguments (exactly as rendered). */
  args: readonly string[];
  /** Files Kairos writes (path -> where the content comes from). */
  files?: readonly string[];
  why: string;
}

export const HARDENING: readonly HardeningItem[] = [
  {
    id: 'protect-kernel-defaults',
    source: `${GUIDE}, "Host-level Requirements" > "Ensure protect-kernel-defaults is set" / "Set kernel parameters"`,
    on: ['server', 'agent'],
    args: ['--protect-kernel-defaults'],
    files: [SYSCTL_FILE],
    why: 'The kubelet refuses to start when the kernel does not hold the values it expects; Kairos writes them to /etc/sysctl.d before K3S starts (initramfs stage) and applies them at boot.',
  },
  {
    id: 'secrets-encryption',
    source: `${GUIDE}, "Configuration for Kubernetes Components"`,
    on: ['server'],
    args: ['--secrets-encryption'],
    why: 'Secrets are encrypted at rest in etcd (and in its snapshots).',
  },
  {
    id: 'admission-plugins',
    source: `${GUIDE}, "Manual Operations" > "Control 1.2.9" (EventRateLimit)`,
    on: ['server'],
    args: ['--kube-apiserver-arg=enable-admission-plugins=NodeRestriction,EventRateLimit'],
    why: 'NodeRestriction limits each kubelet to its own Node and pods; EventRateLimit caps event writes so a crash-looping workload cannot flood etcd.',
  },
  {
    id: 'admission-config',
    source: `${GUIDE}, "Kubernetes Runtime Requirements" > "Pod Security"`,
    on: ['server'],
    args: [`--kube-apiserver-arg=admission-control-config-file=${ADMISSION_CONFIG}`],
    files: [ADMISSION_CONFIG],
    why: 'Pod Security admission enforces "restricted" in every namespace that does not say otherwise; only kube-system is exempt. Our namespaces carry their level as labels (charts/lib/namespace.ts).',
  },
  {
    id: 'audit-log',
    source: `${GUIDE}, "Kubernetes Runtime Requirements" > "API Server audit configuration"`,
    on: ['server'],
    args: [
      `--kube-apiserver-arg=audit-log-path=${AUDIT_LOG}`,
      `--kube-apiserver-arg=audit-policy-file=${AUDIT_POLICY}`,
      '--kube-apiserver-arg=audit-log-maxage=30',
      '--kube-apiserver-arg=audit-log-maxbackup=10',
      '--kube-apiserver-arg=audit-log-maxsize=100',
    ],
    files: [AUDIT_POLICY, AUDIT_LOG_DIR],
    why: 'Every API request is recorded (metadata level: who did what to which object, never Secret contents) in a file rotated at 100 MB, 10 files and 30 days kept; the directory is created 0700 before K3S starts.',
  },
  {
    id: 'service-account-token-expiration',
    source: `${GUIDE}, "Configuration for Kubernetes Components" (v1.29 and newer)`,
    on: ['server'],
    args: ['--kube-apiserver-arg=service-account-extend-token-expiration=false'],
    why: 'Projected service account tokens expire when they say they do.',
  },
  {
    id: 'terminated-pod-gc',
    source: `${GUIDE}, "Configuration for Kubernetes Components"`,
    on: ['server'],
    args: ['--kube-controller-manager-arg=terminated-pod-gc-threshold=10'],
    why: 'Terminated pods are garbage-collected early (CIS 1.3.1).',
  },
  {
    id: 'kubelet-streaming-timeout',
    source: `${GUIDE}, "Configuration for Kubernetes Components"`,
    on: ['server', 'agent'],
    args: ['--kubelet-arg=streaming-connection-idle-timeout=5m'],
    why: 'Idle exec/attach/port-forward streams are closed after 5 minutes (CIS 4.2.5).',
  },
  {
    id: 'kubelet-tls-ciphers',
    source: `${GUIDE}, "Configuration for Kubernetes Components"`,
    on: ['server', 'agent'],
    args: [`--kubelet-arg=tls-cipher-suites=${TLS_CIPHER_SUITES}`],
    why: 'The kubelet serves only strong AEAD cipher suites (CIS 4.2.12).',
  },
  {
    id: 'pod-pids-limit',
    source: `${GUIDE}, "Manual Operations" > "Control 4.2.13"`,
    on: ['server', 'agent'],
    args: ['--kubelet-arg=pod-max-pids=16384'],
    why: 'A fork bomb in one pod cannot exhaust the node\'s PIDs; 16384 leaves room for Kafka brokers and MySQL, which run thousands of threads.',
  },
  {
    id: 'pki-file-permissions',
    source: `${GUIDE}, "Manual Operations" > "Control 1.1.20"`,
    on: ['server'],
    args: [],
    files: ['boot stage: chmod 600 /var/lib/rancher/k3s/server/tls/*.crt'],
    why: 'K3S writes its certificates 0644; Kairos tightens them at every boot.',
  },
];

export interface HardeningException { id: string; source: string; reason: string }

/** Items of the guide we do not apply, or apply differently, and why. */
export const HARDENING_EXCEPTIONS: readonly HardeningException[] = [
  {
    id: 'AlwaysPullImages',
    source: `${GUIDE}, "Manual Operations" > "Control 1.2.11"`,
    reason: 'Not enabled, as the guide itself advises for offline and isolated clusters: every pod start would depend on the registry (or the air-gap mirror) being reachable, including restarts of the stores during an outage.',
  },
  {
    id: 'request-timeout',
    source: `${GUIDE}, "Manual Operations" > "Control 1.2.21"`,
    reason: 'Left at the 60s default, which the guide calls appropriate unless a need is shown.',
  },
  {
    id: 'kube-system NetworkPolicies',
    source: `${GUIDE}, "Kubernetes Runtime Requirements" > "NetworkPolicies"`,
    reason: 'Not written as K3S auto-deploy manifests: an intra-namespace policy on kube-system would cut CoreDNS off from every other namespace and Prometheus off the kube-system targets unless each flow is allowed. Our own namespaces get default-deny policies with explicit allowances (charts/lib/namespace.ts).',
  },
  {
    id: 'default service account automount (Control 5.1.5)',
    source: `${GUIDE}, "Manual Operations" > "Control 5.X" > "Control 5.1.5"`,
    reason: 'K3S creates the default ServiceAccounts of default, kube-public and kube-node-lease itself; the runbook patches them once after the first server is up (the commands are in dist/<env>/README.md, "Bootstrap runbook").',
  },
  ...SECURITY_EXCEPTIONS.map((e) => ({
    id: `${e.namespace}/${e.workload} runs under Pod Security "privileged"`,
    source: `${GUIDE}, "Kubernetes Runtime Requirements" > "Pod Security"`,
    reason: `The ${e.namespace} namespace is labelled privileged (not exempted) because ${e.workload} needs ${e.grants.join(', ')}: ${e.reason} Audit and warn stay at "restricted" so the exception remains visible.`,
  })),
];

/** Args for one kind of node, in list order. */
export const hardeningArgs = (kind: NodeKind): string[] => HARDENING.filter((h) => h.on.includes(kind)).flatMap((h) => [...h.args]);

export const sysctlConf = (): string => `${Object.entries(KUBELET_SYSCTLS).map(([k, v]) => `${k}=${v}`).join('\n')}\n`;

/**
 * The admission configuration (psa.yaml): Pod Security with the guide's
 * cluster default and exemptions, and EventRateLimit's limits. Event limits:
 * the whole API server accepts at most 500 event writes per second (bursts of
 * 1000), one namespace 100 (bursts of 500) so a noisy namespace cannot crowd
 * out the others; events are best effort, so a throttled write loses nothing
 * that matters.
 */
export function admissionConfig(): string {
  return toYaml({
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AdmissionConfiguration',
    plugins: [
      {
        name: 'PodSecurity',
        configuration: {
          apiVersion: 'pod-security.admission.config.k8s.io/v1',
          kind: 'PodSecurityConfiguration',
          defaults: { enforce: 'restricted', 'enforce-version': 'latest', audit: 'restricted', 'audit-version': 'latest', warn: 'restricted', 'warn-version': 'latest' },
          exemptions: { usernames: [], runtimeClasses: [], namespaces: [...PSA_EXEMPT_NAMESPACES] },
        },
      },
      {
        name: 'EventRateLimit',
        configuration: {
          apiVersion: 'eventratelimit.admission.k8s.io/v1alpha1',
          kind: 'Configuration',
          limits: [
            { type: 'Server', qps: 500, burst: 1000 },
            { type: 'Namespace', qps: 100, burst: 500, cacheSize: 2000 },
          ],
        },
      },
    ],
  });
}

/**
 * The audit policy (audit.yaml): the guide's starter policy logs every request
 * at Metadata level; we keep that and drop the high-volume, low-value reads
 * (health checks, events, leases renewed every few seconds by every node and
 * controller) so the 100 MB files hold days, not minutes.
 */
export function auditPolicy(): string {
  return toYaml({
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    omitStages: ['RequestReceived'],
    rules: [
      { level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/metrics'] },
      { level: 'None', verbs: ['get', 'watch', 'update'], resources: [{ group: 'coordination.k8s.io', resources: ['leases'] }] },
      { level: 'None', resources: [{ group: '', resources: ['events'] }, { group: 'events.k8s.io', resources: ['events'] }] },
      { level: 'Metadata' },
    ],
  });
}

/** Summary lines for dist/<env>/README.md. */
export function hardeningReadme(env: Environment): string[] {
  void env;
  return [
    `**Hardening** (${GUIDE}, docs.k3s.io/security/hardening-guide): every node carries ${HARDENING.filter((h) => h.on.includes('agent')).map((h) => `\`${h.id}\``).join(', ')};`,
    `servers also ${HARDENING.filter((h) => !h.on.includes('agent')).map((h) => `\`${h.id}\``).join(', ')}. Pod Security default \`restricted\` (exempt: ${PSA_EXEMPT_NAMESPACES.join(', ')}); audit log \`${AUDIT_LOG}\`.`,
    'Not applied, with the reason:', '',
    ...HARDENING_EXCEPTIONS.map((e) => `- ${e.id} (${e.source}): ${e.reason}`),
    '',
  ];
}
