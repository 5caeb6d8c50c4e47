// The cluster DNS, replacing K3S's packaged CoreDNS (--disable=coredns,
// charts/cluster/k3s-addons.ts): K3S rewrites its own manifest at every start
// and gives it no placement setting, so ours is written by Kairos into K3S's
// auto-deploy folder on every server instead (node-stages.ts). K3S applies it
// itself, before any sync tool runs, which needs DNS to fetch anything.
//
// Modelled on K3S's manifests/coredns.yaml (k3s-io/k3s at commit 66c487bd,
// CoreDNS 1.11.3; the k3s module is not served by the Go proxy, so the file at
// v1.36.3+k3s1 could not be read): the object names kubelet's --cluster-dns
// and tooling expect (Service kube-system/kube-dns, label k8s-app: kube-dns,
// Deployment/ServiceAccount/ConfigMap coredns, ClusterRole/Binding
// system:coredns), its RBAC rules, Corefile, probes, resources and security
// context. Ours differs where placement needs it: on K3S-CLUSTER-SVCS, one
// replica per node of that pool up to 3, a PodDisruptionBudget. And:
// - no `hosts /etc/coredns/NodeHosts`: K3S fills that key only while it runs
//   CoreDNS itself (pkg/server/server.go registers the node controller with
//   modCoreDNS = !Skips["coredns"]; pkg/node/controller.go updates NodeHosts
//   only when modCoreDNS). Node names resolve through the site's DNS (forward).
// - no `import /etc/coredns/custom/*` (K3S's optional coredns-custom
//   ConfigMap): what the cluster DNS answers is reviewed here, not in a
//   ConfigMap made by hand.
// The image is upstream's own release (docker.io/coredns/coredns), pinned with
// the Go module tools/coredns builds for e2e (scripts/e2e/coredns.ts runs this
// Corefile with it); a test holds the two to the same version.
import type { Environment } from '../environment/environment';
import { mirrorImage } from '../environment/sections/mirrors';
import { CLUSTER_SERVICES_POOL, clusterServicesScheduling } from '../sync/upstream-placement';
import { K3S_MANIFESTS_DIR } from './k3s-addons';
import { CLUSTER_DNS_ADDRESS, CLUSTER_DOMAIN } from './k3s-network';

export const COREDNS_VERSION = 'v1.15.0';
export const COREDNS_IMAGE = `docker.io/coredns/coredns:${COREDNS_VERSION.slice(1)}`;
/** Not coredns.yaml: K3S deletes a file named after a disabled add-on (pkg/deploy/controller.go shouldDisableFile). */
export const COREDNS_MANIFEST = `${K3S_MANIFESTS_DIR}/mojaloop-coredns.yaml`;

const NS = 'kube-system';
const NAME = 'coredns';
export const COREDNS_SELECTOR = { 'k8s-app': 'kube-dns' };
const LABELS = { ...COREDNS_SELECTOR, 'kubernetes.io/name': 'CoreDNS' };
/** More replicas than this add nothing but memory: each holds the whole cluster's Services. */
const MAX_REPLICAS = 3;
export const DNS_PORT = 53;
export const HEALTH_PORT = 8080;
export const READY_PORT = 8181;
export const METRICS_PORT = 9153;

/** One per K3S-CLUSTER-SVCS node, at most 3 (in dev, one). */
export const corednsReplicas = (env: Environment): number => Math.min(env.topology.nodesOf(CLUSTER_SERVICES_POOL).length, MAX_REPLICAS);

/** K3S's Corefile without NodeHosts and the coredns-custom imports (see above). */
export function corefile(): string {
  return [
    `.:${DNS_PORT} {`,
    '    errors',
    `    health :${HEALTH_PORT}`,
    `    ready :${READY_PORT}`,
    `    kubernetes ${CLUSTER_DOMAIN} in-addr.arpa ip6.arpa {`,
    '      pods insecure',
    '      fallthrough in-addr.arpa ip6.arpa',
    '    }',
    `    prometheus :${METRICS_PORT}`,
    '    forward . /etc/resolv.conf',
    '    cache 30',
    '    loop',
    '    reload',
    '    loadbalance',
    '}',
    '',
  ].join('\n');
}

export function corednsObjects(env: Environment): Array<Record<string, any>> {
  const { affinity, tolerations } = clusterServicesScheduling(env);
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: NAME, namespace: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:coredns', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
      rules: [
        { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:coredns', labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: NS }],
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: NAME, namespace: NS }, data: { Corefile: corefile() } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: NAME, namespace: NS, labels: LABELS },
      spec: {
        replicas: corednsReplicas(env),
        revisionHistoryLimit: 0,
        // No surge: with one replica per node and every node of the pool taken, a surge pod has nowhere to go.
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
        selector: { matchLabels: COREDNS_SELECTOR },
        template: {
          metadata: { labels: COREDNS_SELECTOR },
          spec: {
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: NAME,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            affinity: {
              ...affinity,
              // One per node: losing a node costs the cluster DNS one replica at most.
              podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: COREDNS_SELECTOR } }] },
            },
            tolerations,
            // The node's resolv.conf, not itself: the upstream of `forward`.
            dnsPolicy: 'Default',
            containers: [{
              name: NAME,
              image: mirrorImage(env.mirrors, COREDNS_IMAGE),
              imagePullPolicy: 'IfNotPresent',
              args: ['-conf', '/etc/coredns/Corefile'],
              resources: { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } },
              volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
              ports: [
                { containerPort: DNS_PORT, name: 'dns', protocol: 'UDP' },
                { containerPort: DNS_PORT, name: 'dns-tcp', protocol: 'TCP' },
                { containerPort: METRICS_PORT, name: 'metrics', protocol: 'TCP' },
              ],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true },
              livenessProbe: { httpGet: { path: '/health', port: HEALTH_PORT, scheme: 'HTTP' }, initialDelaySeconds: 60, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
              readinessProbe: { httpGet: { path: '/ready', port: READY_PORT, scheme: 'HTTP' }, initialDelaySeconds: 0, periodSeconds: 2, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
            }],
            volumes: [{ name: 'config-volume', configMap: { name: NAME, items: [{ key: 'Corefile', path: 'Corefile' }] } }],
          },
        },
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: NAME, namespace: NS, labels: LABELS },
      // One replica down at a time (drains, upgrades); with a single replica (dev) still drainable.
      spec: { maxUnavailable: 1, selector: { matchLabels: COREDNS_SELECTOR } },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: NS,
        labels: { ...LABELS, 'kubernetes.io/cluster-service': 'true' },
        annotations: { 'prometheus.io/port': String(METRICS_PORT), 'prometheus.io/scrape': 'true' },
      },
      spec: {
        selector: COREDNS_SELECTOR,
        // The address K3S gives every kubelet as --cluster-dns (k3s-network.ts).
        clusterIP: CLUSTER_DNS_ADDRESS,
        clusterIPs: [CLUSTER_DNS_ADDRESS],
        ipFamilyPolicy: 'SingleStack',
        ports: [
          { name: 'dns', port: DNS_PORT, protocol: 'UDP' },
          { name: 'dns-tcp', port: DNS_PORT, protocol: 'TCP' },
          { name: 'metrics', port: METRICS_PORT, protocol: 'TCP' },
        ],
      },
    },
  ];
}
