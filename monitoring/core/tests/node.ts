// Unit tests of rules/node.ts: each alert fires on a broken node (n1) and
// stays silent on a healthy one (n2).
import type { RuleTest } from './types';

const ne = (metric: string, node: string, extra = '') => `${metric}{job="node-exporter",instance="${node}",node="${node}"${extra}}`;
const fs = (metric: string, node: string) => ne(metric, node, ',device="/dev/sda1",fstype="ext4",mountpoint="/var/lib"');
const fsLabels = (node: string) => ({ job: 'node-exporter', instance: node, node, device: '/dev/sda1', fstype: 'ext4', mountpoint: '/var/lib' });

export const NODE_TESTS: RuleTest[] = [
  {
    name: 'CPU: a busy node fires, an idle one does not',
    series: [
      { series: ne('node_cpu_seconds_total', 'n1', ',cpu="0",mode="idle"'), values: '0+3x60' },
      { series: ne('node_cpu_seconds_total', 'n2', ',cpu="0",mode="idle"'), values: '0+60x60' },
    ],
    alerts: [
      { at: '40m', alert: 'NodeCPUHighUsage', fires: [{ labels: { job: 'node-exporter', instance: 'n1', node: 'n1' } }] },
      { at: '10m', alert: 'NodeCPUHighUsage', fires: [] },
    ],
    promql: [{ expr: 'instance:node_cpu_utilisation:rate5m{node="n2"}', at: '40m', samples: [{ labels: 'instance:node_cpu_utilisation:rate5m{instance="n2",job="node-exporter",node="n2"}', value: 0 }] }],
  },
  {
    name: 'memory: 95% used fires, 50% does not',
    series: [
      { series: ne('node_memory_MemAvailable_bytes', 'n1'), values: '500000000x60' },
      { series: ne('node_memory_MemTotal_bytes', 'n1'), values: '10000000000x60' },
      { series: ne('node_memory_MemAvailable_bytes', 'n2'), values: '5000000000x60' },
      { series: ne('node_memory_MemTotal_bytes', 'n2'), values: '10000000000x60' },
    ],
    alerts: [
      { at: '30m', alert: 'NodeMemoryHighUtilization', fires: [{ labels: { job: 'node-exporter', instance: 'n1', node: 'n1' } }] },
      { at: '10m', alert: 'NodeMemoryHighUtilization', fires: [] },
    ],
  },
  {
    name: 'filesystem: slow fill warns, fast fill is critical, a stable one is silent',
    series: [
      // n1: 14% free, losing 1 unit/min: empty in ~23h -> warning only.
      { series: fs('node_filesystem_avail_bytes', 'n1'), values: '1400-1x180' },
      { series: fs('node_filesystem_size_bytes', 'n1'), values: '10000x180' },
      { series: fs('node_filesystem_readonly', 'n1'), values: '0x180' },
      // n3: 9% free, losing 5 units/min: empty in hours -> warning and critical.
      { series: fs('node_filesystem_avail_bytes', 'n3'), values: '900-5x180' },
      { series: fs('node_filesystem_size_bytes', 'n3'), values: '10000x180' },
      { series: fs('node_filesystem_readonly', 'n3'), values: '0x180' },
      // n2: half full, stable.
      { series: fs('node_filesystem_avail_bytes', 'n2'), values: '5000x180' },
      { series: fs('node_filesystem_size_bytes', 'n2'), values: '10000x180' },
      { series: fs('node_filesystem_readonly', 'n2'), values: '0x180' },
    ],
    alerts: [
      {
        at: '90m',
        alert: 'NodeFilesystemSpaceFillingUp',
        fires: [
          { severity: 'warning', labels: fsLabels('n1') },
          { severity: 'warning', labels: fsLabels('n3') },
          { severity: 'critical', labels: fsLabels('n3') },
        ],
      },
      { at: '30m', alert: 'NodeFilesystemSpaceFillingUp', fires: [] },
    ],
  },
  {
    name: 'RAID: one of two disks active is degraded and a failed disk is reported; a healthy array is silent',
    series: [
      { series: ne('node_md_disks_required', 'n1', ',device="md0"'), values: '2x30' },
      { series: ne('node_md_disks', 'n1', ',device="md0",state="active"'), values: '1x30' },
      { series: ne('node_md_disks', 'n1', ',device="md0",state="failed"'), values: '1x30' },
      { series: ne('node_md_disks_required', 'n2', ',device="md0"'), values: '2x30' },
      { series: ne('node_md_disks', 'n2', ',device="md0",state="active"'), values: '2x30' },
      { series: ne('node_md_disks', 'n2', ',device="md0",state="failed"'), values: '0x30' },
    ],
    alerts: [
      { at: '20m', alert: 'NodeRAIDDegraded', fires: [{ labels: { job: 'node-exporter', instance: 'n1', node: 'n1', device: 'md0' } }] },
      { at: '10m', alert: 'NodeRAIDDegraded', fires: [] },
      { at: '20m', alert: 'NodeRAIDDiskFailure', fires: [{ labels: { job: 'node-exporter', instance: 'n1', node: 'n1', device: 'md0', state: 'failed' } }] },
      { at: '3m', alert: 'NodeRAIDDiskFailure', fires: [] },
    ],
  },
  {
    name: 'clock: 100 ms off and not converging fires, 1 ms does not',
    series: [
      { series: ne('node_timex_offset_seconds', 'n1'), values: '0.1x30' },
      { series: ne('node_timex_offset_seconds', 'n2'), values: '0.001x30' },
    ],
    alerts: [
      { at: '20m', alert: 'NodeClockSkewDetected', fires: [{ labels: { job: 'node-exporter', instance: 'n1', node: 'n1' } }] },
      { at: '5m', alert: 'NodeClockSkewDetected', fires: [] },
    ],
  },
  {
    name: 'node readiness: a node not ready for 15 minutes fires, a ready one does not',
    series: [
      { series: 'kube_node_status_condition{job="kube-state-metrics",node="n1",condition="Ready",status="true"}', values: '0x30' },
      { series: 'kube_node_status_condition{job="kube-state-metrics",node="n2",condition="Ready",status="true"}', values: '1x30' },
    ],
    alerts: [
      { at: '20m', alert: 'KubeNodeNotReady', fires: [{ labels: { job: 'kube-state-metrics', node: 'n1', condition: 'Ready', status: 'true' } }] },
      { at: '10m', alert: 'KubeNodeNotReady', fires: [] },
    ],
  },
];
