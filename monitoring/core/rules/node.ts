// Nodes: CPU, memory, filesystems filling up, md/RAID, clock, readiness.
import { communityRunbook, repositoryRunbook, type RuleSet } from './types';

const NE = 'job="node-exporter"';
const FS = `${NE},fstype!="",mountpoint!=""`;
const MD = `${NE},device=~"(/dev/)?(md.+)"`;

export const NODE_RULES: RuleSet = {
  name: 'core-node',
  groups: [
    {
      name: 'node.recording',
      rules: [
        { record: 'instance:node_cpu_utilisation:rate5m', expr: `1 - avg without (cpu) (sum without (mode) (rate(node_cpu_seconds_total{${NE},mode=~"idle|iowait|steal"}[5m])))` },
        { record: 'instance:node_memory_utilisation:ratio', expr: `1 - (node_memory_MemAvailable_bytes{${NE}} / node_memory_MemTotal_bytes{${NE}})` },
      ],
    },
    {
      name: 'node',
      rules: [
        {
          alert: 'NodeCPUHighUsage',
          expr: 'instance:node_cpu_utilisation:rate5m > 0.9',
          for: '15m',
          severity: 'warning',
          summary: 'High CPU usage on node {{ $labels.node }}.',
          description: 'CPU on node {{ $labels.node }} has been more than 90% busy for 15 minutes; workloads on it are being throttled.',
          // No community runbook exists for these two (checked against prometheus-operator/runbooks).
          runbook: repositoryRunbook('NodeCPUHighUsage'),
        },
        {
          alert: 'NodeMemoryHighUtilization',
          expr: 'instance:node_memory_utilisation:ratio > 0.9',
          for: '15m',
          severity: 'warning',
          summary: 'Node {{ $labels.node }} is running out of memory.',
          description: 'More than 90% of the memory of node {{ $labels.node }} has been in use for 15 minutes; the kernel will start evicting or OOM-killing pods.',
          runbook: repositoryRunbook('NodeMemoryHighUtilization'),
        },
        {
          alert: 'NodeFilesystemSpaceFillingUp',
          expr: `(node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}} * 100 < 15 and predict_linear(node_filesystem_avail_bytes{${FS}}[6h], 24 * 60 * 60) < 0 and node_filesystem_readonly{${FS}} == 0)`,
          for: '1h',
          severity: 'warning',
          summary: 'Filesystem {{ $labels.mountpoint }} on node {{ $labels.node }} will fill up within 24 hours.',
          description: 'Filesystem {{ $labels.mountpoint }} ({{ $labels.device }}) on node {{ $labels.node }} has less than 15% space left and is predicted to run out within 24 hours at the current rate.',
          runbook: communityRunbook('node', 'NodeFilesystemSpaceFillingUp'),
        },
        {
          alert: 'NodeFilesystemSpaceFillingUp',
          expr: `(node_filesystem_avail_bytes{${FS}} / node_filesystem_size_bytes{${FS}} * 100 < 10 and predict_linear(node_filesystem_avail_bytes{${FS}}[6h], 4 * 60 * 60) < 0 and node_filesystem_readonly{${FS}} == 0)`,
          for: '1h',
          severity: 'critical',
          summary: 'Filesystem {{ $labels.mountpoint }} on node {{ $labels.node }} will fill up within 4 hours.',
          description: 'Filesystem {{ $labels.mountpoint }} ({{ $labels.device }}) on node {{ $labels.node }} has less than 10% space left and is predicted to run out within 4 hours; stores on local disks stop accepting writes when it does.',
          runbook: communityRunbook('node', 'NodeFilesystemSpaceFillingUp'),
        },
        {
          alert: 'NodeRAIDDegraded',
          expr: `node_md_disks_required{${MD}} - ignoring (state) (node_md_disks{state="active",${MD}}) > 0`,
          for: '15m',
          severity: 'critical',
          summary: 'RAID array {{ $labels.device }} on node {{ $labels.node }} is degraded.',
          description: 'RAID array {{ $labels.device }} on node {{ $labels.node }} has fewer active disks than it needs; one more disk failure loses data. Replace the failed disk.',
          runbook: communityRunbook('node', 'NodeRAIDDegraded'),
        },
        {
          alert: 'NodeRAIDDiskFailure',
          expr: `node_md_disks{state="failed",${MD}} > 0`,
          for: '5m',
          severity: 'warning',
          summary: 'A disk of RAID array {{ $labels.device }} on node {{ $labels.node }} failed.',
          description: 'At least one device of RAID array {{ $labels.device }} on node {{ $labels.node }} is marked failed and needs to be replaced.',
          runbook: communityRunbook('node', 'NodeRAIDDiskFailure'),
        },
        {
          alert: 'NodeClockSkewDetected',
          expr: `(node_timex_offset_seconds{${NE}} > 0.05 and deriv(node_timex_offset_seconds{${NE}}[5m]) >= 0) or (node_timex_offset_seconds{${NE}} < -0.05 and deriv(node_timex_offset_seconds{${NE}}[5m]) <= 0)`,
          for: '10m',
          severity: 'warning',
          summary: 'Clock on node {{ $labels.node }} is skewed.',
          description: 'The clock of node {{ $labels.node }} is more than 50 ms off and not converging; transfer timestamps, certificates and the ledger\'s timeouts depend on it. Check NTP.',
          runbook: communityRunbook('node', 'NodeClockSkewDetected'),
        },
        {
          alert: 'KubeNodeNotReady',
          expr: 'kube_node_status_condition{job="kube-state-metrics",condition="Ready",status="true"} == 0',
          for: '15m',
          severity: 'critical',
          summary: 'Node {{ $labels.node }} is not ready.',
          description: 'Node {{ $labels.node }} has not been Ready for 15 minutes; its pool runs one replica short. Alerts about what ran on it are inhibited while this fires.',
          runbook: communityRunbook('kubernetes', 'KubeNodeNotReady'),
        },
      ],
    },
  ],
};
