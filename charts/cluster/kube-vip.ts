// kube-vip on the K3S servers: holds the API virtual IP on one server at a
// time (ARP, leader election on a Lease) so agents, joining servers and
// kubeconfigs reach the API through one address that survives the loss of any
// server. Written by Kairos into K3S' auto-deploy directory
// (/var/lib/rancher/k3s/server/manifests, docs.k3s.io "Auto-Deploying
// Manifests") on every server; this is kube-vip's documented K3S set-up
// (kube-vip.io/docs/usage/k3s: RBAC + DaemonSet from `kube-vip manifest
// daemonset --controlplane --arp --leaderElection --inCluster --taint`).
// provider-kairos' own `kubevip:` block only acts in its p2p mode, which we do
// not use (provider-kairos internal/role/p2p: deployKubeVIP).
import type { Environment } from '../environment/environment';
import { KUBE_VIP_IMAGE, type ApiVipConfig } from '../environment/sections/api-vip';
import { mirrorImage } from '../environment/sections/mirrors';
import { toYamlDocuments } from '../lib/yaml';
import { API_PORT } from './ports';
import { K3S_MANIFESTS_DIR } from './k3s-addons';

export const KUBE_VIP_MANIFEST = `${K3S_MANIFESTS_DIR}/kube-vip.yaml`;
const NAME = 'kube-vip';
const NS = 'kube-system';

export function kubeVipManifest(env: Environment, vip: ApiVipConfig): string {
  const labels = { 'app.kubernetes.io/name': NAME };
  const docs = [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: NAME, namespace: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:kube-vip-role' },
      rules: [
        { apiGroups: [''], resources: ['services/status'], verbs: ['update'] },
        { apiGroups: [''], resources: ['services', 'endpoints'], verbs: ['list', 'get', 'watch', 'update'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'get', 'watch', 'update', 'patch'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['list', 'get', 'watch', 'update', 'create'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'get', 'watch', 'update'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:kube-vip-binding' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:kube-vip-role' },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: NS }],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: NAME, namespace: NS, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NAME,
            hostNetwork: true,
            // Servers only; they carry the control-plane taint of their pool.
            nodeSelector: { 'node-role.kubernetes.io/control-plane': 'true' },
            tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }, { effect: 'NoExecute', operator: 'Exists' }],
            priorityClassName: 'system-node-critical',
            containers: [{
              name: NAME,
              image: mirrorImage(env.mirrors, KUBE_VIP_IMAGE),
              imagePullPolicy: 'IfNotPresent',
              args: ['manager'],
              env: [
                { name: 'vip_arp', value: 'true' },
                { name: 'port', value: String(API_PORT) },
                { name: 'vip_interface', value: vip.interface },
                { name: 'vip_cidr', value: '32' },
                { name: 'cp_enable', value: 'true' },
                { name: 'cp_namespace', value: NS },
                { name: 'vip_leaderelection', value: 'true' },
                { name: 'vip_leasename', value: 'plndr-cp-lock' },
                { name: 'vip_leaseduration', value: '5' },
                { name: 'vip_renewdeadline', value: '3' },
                { name: 'vip_retryperiod', value: '1' },
                { name: 'address', value: vip.address },
              ],
              securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] } },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
            }],
          },
        },
      },
    },
  ];
  return toYamlDocuments(docs);
}
