// Kubernetes workloads: crash loops, replicas short, volumes filling, failed jobs.
import { communityRunbook, type RuleSet } from './types';

const KSM = 'job="kube-state-metrics"';
const VOL = 'job="kubelet",metrics_path="/metrics"';
/** Puts the pod's node on a pod alert, so that "node not ready" can inhibit it. */
const withNode = `* on (namespace, pod) group_left (node) topk by (namespace, pod) (1, max by (namespace, pod, node) (kube_pod_info{${KSM}}))`;

export const KUBERNETES_RULES: RuleSet = {
  name: 'core-kubernetes',
  groups: [{
    name: 'kubernetes',
    rules: [
      {
        alert: 'KubePodCrashLooping',
        expr: `max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff",${KSM}}[5m]) ${withNode} >= 1`,
        for: '15m',
        severity: 'warning',
        summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} is crash looping.',
        description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} on node {{ $labels.node }} has been restarting in CrashLoopBackOff for 15 minutes.',
        runbook: communityRunbook('kubernetes', 'KubePodCrashLooping'),
      },
      {
        alert: 'KubeDeploymentReplicasMismatch',
        expr: `(kube_deployment_spec_replicas{${KSM}} > kube_deployment_status_replicas_available{${KSM}}) and (changes(kube_deployment_status_replicas_updated{${KSM}}[10m]) == 0)`,
        for: '15m',
        severity: 'warning',
        summary: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} is missing replicas.',
        description: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has had fewer available replicas than desired for 15 minutes and no rollout is progressing; with one replica per node, a pool node may be missing.',
        runbook: communityRunbook('kubernetes', 'KubeDeploymentReplicasMismatch'),
      },
      {
        alert: 'KubeStatefulSetReplicasMismatch',
        expr: `(kube_statefulset_status_replicas_ready{${KSM}} != kube_statefulset_status_replicas{${KSM}}) and (changes(kube_statefulset_status_replicas_updated{${KSM}}[10m]) == 0)`,
        for: '15m',
        severity: 'warning',
        summary: 'StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} is missing replicas.',
        description: 'StatefulSet {{ $labels.namespace }}/{{ $labels.statefulset }} has had fewer ready replicas than it runs for 15 minutes; a quorum member may be down.',
        runbook: communityRunbook('kubernetes', 'KubeStatefulSetReplicasMismatch'),
      },
      {
        alert: 'KubePersistentVolumeFillingUp',
        expr: `kubelet_volume_stats_available_bytes{${VOL}} / kubelet_volume_stats_capacity_bytes{${VOL}} < 0.15 and kubelet_volume_stats_used_bytes{${VOL}} > 0 and predict_linear(kubelet_volume_stats_available_bytes{${VOL}}[6h], 4 * 24 * 3600) < 0`,
        for: '1h',
        severity: 'warning',
        summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} will fill up within 4 days.',
        description: 'PersistentVolumeClaim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 15% space left and is predicted to fill up within 4 days.',
        runbook: communityRunbook('kubernetes', 'KubePersistentVolumeFillingUp'),
      },
      {
        alert: 'KubePersistentVolumeFillingUp',
        expr: `kubelet_volume_stats_available_bytes{${VOL}} / kubelet_volume_stats_capacity_bytes{${VOL}} < 0.03 and kubelet_volume_stats_used_bytes{${VOL}} > 0`,
        for: '1m',
        severity: 'critical',
        summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is almost full.',
        description: 'PersistentVolumeClaim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 3% space left; the store on it is about to stop accepting writes.',
        runbook: communityRunbook('kubernetes', 'KubePersistentVolumeFillingUp'),
      },
      {
        alert: 'KubeJobFailed',
        expr: `kube_job_failed{${KSM}} > 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} failed.',
        description: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} failed to complete; remove it once the cause is understood to clear this alert.',
        runbook: communityRunbook('kubernetes', 'KubeJobFailed'),
      },
    ],
  }],
};
