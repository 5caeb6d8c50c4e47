// NetworkPolicies of monitoring-core: on top of the namespace's default-deny
// (and DNS), exactly the flows the stack needs. Pod ports, not Service ports.
// Node-level targets (kubelet 10250, node-exporter 9100 on the host network)
// and the API server (the kubernetes Service is DNATed to the servers' 6443)
// have no pod or namespace to select, and the environment has no node IPs:
// those flows are allowed by port only.
import { k8s } from 'cdk8s-plus-27';
import type { LayerChart } from '../lib/layer';
import { ALLOY_PORT } from './alloy';
import { ALERTMANAGER_MESH_PORT, ALERTMANAGER_PORT } from './alertmanager';
import { MONITORED_NAMESPACE_LABELS } from './contract';
import { GRAFANA_PORT } from './grafana';
import { LOKI_GRPC_PORT, LOKI_HTTP_PORT, LOKI_MEMBERLIST_PORT } from './loki-config';
import { NODE_EXPORTER_PORT } from './node-exporter';
import { PROMETHEUS_PORT } from './prometheus';
import { component, port } from './workload';

type Proto = 'TCP' | 'UDP';
const ports = (list: number[], protocol: Proto = 'TCP'): k8s.NetworkPolicyPort[] => list.map((p) => ({ protocol, port: port(p) }));
const app = (name: string): k8s.NetworkPolicyPeer => ({ podSelector: { matchLabels: { 'app.kubernetes.io/name': name } } });
const anywhere: k8s.NetworkPolicyPeer = { ipBlock: { cidr: '0.0.0.0/0' } };
const KUBE_API = ports([443, 6443]);
const KUBELET = 10250;
/** K3S's bundled ingress controller. */
const TRAEFIK: k8s.NetworkPolicyPeer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } } };

const urlPort = (u: string) => { const x = new URL(u); return Number(x.port || (x.protocol === 'https:' ? 443 : 80)); };

