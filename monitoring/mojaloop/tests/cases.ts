// The rule unit tests: at least one firing and one silent case per alert.
// Series use a 1m interval; counters as "start+increment x count".
import { s, type AlertCase, type ExprCase } from './model';

const NS = { namespace: 'mojaloop' };
const ok = (metric: string, extra: Record<string, string>, values: string) => s(metric, { ...NS, ...extra, success: 'true' }, values);
const bad = (metric: string, extra: Record<string, string>, values: string) => s(metric, { ...NS, ...extra, success: 'false' }, values);

/** A histogram where every observation falls at or below `le` (cumulative buckets of central-services-metrics). */
function histogram(metric: string, extra: Record<string, string>, perMinute: number, slowestLe: string, minutes = 40) {
  const bounds = ['0.01', '0.05', '0.1', '0.5', '1', '2', '5', '+Inf'];
  const from = bounds.indexOf(slowestLe);
  return bounds.map((le, i) => s(`${metric}_bucket`, { ...NS, ...extra, le }, i >= from ? `0+${perMinute}x${minutes}` : '0x' + minutes));
}

/** Ratio alerts share one shape: fire at 1/3 failing, silent at 1/61, silent on low traffic. */
function ratioCases(alert: string, metric: string, extra: Record<string, string>, labels: Record<string, string> = {}): AlertCase[] {
  return [
    {
      title: 'one in three failing for 20 minutes', alert, at: '25m',
      series: [ok(metric, extra, '0+60x30'), bad(metric, extra, '0+30x30')],
      fires: [{ labels: { ...NS, ...labels }, value: '33.33%' }],
    },
    { title: 'one in 61 failing stays below 5%', alert, at: '25m', series: [ok(metric, extra, '0+60x30'), bad(metric, extra, '0+1x30')], fires: [] },
    { title: 'all failing, but under 3 a minute (noise)', alert, at: '25m', series: [bad(metric, extra, '0+2x30')], fires: [] },
  ];
}

function latencyCases(alert: string, metric: string, extra: Record<string, string>, fastLe: string, slowLe: string, value: string): AlertCase[] {
  return [
    { title: `p95 above the threshold (all observations up to ${slowLe}s)`, alert, at: '25m', series: histogram(metric, extra, 60, slowLe), fires: [{ labels: NS, value }] },
    { title: `p95 fine (all observations up to ${fastLe}s)`, alert, at: '25m', series: histogram(metric, extra, 60, fastLe), fires: [] },
  ];
}

const PREPARE = 'moja_cl_transfer_prepare_count';
const FULFIL = 'moja_cl_transfer_fulfil_count';
const PAYER = { fspId: 'payerfsp' };

