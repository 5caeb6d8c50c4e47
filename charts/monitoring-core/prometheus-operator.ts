// prometheus-operator, rendered by us at a pinned version (its CRDs come from
// the sync layer). Least privilege: upstream's example ClusterRole grants
// `*` on Secrets, ConfigMaps and StatefulSets cluster-wide; here the operator
// is scoped with --namespaces to monitoring-core and mojaloop, owns objects
// only in monitoring-core, only reads monitoring resources in mojaloop, and
// manages the kubelet Service in kube-system. Cluster-wide it can only read
// namespaces (for selectors) and nodes (kubelet endpoints).
import type { LayerChart } from '../lib/layer';
import { restrictedPodSecurityContext } from '../lib/security';
import { IMAGES, VERSIONS } from './images';
import {
  clusterRole, component, container, httpProbe, monitoringDeployment, role, selfMonitor, service, serviceAccount, sized, tcp,
} from './workload';

export const PROMETHEUS_OPERATOR = 'prometheus-operator';
/** The Service the operator maintains with every node's kubelet address (scraped for kubelet, cAdvisor and the k3s process). */
export const KUBELET_SERVICE = { namespace: 'kube-system', name: 'kubelet' } as const;

const MONITORING_KINDS = ['alertmanagers', 'alertmanagerconfigs', 'prometheuses', 'prometheusagents', 'thanosrulers', 'servicemonitors', 'podmonitors', 'probes', 'prometheusrules', 'scrapeconfigs'];
const withSub = (kinds: string[], ...subs: string[]) => kinds.flatMap((k) => [k, ...subs.map((s) => `${k}/${s}`)]);

export function prometheusOperator(chart: LayerChart): void {
  const c = component(chart, { name: PROMETHEUS_OPERATOR, component: 'controller', version: VERSIONS.prometheusOperator });
  const ns = c.namespace;
  const watched = [ns, chart.env.namespaces.mojaloop.name];
  const sa = serviceAccount(chart, c);

  clusterRole(chart, c, PROMETHEUS_OPERATOR, sa, [
    { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] },
    { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get'] },
  ]);
  // Owner of Prometheus/Alertmanager and everything they are made of, in its own namespace only.
  role(chart, c, PROMETHEUS_OPERATOR, ns, sa, [
    { apiGroups: ['monitoring.coreos.com'], resources: withSub(MONITORING_KINDS, 'status', 'finalizers'), verbs: ['*'] },
    { apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['*'] },
    { apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['*'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['list', 'delete'] },
    { apiGroups: [''], resources: ['services', 'services/finalizers', 'endpoints'], verbs: ['get', 'create', 'update', 'delete'] },
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
  ]);
  // The switch's namespace: read its monitoring resources and the Secrets and
  // ConfigMaps they may reference (the operator keeps informers on both in every
  // --namespaces entry), report their status; nothing else.
  role(chart, c, PROMETHEUS_OPERATOR, chart.env.namespaces.mojaloop.name, sa, [
    { apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors', 'podmonitors', 'probes', 'prometheusrules', 'scrapeconfigs'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors/status', 'podmonitors/status', 'probes/status', 'prometheusrules/status', 'scrapeconfigs/status'], verbs: ['get', 'update', 'patch'] },
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
  ]);
  // kube-system: the kubelet Service and its Endpoints (--kubelet-service).
  role(chart, c, PROMETHEUS_OPERATOR, KUBELET_SERVICE.namespace, sa, [
    { apiGroups: [''], resources: ['services', 'services/finalizers', 'endpoints'], verbs: ['get', 'create', 'update', 'delete'] },
  ]);

  const replicas = 1; // a controller: leader-less, one replica; Prometheus keeps running while it restarts
  monitoringDeployment(chart, c, replicas, {
    serviceAccountName: sa,
    securityContext: restrictedPodSecurityContext(65534),
    containers: [container({
      name: PROMETHEUS_OPERATOR,
      image: IMAGES.prometheusOperator,
      args: [
        `--kubelet-service=${KUBELET_SERVICE.namespace}/${KUBELET_SERVICE.name}`,
        '--kubelet-endpoints=true',
        '--kubelet-endpointslice=false',
        `--prometheus-config-reloader=${IMAGES.configReloader}`,
        `--namespaces=${watched.join(',')}`,
        `--prometheus-instance-namespaces=${ns}`,
        `--alertmanager-instance-namespaces=${ns}`,
        `--alertmanager-config-namespaces=${ns}`,
        `--thanos-ruler-instance-namespaces=${ns}`,
        '--disable-unmanaged-prometheus-configuration=true',
        '--web.listen-address=:8080',
        '--log-format=json',
      ],
      env: [{ name: 'GOGC', value: '30' }],
      ports: [{ name: 'http', containerPort: 8080 }],
      resources: sized(chart.env, { dev: 'micro', test: 'small', staging: 'small', prod: 'small' }),
      liveness: httpProbe('/healthz', 'http'),
      readiness: httpProbe('/healthz', 'http'),
    })],
  });
  service(chart, c, [tcp('http', 8080, 'http')]);
  selfMonitor(chart, c, [{ port: 'http', interval: chart.env.monitoring.prometheus.scrapeInterval }]);
}
