// kube-state-metrics: the state of Kubernetes objects as metrics (replicas,
// pod phases, node conditions, jobs, PVCs). Least privilege: only the object
// kinds our rules and dashboards read; no Secrets, no ConfigMaps.
import type { LayerChart } from '../lib/layer';
import { restrictedPodSecurityContext } from '../lib/security';
import { IMAGES, VERSIONS } from './images';
import { clusterRole, component, container, httpProbe, monitoringDeployment, selfMonitor, service, serviceAccount, sized, tcp } from './workload';

const RESOURCES: Record<string, string[]> = {
  '': ['nodes', 'pods', 'services', 'namespaces', 'persistentvolumeclaims', 'persistentvolumes', 'resourcequotas', 'endpoints'],
  apps: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
  batch: ['jobs', 'cronjobs'],
  autoscaling: ['horizontalpodautoscalers'],
  policy: ['poddisruptionbudgets'],
  'storage.k8s.io': ['storageclasses'],
};
/** The collectors (--resources); the RBAC above is exactly what they list and watch. */
export const KSM_COLLECTORS = Object.values(RESOURCES).flat().sort();

export function kubeStateMetrics(chart: LayerChart): void {
  const env = chart.env;
  const c = component(chart, { name: 'kube-state-metrics', component: 'exporter', version: VERSIONS.kubeStateMetrics });
  const sa = serviceAccount(chart, c);
  clusterRole(chart, c, 'kube-state-metrics', sa, Object.entries(RESOURCES).map(([group, resources]) => ({ apiGroups: [group], resources, verbs: ['list', 'watch'] })));
  monitoringDeployment(chart, c, 1, {
    serviceAccountName: sa,
    securityContext: restrictedPodSecurityContext(65534),
    containers: [container({
      name: 'kube-state-metrics',
      image: IMAGES.kubeStateMetrics,
      args: ['--port=8080', '--telemetry-port=8081', `--resources=${KSM_COLLECTORS.join(',')}`, '--metric-labels-allowlist=pods=[app.kubernetes.io/name,app.kubernetes.io/component]'],
      ports: [{ name: 'http-metrics', containerPort: 8080 }, { name: 'telemetry', containerPort: 8081 }],
      resources: sized(env, { dev: 'micro', test: 'small', staging: 'small', prod: 'medium' }),
      liveness: httpProbe('/livez', 'http-metrics'),
      readiness: httpProbe('/readyz', 'telemetry'),
    })],
  });
  service(chart, c, [tcp('http-metrics', 8080, 'http-metrics'), tcp('telemetry', 8081, 'telemetry')]);
  selfMonitor(chart, c, [{ port: 'http-metrics', honorLabels: true }, { port: 'telemetry' }]);
}
