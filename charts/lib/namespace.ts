// The baseline every namespace of ours gets (the Namespace object itself goes
// into the first layer, so that no layer writes into a namespace not yet there): Pod Security Admission labels,
// default-deny NetworkPolicy (with DNS as the one shared allowance), a
// LimitRange for containers that forget their resources, and a ResourceQuota.
import { k8s } from 'cdk8s-plus-27';
import type { LayerChart } from './layer';
import type { NamespaceConfig } from '../environment/sections/namespaces';
import { protectFromPrune } from './prune';
import { MANAGED_BY, ENVIRONMENT_LABEL } from './labels';

export interface NamespaceBaselineProps {
  config: NamespaceConfig;
  /** Pod Security Admission level enforced. */
  podSecurity: 'restricted' | 'baseline' | 'privileged';
  /** Labels that other namespaces' NetworkPolicies select this namespace by. */
  labels?: Record<string, string>;
  partOf: string;
  /** The layer applied first, where every Namespace object lives (sync/namespaces.ts). */
  namespaceLayer: LayerChart;
}

const q = k8s.Quantity.fromString;

export function namespaceBaseline(chart: LayerChart, props: NamespaceBaselineProps): void {
  const ns = props.config.name;
  const labels = { 'app.kubernetes.io/part-of': props.partOf, 'app.kubernetes.io/managed-by': MANAGED_BY, [ENVIRONMENT_LABEL]: chart.env.name };

  protectFromPrune(new k8s.KubeNamespace(props.namespaceLayer, `namespace-${ns}`, {
    metadata: {
      name: ns,
      labels: {
        ...labels,
        ...props.labels,
        'kubernetes.io/metadata.name': ns,
        'pod-security.kubernetes.io/enforce': props.podSecurity,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        // Warn and audit at "restricted" even where enforcement is looser, so exceptions stay visible.
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      },
    },
  }));

  new k8s.KubeNetworkPolicy(chart, 'default-deny', {
    metadata: { name: 'default-deny', namespace: ns, labels },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });

  new k8s.KubeNetworkPolicy(chart, 'allow-dns', {
    metadata: { name: 'allow-dns', namespace: ns, labels },
    spec: {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) }],
      }],
    },
  });

  new k8s.KubeLimitRange(chart, 'limits', {
    metadata: { name: 'default-resources', namespace: ns, labels },
    spec: {
      limits: [{
        type: 'Container',
        defaultRequest: { cpu: q('100m'), memory: q('128Mi') },
        default: { cpu: q('500m'), memory: q('512Mi') },
      }],
    },
  });

  const quota = props.config.quota;
  new k8s.KubeResourceQuota(chart, 'quota', {
    metadata: { name: 'compute-and-storage', namespace: ns, labels },
    spec: {
      hard: {
        'requests.cpu': q(quota.requestsCpu),
        'requests.memory': q(quota.requestsMemory),
        'limits.cpu': q(quota.limitsCpu),
        'limits.memory': q(quota.limitsMemory),
        'requests.storage': q(quota.requestsStorage),
        pods: q(String(quota.pods)),
      },
    },
  });
}
