// Grafana Alloy, the log agent (Promtail's successor; Promtail reached end of
// life on 2026-03-02): a DaemonSet on every node that tails the node's pod log
// files and pushes them to Loki. The pipeline itself is monitoring content:
// monitoring/core/logs/pipeline.ts.
import { k8s } from 'cdk8s-plus-27';
import { alloyConfig } from '../../monitoring/core/logs/pipeline';
import type { LayerChart } from '../lib/layer';
import { restrictedContainerSecurityContext } from '../lib/security';
import { IMAGES, VERSIONS } from './images';
import { lokiUrl } from './loki';
import { clusterRole, component, container, httpProbe, nodeAgent, selfMonitor, service, serviceAccount, sized, tcp } from './workload';

export const ALLOY_PORT = 12345;
/**
 * Alloy's storage path on the node (hostPath): it holds the read positions of
 * every tailed file. Kairos keeps it across reboots because the node
 * cloud-configs list it in install.bind_mounts (charts/cluster/kairos.ts).
 */
export const ALLOY_STORAGE_HOST_PATH = '/var/lib/alloy';

export function alloy(chart: LayerChart): void {
  const env = chart.env;
  const c = component(chart, { name: 'alloy', component: 'log-agent', version: VERSIONS.alloy });
  const ns = c.namespace;
  const sa = serviceAccount(chart, c);
  clusterRole(chart, c, 'alloy', sa, [
    { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
  ]);
  new k8s.KubeConfigMap(chart, 'alloy-config', {
    metadata: { name: 'alloy', namespace: ns, labels: c.labels },
    data: {
      'config.alloy': alloyConfig({ pushUrl: `${lokiUrl(env)}/loki/api/v1/push`, mojaloopNamespace: env.namespaces.mojaloop.name, cluster: env.cluster.name }),
    },
  });

  nodeAgent(chart, c, {
    serviceAccountName: sa,
    // SECURITY_EXCEPTIONS: root (uid 0) to read the root-owned 0640 files under /var/log/pods; no capabilities.
    securityContext: { runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } },
    volumes: [
      { name: 'config', configMap: { name: 'alloy' } },
      { name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'data', hostPath: { path: ALLOY_STORAGE_HOST_PATH, type: 'DirectoryOrCreate' } },
    ],
    containers: [
      container({
        name: 'alloy',
        image: IMAGES.alloy,
        args: ['run', '/etc/alloy/config.alloy', `--storage.path=${ALLOY_STORAGE_HOST_PATH}/data`, `--server.http.listen-addr=0.0.0.0:${ALLOY_PORT}`, '--stability.level=generally-available'],
        env: [{ name: 'HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
        ports: [{ name: 'http-metrics', containerPort: ALLOY_PORT }],
        resources: sized(env, { dev: 'micro', test: 'small', staging: 'small', prod: { cpu: '100m', memory: '256Mi', memoryLimit: '512Mi', cpuLimit: '400m' } }),
        liveness: httpProbe('/-/ready', 'http-metrics', { initialDelaySeconds: 10 }),
        readiness: httpProbe('/-/ready', 'http-metrics'),
        volumeMounts: [
          { name: 'config', mountPath: '/etc/alloy', readOnly: true },
          { name: 'varlog', mountPath: '/var/log', readOnly: true },
          { name: 'data', mountPath: ALLOY_STORAGE_HOST_PATH },
        ],
        securityContext: { ...restrictedContainerSecurityContext(), runAsNonRoot: false, runAsUser: 0 },
      }),
      // Alloy does not watch its file: the reloader calls /-/reload when the ConfigMap changes.
      container({
        name: 'config-reloader',
        image: IMAGES.configReloader,
        args: ['--watched-dir=/etc/alloy', `--reload-url=http://localhost:${ALLOY_PORT}/-/reload`, '--listen-address=:8080'],
        ports: [{ name: 'reloader-web', containerPort: 8080 }],
        resources: sized(env, 'nano'),
        liveness: httpProbe('/healthz', 'reloader-web'),
        readiness: httpProbe('/healthz', 'reloader-web'),
        volumeMounts: [{ name: 'config', mountPath: '/etc/alloy', readOnly: true }],
        securityContext: { ...restrictedContainerSecurityContext(), runAsUser: 65534, runAsGroup: 65534 },
      }),
    ],
  });
  service(chart, c, [tcp('http-metrics', ALLOY_PORT, 'http-metrics')]);
  selfMonitor(chart, c, [{ port: 'http-metrics' }]);
}