export const ALERT_CASES: AlertCase[] = [
  // --- transfers ---
  ...ratioCases('MojaloopTransferPrepareErrorRatioHigh', PREPARE, PAYER),
  ...ratioCases('MojaloopTransferFulfilErrorRatioHigh', FULFIL, { fspId: 'payeefsp' }),
  ...latencyCases('MojaloopTransferPrepareLatencyHigh', 'moja_cl_transfer_prepare', PAYER, '0.5', '2', '1.95s'),
  ...latencyCases('MojaloopTransferFulfilLatencyHigh', 'moja_cl_transfer_fulfil', PAYER, '0.1', '5', '4.85s'),
  ...ratioCases('MojaloopNotificationDeliveryFailing', 'moja_ml_notification_event_delivery_count', { dest: 'payeefsp', action: 'prepare' }, { dest: 'payeefsp' }),
  // --- SLO burn rates (objective 99.9%: budget 0.1%) ---
  {
    title: '5% of transfer events failing burns the budget 50x: page', alert: 'MojaloopTransferErrorBudgetBurnFast', at: '15m',
    series: [ok(PREPARE, PAYER, '0+90x100'), bad(PREPARE, PAYER, '0+10x100'), ok(FULFIL, PAYER, '0+100x100')],
    fires: [{ labels: NS, value: '5%' }],
  },
  {
    title: '0.5% failing (5x burn) does not page', alert: 'MojaloopTransferErrorBudgetBurnFast', at: '90m',
    series: [ok(PREPARE, PAYER, '0+99x100'), bad(PREPARE, PAYER, '0+1x100'), ok(FULFIL, PAYER, '0+100x100')],
    fires: [],
  },
  {
    title: '0.5% failing (5x burn) opens a ticket', alert: 'MojaloopTransferErrorBudgetBurnSlow', at: '90m',
    series: [ok(PREPARE, PAYER, '0+99x100'), bad(PREPARE, PAYER, '0+1x100'), ok(FULFIL, PAYER, '0+100x100')],
    fires: [{ labels: NS, value: '0.5%' }],
  },
  {
    title: '0.1% failing (within budget) stays silent', alert: 'MojaloopTransferErrorBudgetBurnSlow', at: '90m',
    series: [ok(PREPARE, PAYER, '0+499x100'), bad(PREPARE, PAYER, '0+1x100'), ok(FULFIL, PAYER, '0+500x100')],
    fires: [],
  },
  // --- lookups and quotes ---
  ...ratioCases('MojaloopPartyLookupErrorRatioHigh', 'moja_als_getPartiesByTypeAndID_count', {}),
  ...latencyCases('MojaloopPartyLookupLatencyHigh', 'moja_als_getPartiesByTypeAndID', {}, '1', '5', '4.85s'),
  ...ratioCases('MojaloopQuoteErrorRatioHigh', 'moja_qs_model_quote_count', { queryName: 'quote_handleQuoteRequest' }),
  {
    title: 'failures of another quote query do not count', alert: 'MojaloopQuoteErrorRatioHigh', at: '25m',
    series: [ok('moja_qs_model_quote_count', { queryName: 'quote_handleQuoteRequest' }, '0+60x30'), bad('moja_qs_model_quote_count', { queryName: 'quote_validateQuoteRequest' }, '0+60x30')],
    fires: [],
  },
  ...latencyCases('MojaloopQuoteLatencyHigh', 'moja_qs_model_quote', { queryName: 'quote_handleQuoteRequest' }, '0.5', '5', '4.85s'),
  // --- handlers and Kafka ---
  {
    title: 'handler Deployment with no available replica', alert: 'MojaloopHandlerNoReadyReplica', at: '10m',
    series: [
      s('kube_deployment_status_replicas_available', { ...NS, deployment: 'moja-centralledger-handler-transfer-prepare' }, '0x10'),
      s('kube_deployment_spec_replicas', { ...NS, deployment: 'moja-centralledger-handler-transfer-prepare' }, '3x10'),
    ],
    fires: [{ labels: { ...NS, deployment: 'moja-centralledger-handler-transfer-prepare' } }],
  },
  {
    title: 'handler with one available replica, a non-handler without, and a handler scaled to zero', alert: 'MojaloopHandlerNoReadyReplica', at: '10m',
    series: [
      s('kube_deployment_status_replicas_available', { ...NS, deployment: 'moja-centralledger-handler-transfer-prepare' }, '1x10'),
      s('kube_deployment_spec_replicas', { ...NS, deployment: 'moja-centralledger-handler-transfer-prepare' }, '3x10'),
      s('kube_deployment_status_replicas_available', { ...NS, deployment: 'moja-centralledger-service' }, '0x10'),
      s('kube_deployment_spec_replicas', { ...NS, deployment: 'moja-centralledger-service' }, '3x10'),
      s('kube_deployment_status_replicas_available', { ...NS, deployment: 'moja-quoting-service-handler' }, '0x10'),
      s('kube_deployment_spec_replicas', { ...NS, deployment: 'moja-quoting-service-handler' }, '0x10'),
    ],
    fires: [],
  },
  {
    title: 'messages wait and the committed offset stands still', alert: 'MojaloopHandlerNotConsuming', at: '20m',
    series: [
      s('kafka_consumergroup_lag', { ...NS, consumergroup: 'cl-group-transfer-prepare', topic: 'topic-transfer-prepare', partition: '0' }, '50x30'),
      s('kafka_consumergroup_current_offset', { ...NS, consumergroup: 'cl-group-transfer-prepare', topic: 'topic-transfer-prepare', partition: '0' }, '1000x30'),
    ],
    fires: [{ labels: { ...NS, consumergroup: 'cl-group-transfer-prepare', topic: 'topic-transfer-prepare' }, value: '50' }],
  },
  {
    title: 'lag but the offset advances', alert: 'MojaloopHandlerNotConsuming', at: '20m',
    series: [
      s('kafka_consumergroup_lag', { ...NS, consumergroup: 'cl-group-transfer-prepare', topic: 'topic-transfer-prepare', partition: '0' }, '50x30'),
      s('kafka_consumergroup_current_offset', { ...NS, consumergroup: 'cl-group-transfer-prepare', topic: 'topic-transfer-prepare', partition: '0' }, '1000+10x30'),
    ],
    fires: [],
  },
  {
    title: 'lag keeps growing', alert: 'MojaloopKafkaConsumerLagGrowing', at: '40m',
    series: [s('kafka_consumergroup_lag', { ...NS, consumergroup: 'ml-group-notification-event', topic: 'topic-notification-event', partition: '0' }, '0+20x60')],
    fires: [{ labels: { ...NS, consumergroup: 'ml-group-notification-event', topic: 'topic-notification-event' }, value: '800' }],
  },
  {
    title: 'high but steady lag, and a growing lag of a group that is not ours', alert: 'MojaloopKafkaConsumerLagGrowing', at: '40m',
    series: [
      s('kafka_consumergroup_lag', { ...NS, consumergroup: 'ml-group-notification-event', topic: 'topic-notification-event', partition: '0' }, '500x60'),
      s('kafka_consumergroup_lag', { ...NS, consumergroup: 'someone-elses-group', topic: 'topic-notification-event', partition: '0' }, '0+20x60'),
    ],
    fires: [],
  },
  {
    title: 'consumer group without members', alert: 'MojaloopKafkaConsumerGroupEmpty', at: '10m',
    series: [s('kafka_consumergroup_members', { ...NS, consumergroup: 'group-quotes-handler-post' }, '0x10')],
    fires: [{ labels: { ...NS, consumergroup: 'group-quotes-handler-post' } }],
  },
  {
    title: 'group with members, and an empty group that is not ours', alert: 'MojaloopKafkaConsumerGroupEmpty', at: '10m',
    series: [
      s('kafka_consumergroup_members', { ...NS, consumergroup: 'group-quotes-handler-post' }, '3x10'),
      s('kafka_consumergroup_members', { ...NS, consumergroup: 'console-consumer-1' }, '0x10'),
    ],
    fires: [],
  },
  {
    title: 'a scraped service is down', alert: 'MojaloopMetricsTargetDown', at: '15m',
    series: [s('up', { ...NS, job: 'centralledger-service', pod: 'moja-centralledger-service-0' }, '0x15')],
    fires: [{ labels: { ...NS, job: 'centralledger-service', pod: 'moja-centralledger-service-0' } }],
  },
  {
    title: 'scrapes succeed; a foreign job is down', alert: 'MojaloopMetricsTargetDown', at: '15m',
    series: [
      s('up', { ...NS, job: 'centralledger-service', pod: 'moja-centralledger-service-0' }, '1x15'),
      s('up', { ...NS, job: 'some-sidecar', pod: 'x' }, '0x15'),
    ],
    fires: [],
  },
  // --- stores ---
  {
    title: 'Galera cluster down to two members', alert: 'MojaloopPxcClusterSizeLow', at: '10m',
    series: [0, 1].map((i) => s('mysql_global_status_wsrep_cluster_size', { ...NS, store: 'moja-central-ledger-db', pod: `moja-central-ledger-db-pxc-${i}` }, '2x10')),
    fires: [{ labels: { ...NS, store: 'moja-central-ledger-db' }, value: '2' }],
  },
  {
    title: 'Galera cluster complete', alert: 'MojaloopPxcClusterSizeLow', at: '10m',
    series: [0, 1, 2].map((i) => s('mysql_global_status_wsrep_cluster_size', { ...NS, store: 'moja-central-ledger-db', pod: `moja-central-ledger-db-pxc-${i}` }, '3x10')),
    fires: [],
  },
  {
    title: 'mysqld_exporter cannot reach its server', alert: 'MojaloopMysqlDown', at: '10m',
    series: [s('mysql_up', { ...NS, store: 'moja-central-ledger-db', pod: 'moja-central-ledger-db-pxc-1' }, '0x10')],
    fires: [{ labels: { ...NS, store: 'moja-central-ledger-db', pod: 'moja-central-ledger-db-pxc-1' } }],
  },
  { title: 'MySQL up', alert: 'MojaloopMysqlDown', at: '10m', series: [s('mysql_up', { ...NS, store: 'moja-central-ledger-db', pod: 'moja-central-ledger-db-pxc-1' }, '1x10')], fires: [] },
  {
    title: 'replica-set member unhealthy as seen by the others', alert: 'MojaloopMongodbMemberDown', at: '10m',
    series: [0, 1].map((i) => s('mongodb_rs_members_health', { ...NS, store: 'moja-bulk-db', pod: `moja-bulk-db-rs0-${i}`, member_idx: 'moja-bulk-db-rs0-2:27017' }, '0x10')),
    fires: [{ labels: { ...NS, store: 'moja-bulk-db', member_idx: 'moja-bulk-db-rs0-2:27017' } }],
  },
  {
    title: 'mongod unreachable by its exporter', alert: 'MojaloopMongodbMemberDown', at: '10m',
    series: [s('mongodb_up', { ...NS, store: 'moja-bulk-db', pod: 'moja-bulk-db-rs0-2' }, '0x10')],
    fires: [{ labels: { ...NS, store: 'moja-bulk-db', pod: 'moja-bulk-db-rs0-2' } }],
  },
  {
    title: 'replica set healthy', alert: 'MojaloopMongodbMemberDown', at: '10m',
    series: [
      s('mongodb_rs_members_health', { ...NS, store: 'moja-bulk-db', pod: 'moja-bulk-db-rs0-0', member_idx: 'moja-bulk-db-rs0-2:27017' }, '1x10'),
      s('mongodb_up', { ...NS, store: 'moja-bulk-db', pod: 'moja-bulk-db-rs0-0' }, '1x10'),
    ],
    fires: [],
  },
  {
    title: 'redis_exporter cannot reach Redis', alert: 'MojaloopRedisDown', at: '5m',
    series: [s('redis_up', { ...NS, store: 'moja-proxy-cache', pod: 'moja-proxy-cache-leader-0' }, '0x10')],
    fires: [{ labels: { ...NS, store: 'moja-proxy-cache', pod: 'moja-proxy-cache-leader-0' } }],
  },
  { title: 'Redis up', alert: 'MojaloopRedisDown', at: '5m', series: [s('redis_up', { ...NS, store: 'moja-proxy-cache', pod: 'moja-proxy-cache-leader-0' }, '1x10')], fires: [] },
  {
    title: 'two under-replicated partitions on one broker', alert: 'MojaloopKafkaUnderReplicatedPartitions', at: '15m',
    series: [
      s('kafka_server_replicamanager_underreplicatedpartitions', { ...NS, store: 'moja-kafka', pod: 'moja-kafka-broker-0' }, '2x15'),
      s('kafka_server_replicamanager_underreplicatedpartitions', { ...NS, store: 'moja-kafka', pod: 'moja-kafka-broker-1' }, '0x15'),
    ],
    fires: [{ labels: { ...NS, store: 'moja-kafka' }, value: '2' }],
  },
  {
    title: 'all partitions fully replicated', alert: 'MojaloopKafkaUnderReplicatedPartitions', at: '15m',
    series: [s('kafka_server_replicamanager_underreplicatedpartitions', { ...NS, store: 'moja-kafka', pod: 'moja-kafka-broker-0' }, '0x15')],
    fires: [],
  },
  {
    title: 'volume below 15% free and shrinking', alert: 'MojaloopStoreVolumeFillingUp', at: '80m',
    series: [
      s('kubelet_volume_stats_capacity_bytes', { ...NS, persistentvolumeclaim: 'datadir-moja-central-ledger-db-pxc-0' }, '1000x100'),
      s('kubelet_volume_stats_available_bytes', { ...NS, persistentvolumeclaim: 'datadir-moja-central-ledger-db-pxc-0' }, '140-0.1x100'),
    ],
    fires: [{ labels: { ...NS, persistentvolumeclaim: 'datadir-moja-central-ledger-db-pxc-0' }, value: '13.2%' }],
  },
  {
    title: 'volume below 15% free but not shrinking', alert: 'MojaloopStoreVolumeFillingUp', at: '80m',
    series: [
      s('kubelet_volume_stats_capacity_bytes', { ...NS, persistentvolumeclaim: 'datadir-moja-central-ledger-db-pxc-0' }, '1000x100'),
      s('kubelet_volume_stats_available_bytes', { ...NS, persistentvolumeclaim: 'datadir-moja-central-ledger-db-pxc-0' }, '140x100'),
    ],
    fires: [],
  },
  {
    title: 'volume 4% free', alert: 'MojaloopStoreVolumeAlmostFull', at: '10m',
    series: [
      s('kubelet_volume_stats_capacity_bytes', { ...NS, persistentvolumeclaim: 'data-moja-kafka-broker-0' }, '1000x10'),
      s('kubelet_volume_stats_available_bytes', { ...NS, persistentvolumeclaim: 'data-moja-kafka-broker-0' }, '40x10'),
    ],
    fires: [{ labels: { ...NS, persistentvolumeclaim: 'data-moja-kafka-broker-0' }, value: '4%' }],
  },
  {
    title: 'volume 10% free', alert: 'MojaloopStoreVolumeAlmostFull', at: '10m',
    series: [
      s('kubelet_volume_stats_capacity_bytes', { ...NS, persistentvolumeclaim: 'data-moja-kafka-broker-0' }, '1000x10'),
      s('kubelet_volume_stats_available_bytes', { ...NS, persistentvolumeclaim: 'data-moja-kafka-broker-0' }, '100x10'),
    ],
    fires: [],
  },
  // --- backups (maxAgeHours 26 = 93600 s) ---
  ...backupCases(),
];

