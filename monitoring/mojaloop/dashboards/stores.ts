// "Mojaloop / Stores": Percona XtraDB Cluster, MongoDB, Redis and Kafka as their
// exporters see them (series labelled `store` by the PodMonitors), and volumes.
import { layout, SCOPE, switchDashboard, timeseries, type DashboardSource } from './common';

const RI = '[$__rate_interval]';

export const stores: DashboardSource = {
  uid: 'mojaloop-stores',
  title: 'Mojaloop / Stores',
  build: () => layout(
    switchDashboard('mojaloop-stores', 'Mojaloop / Stores', 'Health and load of the switch\'s databases, caches and Kafka.'),
    [
      ['MySQL (Percona XtraDB Cluster)', [
        timeseries({ title: 'Galera cluster size', min: 0, queries: [[`min by (store) (mysql_global_status_wsrep_cluster_size{${SCOPE}})`, '{{store}}']] }),
        timeseries({ title: 'Queries per second', unit: 'qps', queries: [[`sum by (store) (rate(mysql_global_status_queries{${SCOPE}}${RI}))`, '{{store}}']] }),
        timeseries({ title: 'Connections', queries: [[`sum by (store, pod) (mysql_global_status_threads_connected{${SCOPE}})`, '{{pod}}']] }),
        timeseries({ title: 'Flow control paused', unit: 'percentunit', queries: [[`max by (store, pod) (mysql_global_status_wsrep_flow_control_paused{${SCOPE}})`, '{{pod}}']] }),
      ]],
      ['MongoDB', [
        timeseries({ title: 'Healthy replica-set members', min: 0, queries: [[`count by (store) (max by (store, member_idx) (mongodb_rs_members_health{${SCOPE}}) == 1)`, '{{store}}']] }),
        timeseries({ title: 'Exporter reaches mongod', min: 0, max: 1, queries: [[`min by (store, pod) (mongodb_up{${SCOPE}})`, '{{pod}}']] }),
      ]],
      ['Redis', [
        timeseries({ title: 'Redis up', min: 0, max: 1, queries: [[`min by (store, pod) (redis_up{${SCOPE}})`, '{{pod}}']] }),
        timeseries({ title: 'Memory used', unit: 'bytes', queries: [[`sum by (store, pod) (redis_memory_used_bytes{${SCOPE}})`, '{{pod}}']] }),
      ]],
      ['Kafka', [
        timeseries({ title: 'Under-replicated partitions', min: 0, queries: [[`sum by (store) (kafka_server_replicamanager_underreplicatedpartitions{${SCOPE}})`, '{{store}}']] }),
        timeseries({ title: 'Messages in per second', unit: 'ops', queries: [[`sum by (store) (rate(kafka_server_brokertopicmetrics_messagesin_total{${SCOPE}}${RI}))`, '{{store}}']] }),
      ]],
      ['Volumes', [
        timeseries({
          title: 'Free space by PersistentVolumeClaim', unit: 'percentunit', min: 0, max: 1, width: 24,
          queries: [[`min by (persistentvolumeclaim) (kubelet_volume_stats_available_bytes{${SCOPE}} / kubelet_volume_stats_capacity_bytes{${SCOPE}})`, '{{persistentvolumeclaim}}']],
        }),
      ]],
    ],
  ).build(),
};
