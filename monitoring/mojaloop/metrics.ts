// The metric names each source exposes, as data: dashboards and rules may only
// name these (a test checks every query). Read from the upstream sources at the
// pinned release: each service's Metrics.getHistogram(...) calls with the prefix
// of its config/default.json (INSTRUMENTATION.METRICS.config.prefix), prom-client's
// default process/Node.js metrics (same prefix), and the exporters' documented
// metric families.
import { SERVICES, type ImageName } from '../../charts/mojaloop/catalog';

/** A prom-client histogram named `name` is exposed as these three series. */
const histogram = (name: string) => [`${name}_bucket`, `${name}_count`, `${name}_sum`];

/** prom-client collectDefaultMetrics(), prefixed like the service's own metrics. */
const NODEJS_DEFAULTS = [
  'process_cpu_seconds_total', 'process_cpu_user_seconds_total', 'process_cpu_system_seconds_total',
  'process_resident_memory_bytes', 'process_start_time_seconds', 'process_open_fds',
  'nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p50_seconds', 'nodejs_eventloop_lag_p99_seconds',
  'nodejs_heap_size_used_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_active_handles_total',
  'nodejs_gc_duration_seconds_bucket', 'nodejs_gc_duration_seconds_count', 'nodejs_gc_duration_seconds_sum',
];

/** Histograms (without prefix) by image, from the services' source at the pinned tags. */
const HISTOGRAMS: Partial<Record<ImageName, string[]>> = {
  // central-ledger v19.14.0: src/handlers/transfers/{prepare,handler}.js, src/handlers/positions/*.js, src/shared/constants.js PROM_METRICS
  'central-ledger': [
    'transfer_prepare', 'transfer_position', 'transfer_position_batch', 'transfer_fulfil', 'transfer_get',
    'fx_transfer_prepare', 'fx_transfer_fulfil', 'transfer_bulk_prepare', 'transfer_bulk_fulfil', 'transfer_bulk_processing', 'bulk_transfer_get',
    'handler_transfers', 'model_transfer', 'model_position',
  ],
  // ml-api-adapter v16.10.1: src/api/transfers/handler.js, src/handlers/notification/index.js
  'ml-api-adapter': [
    'transfer_prepare', 'transfer_fulfil', 'transfer_get', 'transfer_fulfil_error',
    'tx_transfer', 'tx_transfer_prepare', 'tx_transfer_fulfil',
    'notification_event', 'notification_event_process_msg', 'notification_event_delivery', 'notification_event_getEndpoint',
  ],
  // account-lookup-service: src/api/parties, src/domain/parties, src/models/oracle/facade.js
  'account-lookup-service': [
    'ing_getPartiesByTypeAndID', 'ing_putPartiesByTypeAndID', 'getPartiesByTypeAndID', 'putPartiesByTypeAndID',
    'putPartiesErrorByTypeAndID', 'ing_getParticipantsByTypeAndID', 'egress_oracleRequest',
  ],
  // quoting-service v17.14.5: src/api/quotes.js, src/api/quotes/{id}.js, src/model/quotes.js
  'quoting-service': ['quotes_post', 'quotes_id_get', 'quotes_id_put', 'quotes_id_put_error', 'model_quote', 'fxQuotes_post'],
  // bulk-api-adapter v17.2.7: src/handlers/notification/index.js
  'bulk-api-adapter': ['notification_event', 'notification_event_delivery'],
};

/** Every metric name a catalog service with metrics exposes (prefix included). */
export function serviceMetrics(): Set<string> {
  const names = new Set<string>();
  for (const s of SERVICES) {
    if (!s.metricsPrefix) continue;
    for (const n of [...NODEJS_DEFAULTS, ...(HISTOGRAMS[s.image] ?? []).flatMap(histogram)]) names.add(`${s.metricsPrefix}${n}`);
  }
  // central-services-metrics registers these without the prefix on every service.
  names.add('errorCount');
  names.add('app_critical_total');
  return names;
}

/** Exporters of the stores (run in the mojaloop namespace, scraped by our PodMonitors). */
export const EXPORTER_METRICS = {
  // Strimzi kafka-exporter (danielqsj/kafka_exporter)
  kafkaExporter: [
    'kafka_brokers', 'kafka_consumergroup_lag', 'kafka_consumergroup_lag_sum', 'kafka_consumergroup_current_offset',
    'kafka_consumergroup_current_offset_sum', 'kafka_consumergroup_members', 'kafka_topic_partitions',
    'kafka_topic_partition_current_offset', 'kafka_topic_partition_oldest_offset', 'kafka_topic_partition_in_sync_replica',
    'kafka_topic_partition_replicas', 'kafka_topic_partition_under_replicated_partition',
  ],
  // Kafka brokers through Strimzi's metrics (JMX exporter rules of Strimzi's kafka-metrics example / Strimzi Metrics Reporter)
  kafkaBroker: [
    'kafka_server_replicamanager_underreplicatedpartitions', 'kafka_server_replicamanager_partitioncount',
    'kafka_server_replicamanager_leadercount', 'kafka_controller_kafkacontroller_activecontrollercount',
    'kafka_controller_kafkacontroller_offlinepartitionscount', 'kafka_server_brokertopicmetrics_messagesin_total',
    'kafka_server_brokertopicmetrics_bytesin_total', 'kafka_server_brokertopicmetrics_bytesout_total',
  ],
  // prom/mysqld-exporter beside each Percona XtraDB Cluster member
  mysqld: [
    'mysql_up', 'mysql_global_status_wsrep_cluster_size', 'mysql_global_status_wsrep_ready',
    'mysql_global_status_wsrep_local_state', 'mysql_global_status_threads_connected', 'mysql_global_status_queries',
    'mysql_global_status_slow_queries', 'mysql_global_variables_max_connections', 'mysql_global_status_wsrep_flow_control_paused',
  ],
  // percona/mongodb_exporter beside each replica-set member
  mongodb: ['mongodb_up', 'mongodb_rs_members_health', 'mongodb_rs_members_state', 'mongodb_ss_connections', 'mongodb_ss_opcounters'],
  // oliver006/redis_exporter, the OT redis-operator's exporter sidecar
  redis: [
    'redis_up', 'redis_connected_clients', 'redis_memory_used_bytes', 'redis_memory_max_bytes',
    'redis_commands_processed_total', 'redis_keyspace_hits_total', 'redis_keyspace_misses_total', 'redis_cluster_state',
  ],
} as const;

/** Scraped by monitoring-core (kube-state-metrics, kubelet) and Prometheus itself; the switch's rules use them for its own objects. */
export const PLATFORM_METRICS = [
  'up',
  'kube_deployment_status_replicas_available', 'kube_deployment_spec_replicas',
  'kube_pod_container_status_restarts_total',
  'kubelet_volume_stats_available_bytes', 'kubelet_volume_stats_capacity_bytes', 'kubelet_volume_stats_used_bytes',
] as const;

/** Every metric a query of ours may name, besides our own recording rules. */
export function knownMetrics(): Set<string> {
  return new Set([...serviceMetrics(), ...Object.values(EXPORTER_METRICS).flat(), ...PLATFORM_METRICS]);
}