/** PXC: Jobs named xb-cron-<cluster[:16]>-<storage[:16]>-...; PSMDB: one PBM series per backup. */
function backupCases(): AlertCase[] {
  const CL = { ...NS, store: 'moja-central-ledger-db' };
  const JOB = { ...NS, job_name: 'xb-cron-moja-central-led-s3-backups-20261129100-1a2b3' };
  const pxcPod = s('kube_pod_created', { ...NS, pod: 'moja-central-ledger-db-pxc-0' }, '-200000x40');
  const done = (completed: string) => [s('kube_job_status_succeeded', JOB, '1x40'), s('kube_job_status_completion_time', JOB, `${completed}x40`)];
  const BULK = { ...NS, store: 'moja-bulk-db', pod: 'moja-bulk-db-rs0-0' };
  const pbm = (name: string, status: string, values: string) => s('mongodb_pbm_backup_size_bytes', { ...BULK, name, status, opid: `op-${name}` }, values);
  const day = 26 * 60;
  return [
    { title: 'a scheduled backup Job failed', alert: 'MojaloopPxcBackupFailed', at: '5m', series: [s('kube_job_status_failed', JOB, '1x5')], fires: [{ labels: { ...CL, job_name: JOB.job_name } }] },
    { title: 'backup Jobs succeeded', alert: 'MojaloopPxcBackupFailed', at: '5m', series: [s('kube_job_status_failed', JOB, '0x5')], fires: [] },
    { title: 'another cluster\'s failed Job is not this store\'s', alert: 'MojaloopPxcBackupFailed', at: '5m', series: [s('kube_job_status_failed', { ...NS, job_name: 'xb-cron-moja-account-look-s3-backups-1-1a2b3' }, '1x5')], fires: [] },
    { title: 'newest successful backup older than 26h', alert: 'MojaloopPxcBackupStale', at: '30m', series: [pxcPod, ...done('-100000')], fires: [{ labels: CL }] },
    { title: 'a backup finished recently', alert: 'MojaloopPxcBackupStale', at: '30m', series: [pxcPod, ...done('0')], fires: [] },
    { title: 'a cluster older than 26h that never backed up', alert: 'MojaloopPxcBackupStale', at: '30m', series: [pxcPod], fires: [{ labels: CL }] },
    { title: 'a new cluster before its first scheduled backup', alert: 'MojaloopPxcBackupStale', at: '30m', series: [s('kube_pod_created', { ...NS, pod: 'moja-central-ledger-db-pxc-0' }, '0x40')], fires: [] },
    { title: 'binlog collector unavailable', alert: 'MojaloopPxcPitrDown', at: '20m', series: [s('kube_deployment_status_replicas_available', { ...NS, deployment: 'moja-central-ledger-db-pitr' }, '0x30')], fires: [{ labels: CL }] },
    { title: 'binlog collector running', alert: 'MojaloopPxcPitrDown', at: '20m', series: [s('kube_deployment_status_replicas_available', { ...NS, deployment: 'moja-central-ledger-db-pitr' }, '1x30')], fires: [] },
    { title: 'PBM reports a backup in error', alert: 'MojaloopMongodbBackupFailed', at: '5m', series: [pbm('2026-11-29T01:00:21Z', 'error', '0x5')], fires: [{ labels: { ...NS, store: 'moja-bulk-db', name: '2026-11-29T01:00:21Z' } }] },
    { title: 'PBM backups done', alert: 'MojaloopMongodbBackupFailed', at: '5m', series: [pbm('2026-11-29T01:00:21Z', 'done', '1000x5')], fires: [] },
    {
      title: 'no backup finished in the last 26h', alert: 'MojaloopMongodbBackupStale', at: '27h',
      series: [s('mongodb_pbm_cluster_backup_configured', BULK, `1x${day + 120}`), pbm('2026-11-28T01:00:21Z', 'done', `1000x${day + 120}`)],
      fires: [{ labels: { ...NS, store: 'moja-bulk-db' } }],
    },
    {
      title: 'a backup finished 7h ago', alert: 'MojaloopMongodbBackupStale', at: '27h',
      series: [s('mongodb_pbm_cluster_backup_configured', BULK, `1x${day + 120}`), pbm('2026-11-28T01:00:21Z', 'done', `1000x${day + 120}`), pbm('2026-11-29T01:00:21Z', 'done', `_x1200 1000x${day - 1080}`)],
      fires: [],
    },
    {
      title: 'backups configured only 17h ago', alert: 'MojaloopMongodbBackupStale', at: '27h',
      series: [s('mongodb_pbm_cluster_backup_configured', BULK, `_x600 1x${day - 480}`)],
      fires: [],
    },
    { title: 'PITR disabled', alert: 'MojaloopMongodbPitrOff', at: '40m', series: [s('mongodb_pbm_cluster_pitr_backup_enabled', BULK, '0x45')], fires: [{ labels: { ...NS, store: 'moja-bulk-db' } }] },
    { title: 'PITR enabled', alert: 'MojaloopMongodbPitrOff', at: '40m', series: [s('mongodb_pbm_cluster_pitr_backup_enabled', BULK, '1x45')], fires: [] },
  ];
}