export function networkPolicies(chart: LayerChart): void {
  const env = chart.env;
  const c = component(chart, { name: 'network-policies', component: 'network' });
  const ns = c.namespace;
  const distributed = env.monitoring.loki.mode === 'distributed';
  // Where Loki is entered: the gateway's nginx (8080) or the single binary.
  const lokiEntry: [string, number] = distributed ? ['loki-gateway', 8080] : ['loki', LOKI_HTTP_PORT];

  const policy = (name: string, spec: { ingress?: k8s.NetworkPolicyIngressRule[]; egress?: k8s.NetworkPolicyEgressRule[] }) => {
    new k8s.KubeNetworkPolicy(chart, `netpol-${name}`, {
      metadata: { name: `allow-${name}`, namespace: ns, labels: c.labels },
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': name } },
        policyTypes: [...(spec.ingress ? ['Ingress'] : []), ...(spec.egress ? ['Egress'] : [])],
        ...(spec.ingress ? { ingress: spec.ingress } : {}),
        ...(spec.egress ? { egress: spec.egress } : {}),
      },
    });
  };

  const promEgress: k8s.NetworkPolicyEgressRule[] = [
    // Scrape targets: any pod in a monitored namespace (monitoring-core and mojaloop), on the ports their ServiceMonitors name.
    { to: [{ namespaceSelector: { matchLabels: { ...MONITORED_NAMESPACE_LABELS } } }] },
    // Node level: kubelet/cAdvisor/k3s (10250) and node-exporter on the host network (9100); service discovery on the API server.
    { ports: [...ports([KUBELET, NODE_EXPORTER_PORT]), ...KUBE_API] },
  ];
  const rw = env.monitoring.prometheus.remoteWrite;
  if (rw) promEgress.push({ to: [anywhere], ports: ports([urlPort(rw.url)]) });
  const consul = env.monitoring.prometheus.consul;
  // Consul itself, and the services it hands out (outside the monitored namespaces, often outside the cluster).
  if (consul) promEgress.push({ to: [anywhere], ports: ports([...new Set([Number(consul.server.split(':')[1]), ...consul.targetPorts])].sort((a, b) => a - b)) });
  policy('prometheus', {
    ingress: [{ from: [app('grafana'), app('prometheus')], ports: ports([PROMETHEUS_PORT, 8080]) }],
    egress: promEgress,
  });

  // Receivers are outside the cluster: HTTPS APIs, SMTP, webhooks.
  const receiverPorts = new Set<number>();
  for (const r of env.monitoring.alertmanager.receivers) {
    if (r.slack || r.pagerduty || r.opsgenie) receiverPorts.add(r.opsgenie?.apiUrl ? urlPort(r.opsgenie.apiUrl) : 443);
    if (r.email) receiverPorts.add(Number(r.email.smarthost.split(':')[1]));
    if (r.webhook) receiverPorts.add(urlPort(r.webhook.url));
    if (r.jira) receiverPorts.add(urlPort(r.jira.apiUrl));
  }
  policy('alertmanager', {
    ingress: [
      { from: [app('prometheus'), app('grafana')], ports: ports([ALERTMANAGER_PORT]) },
      { from: [app('prometheus')], ports: ports([8080]) },
      { from: [app('alertmanager')], ports: [...ports([ALERTMANAGER_MESH_PORT]), ...ports([ALERTMANAGER_MESH_PORT], 'UDP')] },
    ],
    egress: [
      { to: [app('alertmanager')], ports: [...ports([ALERTMANAGER_MESH_PORT]), ...ports([ALERTMANAGER_MESH_PORT], 'UDP')] },
      ...(receiverPorts.size ? [{ to: [anywhere], ports: ports([...receiverPorts].sort((a, b) => a - b)) }] : []),
    ],
  });

  policy('grafana', {
    ingress: [
      { from: [app('grafana-operator'), app('prometheus')], ports: ports([GRAFANA_PORT]) },
      ...(env.monitoring.grafana.ingressHost ? [{ from: [TRAEFIK], ports: ports([GRAFANA_PORT]) }] : []),
    ],
    egress: [
      { to: [app('prometheus')], ports: ports([PROMETHEUS_PORT]) },
      { to: [app('alertmanager')], ports: ports([ALERTMANAGER_PORT]) },
      { to: [app(lokiEntry[0])], ports: ports([lokiEntry[1]]) },
    ],
  });

  policy('grafana-operator', {
    ingress: [{ from: [app('prometheus')], ports: ports([9090]) }],
    egress: [
      { ports: KUBE_API },
      { to: [app('grafana')], ports: ports([GRAFANA_PORT]) },
      // grafana.com dashboards (id + revision) are downloaded by the operator.
      { to: [anywhere], ports: ports([443]) },
    ],
  });
  policy('prometheus-operator', { ingress: [{ from: [app('prometheus')], ports: ports([8080]) }], egress: [{ ports: KUBE_API }] });
  policy('kube-state-metrics', { ingress: [{ from: [app('prometheus')], ports: ports([8080, 8081]) }], egress: [{ ports: KUBE_API }] });
  policy('alloy', {
    ingress: [{ from: [app('prometheus')], ports: ports([ALLOY_PORT]) }],
    egress: [{ ports: KUBE_API }, { to: [app(lokiEntry[0])], ports: ports([lokiEntry[1]]) }],
  });

  const lokiInternal = ports([LOKI_HTTP_PORT, LOKI_GRPC_PORT, LOKI_MEMBERLIST_PORT]);
  const os = env.monitoring.loki.objectStorage;
  policy('loki', {
    ingress: [
      { from: [app('loki')], ports: lokiInternal },
      { from: [app('prometheus'), ...(distributed ? [app('loki-gateway')] : [app('alloy'), app('grafana')])], ports: ports([LOKI_HTTP_PORT]) },
    ],
    egress: [
      { to: [app('loki')], ports: lokiInternal },
      ...(distributed && os ? [{ to: [anywhere], ports: ports([urlPort(os.endpoint)]) }] : []),
    ],
  });
  if (distributed) {
    policy('loki-gateway', {
      ingress: [{ from: [app('alloy'), app('grafana')], ports: ports([8080]) }],
      egress: [{ to: [app('loki')], ports: ports([LOKI_HTTP_PORT]) }],
    });
  }
}
