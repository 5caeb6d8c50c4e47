// "Cluster overview": nodes, pools and workloads at a glance, built with
// Grafana's foundation SDK (typed builders, no hand-written JSON). Queries use
// the core recording rules and label `node`, so they work in every environment
// without hard-coded names.
import { DashboardBuilder, DatasourceVariableBuilder, QueryVariableBuilder, RowBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';

import { CLUSTER_OVERVIEW_UID } from './generated';

const ds = { type: 'prometheus', uid: '${datasource}' };
const q = (expr: string, legend = '') => new DataqueryBuilder().expr(expr).legendFormat(legend).datasource(ds);

const stat = (title: string, expr: string, unit = 'none') =>
  new StatPanel().title(title).datasource(ds).withTarget(q(expr).instant()).unit(unit).height(4).span(4);

const series = (title: string, unit: string, ...targets: Array<[string, string]>) => {
  const p = new TimeseriesPanel().title(title).datasource(ds).unit(unit).height(8).span(12).fillOpacity(10);
  for (const [expr, legend] of targets) p.withTarget(q(expr, legend));
  return p;
};

export function clusterOverview(cluster: string): Record<string, unknown> {
  const node = 'node=~"$node"';
  const d = new DashboardBuilder('Cluster overview')
    .uid(CLUSTER_OVERVIEW_UID)
    .tags(['platform', 'kubernetes', 'nodes'])
    .description(`Nodes, disks and workloads of ${cluster}.`)
    .refresh('1m')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('utc')
    .readonly()
    .withVariable(new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'))
    .withVariable(new QueryVariableBuilder('node').label('Node').datasource(ds)
      .query('label_values(kube_node_info, node)').refresh(VariableRefresh.OnTimeRangeChanged).sort(VariableSort.AlphabeticalAsc)
      .multi(true).includeAll(true).allValue('.+'))

    .withRow(new RowBuilder('Cluster'))
    .withPanel(stat('Nodes ready', 'sum(kube_node_status_condition{condition="Ready",status="true"})'))
    .withPanel(stat('Nodes not ready', 'sum(kube_node_status_condition{condition="Ready",status="true"} == 0) or vector(0)'))
    .withPanel(stat('Pods running', 'sum(kube_pod_status_phase{phase="Running"})'))
    .withPanel(stat('Pods not ready', 'sum(kube_pod_status_ready{condition="false"})'))
    .withPanel(stat('Firing alerts', 'count(ALERTS{alertstate="firing",alertname!="Watchdog"}) or vector(0)'))
    .withPanel(stat('Targets down', 'count(up == 0) or vector(0)'))

    .withRow(new RowBuilder('Nodes'))
    .withPanel(series('CPU utilisation', 'percentunit', [`instance:node_cpu_utilisation:rate5m{${node}}`, '{{node}}']))
    .withPanel(series('Memory utilisation', 'percentunit', [`instance:node_memory_utilisation:ratio{${node}}`, '{{node}}']))
    .withPanel(series('Load (1m) per core', 'none', [`node_load1{${node}} / count without (cpu, mode) (node_cpu_seconds_total{mode="idle",${node}})`, '{{node}}']))
    .withPanel(series('Network received / sent', 'Bps',
      [`sum by (node) (rate(node_network_receive_bytes_total{${node}}[5m]))`, '{{node}} in'],
      [`-sum by (node) (rate(node_network_transmit_bytes_total{${node}}[5m]))`, '{{node}} out']))

    .withRow(new RowBuilder('Disks and RAID'))
    .withPanel(series('Filesystem used', 'percentunit',
      [`1 - node_filesystem_avail_bytes{fstype!="",mountpoint!="",${node}} / node_filesystem_size_bytes{fstype!="",mountpoint!="",${node}}`, '{{node}} {{mountpoint}}']))
    .withPanel(series('Disk I/O time', 'percentunit', [`rate(node_disk_io_time_seconds_total{${node}}[5m])`, '{{node}} {{device}}']))
    .withPanel(series('RAID disks missing', 'none',
      [`node_md_disks_required{${node}} - ignoring (state) node_md_disks{state="active",${node}}`, '{{node}} {{device}}']))
    .withPanel(series('Clock offset', 's', [`node_timex_offset_seconds{${node}}`, '{{node}}']))

    .withRow(new RowBuilder('Workloads'))
    .withPanel(series('CPU by namespace', 'short', ['sum by (namespace) (rate(container_cpu_usage_seconds_total{container!="",metrics_path="/metrics/cadvisor"}[5m]))', '{{namespace}}']))
    .withPanel(series('Memory by namespace', 'bytes', ['sum by (namespace) (container_memory_working_set_bytes{container!="",metrics_path="/metrics/cadvisor"})', '{{namespace}}']))
    .withPanel(series('Container restarts (1h)', 'none', ['sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total[1h])) > 0', '{{namespace}}/{{pod}}']))
    .withPanel(series('Volumes used', 'percentunit', ['1 - kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes', '{{namespace}}/{{persistentvolumeclaim}}']));
  return d.build() as unknown as Record<string, unknown>;
}