/** Recording rules whose values other rules and the dashboards rely on. */
export const EXPR_CASES: ExprCase[] = [
  {
    title: 'SLI: failed prepares and fulfils over all prepares and fulfils',
    series: [ok(PREPARE, PAYER, '0+90x100'), bad(PREPARE, PAYER, '0+10x100'), ok(FULFIL, PAYER, '0+100x100')],
    at: '30m', expr: 'namespace:mojaloop_transfer_errors:ratio_rate5m',
    expect: [{ labels: 'namespace:mojaloop_transfer_errors:ratio_rate5m{namespace="mojaloop"}', value: 0.05 }],
  },
  {
    title: 'SLI is 0, not missing, when nothing failed',
    series: [ok(PREPARE, PAYER, '0+90x100'), ok(FULFIL, PAYER, '0+90x100')],
    at: '30m', expr: 'namespace:mojaloop_transfer_errors:ratio_rate1h',
    expect: [{ labels: 'namespace:mojaloop_transfer_errors:ratio_rate1h{namespace="mojaloop"}', value: 0 }],
  },
  {
    title: 'prepare error ratio is 0 without failures',
    series: [ok(PREPARE, PAYER, '0+60x30')],
    at: '20m', expr: 'namespace:moja_cl_transfer_prepare_errors:ratio_rate5m',
    expect: [{ labels: 'namespace:moja_cl_transfer_prepare_errors:ratio_rate5m{namespace="mojaloop"}', value: 0 }],
  },
];
