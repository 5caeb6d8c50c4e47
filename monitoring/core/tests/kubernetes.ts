// Unit tests of rules/kubernetes.ts.
import type { RuleTest } from './types';

const KSM = 'job="kube-state-metrics"';
const vol = (metric: string, pvc: string) => `${metric}{job="kubelet",metrics_path="/metrics",namespace="mojaloop",persistentvolumeclaim="${pvc}",node="n1"}`;
const volLabels = (pvc: string) => ({ job: 'kubelet', metrics_path: '/metrics', namespace: 'mojaloop', persistentvolumeclaim: pvc, node: 'n1' });

export const KUBERNETES_TESTS: RuleTest[] = [
  {
    name: 'crash loop: a container in CrashLoopBackOff fires with its node; a running one does not',
    series: [
      { series: `kube_pod_container_status_waiting_reason{${KSM},namespace="mojaloop",pod="quoting-service-0",container="quoting-service",reason="CrashLoopBackOff"}`, values: '1x30' },
      { series: `kube_pod_container_status_waiting_reason{${KSM},namespace="mojaloop",pod="ml-api-adapter-0",container="ml-api-adapter",reason="CrashLoopBackOff"}`, values: '0x30' },
      { series: `kube_pod_info{${KSM},namespace="mojaloop",pod="quoting-service-0",node="n1"}`, values: '1x30' },
      { series: `kube_pod_info{${KSM},namespace="mojaloop",pod="ml-api-adapter-0",node="n2"}`, values: '1x30' },
    ],
    alerts: [
      { at: '20m', alert: 'KubePodCrashLooping', fires: [{ labels: { job: 'kube-state-metrics', namespace: 'mojaloop', pod: 'quoting-service-0', container: 'quoting-service', reason: 'CrashLoopBackOff', node: 'n1' } }] },
      { at: '10m', alert: 'KubePodCrashLooping', fires: [] },
    ],
  },
  {
    name: 'deployment: 2 of 3 available without a rollout fires; 3 of 3 does not',
    series: [
      { series: `kube_deployment_spec_replicas{${KSM},namespace="mojaloop",deployment="quoting-service"}`, values: '3x30' },
      { series: `kube_deployment_status_replicas_available{${KSM},namespace="mojaloop",deployment="quoting-service"}`, values: '2x30' },
      { series: `kube_deployment_status_replicas_updated{${KSM},namespace="mojaloop",deployment="quoting-service"}`, values: '3x30' },
      { series: `kube_deployment_spec_replicas{${KSM},namespace="mojaloop",deployment="account-lookup-service"}`, values: '3x30' },
      { series: `kube_deployment_status_replicas_available{${KSM},namespace="mojaloop",deployment="account-lookup-service"}`, values: '3x30' },
      { series: `kube_deployment_status_replicas_updated{${KSM},namespace="mojaloop",deployment="account-lookup-service"}`, values: '3x30' },
    ],
    alerts: [
      { at: '25m', alert: 'KubeDeploymentReplicasMismatch', fires: [{ labels: { job: 'kube-state-metrics', namespace: 'mojaloop', deployment: 'quoting-service' } }] },
      { at: '5m', alert: 'KubeDeploymentReplicasMismatch', fires: [] },
    ],
  },
  {
    name: 'statefulset: 2 of 3 ready fires; 3 of 3 does not',
    series: [
      { series: `kube_statefulset_status_replicas_ready{${KSM},namespace="monitoring-core",statefulset="loki-ingester"}`, values: '2x30' },
      { series: `kube_statefulset_status_replicas{${KSM},namespace="monitoring-core",statefulset="loki-ingester"}`, values: '3x30' },
      { series: `kube_statefulset_status_replicas_updated{${KSM},namespace="monitoring-core",statefulset="loki-ingester"}`, values: '3x30' },
      { series: `kube_statefulset_status_replicas_ready{${KSM},namespace="monitoring-core",statefulset="loki-compactor"}`, values: '1x30' },
      { series: `kube_statefulset_status_replicas{${KSM},namespace="monitoring-core",statefulset="loki-compactor"}`, values: '1x30' },
      { series: `kube_statefulset_status_replicas_updated{${KSM},namespace="monitoring-core",statefulset="loki-compactor"}`, values: '1x30' },
    ],
    alerts: [
      { at: '25m', alert: 'KubeStatefulSetReplicasMismatch', fires: [{ labels: { job: 'kube-state-metrics', namespace: 'monitoring-core', statefulset: 'loki-ingester' } }] },
      { at: '5m', alert: 'KubeStatefulSetReplicasMismatch', fires: [] },
    ],
  },
  {
    name: 'volumes: filling within days warns, 2% left is critical, a stable volume is silent',
    series: [
      { series: vol('kubelet_volume_stats_available_bytes', 'data-filling'), values: '1400-1x180' },
      { series: vol('kubelet_volume_stats_capacity_bytes', 'data-filling'), values: '10000x180' },
      { series: vol('kubelet_volume_stats_used_bytes', 'data-filling'), values: '8600+1x180' },
      { series: vol('kubelet_volume_stats_available_bytes', 'data-full'), values: '200x180' },
      { series: vol('kubelet_volume_stats_capacity_bytes', 'data-full'), values: '10000x180' },
      { series: vol('kubelet_volume_stats_used_bytes', 'data-full'), values: '9800x180' },
      { series: vol('kubelet_volume_stats_available_bytes', 'data-ok'), values: '5000x180' },
      { series: vol('kubelet_volume_stats_capacity_bytes', 'data-ok'), values: '10000x180' },
      { series: vol('kubelet_volume_stats_used_bytes', 'data-ok'), values: '5000x180' },
    ],
    alerts: [
      {
        at: '90m',
        alert: 'KubePersistentVolumeFillingUp',
        fires: [
          { severity: 'warning', labels: volLabels('data-filling') },
          { severity: 'critical', labels: volLabels('data-full') },
        ],
      },
      { at: '0m', alert: 'KubePersistentVolumeFillingUp', fires: [] },
    ],
  },
  {
    name: 'jobs: a failed job fires, a succeeded one does not',
    series: [
      { series: `kube_job_failed{${KSM},namespace="mojaloop",job_name="db-migration",condition="true"}`, values: '1x30' },
      { series: `kube_job_failed{${KSM},namespace="mojaloop",job_name="db-seed",condition="true"}`, values: '0x30' },
    ],
    alerts: [
      { at: '20m', alert: 'KubeJobFailed', fires: [{ labels: { job: 'kube-state-metrics', namespace: 'mojaloop', job_name: 'db-migration', condition: 'true' } }] },
      { at: '10m', alert: 'KubeJobFailed', fires: [] },
    ],
  },
];
