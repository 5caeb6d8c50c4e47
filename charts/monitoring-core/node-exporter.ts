// node-exporter on every node (DaemonSet, tolerating every taint), with the
// md/RAID collector on (seeds/002 asks for RAID monitoring). It needs the
// host's network, PID namespace and filesystems: see SECURITY_EXCEPTIONS.
import {
  ServiceMonitorSpecEndpointsRelabelingsAction,
} from '../../imports/servicemonitor-monitoring.coreos.com';
import type { LayerChart } from '../lib/layer';
import { restrictedPodSecurityContext } from '../lib/security';
import { IMAGES, VERSIONS } from './images';
import { component, container, httpProbe, nodeAgent, selfMonitor, service, sized, tcp } from './workload';

export const NODE_EXPORTER_PORT = 9100;

export function nodeExporter(chart: LayerChart): void {
  const env = chart.env;
  const c = component(chart, { name: 'node-exporter', component: 'exporter', version: VERSIONS.nodeExporter });
  nodeAgent(chart, c, {
    securityContext: restrictedPodSecurityContext(65534),
    extra: { hostNetwork: true, hostPid: true, dnsPolicy: 'ClusterFirstWithHostNet' },
    volumes: [
      { name: 'proc', hostPath: { path: '/proc' } },
      { name: 'sys', hostPath: { path: '/sys' } },
      { name: 'root', hostPath: { path: '/' } },
    ],
    containers: [container({
      name: 'node-exporter',
      image: IMAGES.nodeExporter,
      args: [
        '--path.procfs=/host/proc',
        '--path.sysfs=/host/sys',
        '--path.rootfs=/host/root',
        '--path.udev.data=/host/root/run/udev/data',
        `--web.listen-address=[$(HOST_IP)]:${NODE_EXPORTER_PORT}`,
        '--collector.mdadm',
        '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run/k3s/containerd/.+|var/lib/kubelet/.+|var/lib/rancher/k3s/agent/containerd/.+)($|/)',
        '--collector.netclass.ignored-devices=^(veth.*|cni.*|flannel.*|cali.*|lxc.*)$',
        '--collector.netdev.device-exclude=^(veth.*|cni.*|flannel.*|cali.*|lxc.*)$',
        '--no-collector.wifi',
      ],
      env: [{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }],
      ports: [{ name: 'http-metrics', containerPort: NODE_EXPORTER_PORT, hostPort: NODE_EXPORTER_PORT }],
      resources: sized(env, { dev: 'nano', test: 'nano', staging: 'nano', prod: { cpu: '20m', memory: '48Mi', memoryLimit: '96Mi', cpuLimit: '200m' } }),
      liveness: httpProbe('/', 'http-metrics'),
      readiness: httpProbe('/', 'http-metrics'),
      volumeMounts: [
        { name: 'proc', mountPath: '/host/proc', readOnly: true },
        { name: 'sys', mountPath: '/host/sys', readOnly: true },
        { name: 'root', mountPath: '/host/root', readOnly: true, mountPropagation: 'HostToContainer' },
      ],
    })],
  });
  service(chart, c, [tcp('http-metrics', NODE_EXPORTER_PORT, 'http-metrics')], { headless: true });
  selfMonitor(chart, c, [{
    port: 'http-metrics',
    relabelings: [
      // Alerts about a node carry `node`, which the inhibit rule "node down mutes what ran on it" matches on.
      { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node', action: ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE },
      { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'instance', action: ServiceMonitorSpecEndpointsRelabelingsAction.REPLACE },
    ],
  }]);
}
