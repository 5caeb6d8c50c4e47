// The switch's stores, through their exporters (series carry a `store` label
// naming the operator CR, set by our PodMonitors) and the kubelet's volume stats.
import { alert, inNs, num, type RuleContext, type RuleGroup } from './model';

/** Free-space thresholds of the stores' PersistentVolumeClaims. */
export const VOLUME_FREE_WARNING = 0.15;
export const VOLUME_FREE_CRITICAL = 0.05;
/** Warn when the linear trend of the last 6h fills the volume within this many hours. */
export const VOLUME_FULL_WITHIN_HOURS = 96;

export function storeRules(ctx: RuleContext): RuleGroup {
  const ns = inNs(ctx);
  const mysql = ctx.stores.filter((s) => s.kind === 'mysql');
  const rules = [];
  if (mysql.length > 0) {
    rules.push(alert(ctx, {
      name: 'MojaloopPxcClusterSizeLow',
      // One clause per cluster: each has its own expected size.
      expr: mysql.map((s) => `min by (namespace, store) (mysql_global_status_wsrep_cluster_size{${ns},store="${s.name}"}) < ${s.members}`).join(' or '),
      for: '5m',
      severity: 'critical',
      summary: 'Percona XtraDB Cluster {{ $labels.store }} has only {{ $value }} members',
      description: 'Galera cluster {{ $labels.store }} in {{ $labels.namespace }} runs with {{ $value }} members, fewer than it should: one more loss costs the quorum and the ledger stops writing.',
    }));
    rules.push(alert(ctx, {
      name: 'MojaloopMysqlDown',
      expr: `mysql_up{${ns}} == 0`,
      for: '5m',
      severity: 'critical',
      summary: 'MySQL member {{ $labels.pod }} of {{ $labels.store }} is down',
      description: 'mysqld_exporter in {{ $labels.pod }} ({{ $labels.namespace }}) cannot reach its MySQL server for 5 minutes.',
    }));
  }
  if (ctx.stores.some((s) => s.kind === 'mongodb')) {
    rules.push(alert(ctx, {
      name: 'MojaloopMongodbMemberDown',
      expr: `max by (namespace, store, member_idx) (mongodb_rs_members_health{${ns}}) == 0 or max by (namespace, store, pod) (mongodb_up{${ns}}) == 0`,
      for: '5m',
      severity: 'critical',
      summary: 'MongoDB replica-set member down in {{ $labels.store }}',
      description: 'A member of replica set {{ $labels.store }} in {{ $labels.namespace }} ({{ $labels.member_idx }}{{ $labels.pod }}) has been down or unreachable for 5 minutes.',
    }));
  }
  if (ctx.stores.some((s) => s.kind === 'redis')) {
    rules.push(alert(ctx, {
      name: 'MojaloopRedisDown',
      expr: `max by (namespace, store, pod) (redis_up{${ns}}) == 0`,
      for: '2m',
      severity: 'critical',
      summary: 'Redis {{ $labels.pod }} of {{ $labels.store }} is down',
      description: 'redis_exporter in {{ $labels.pod }} ({{ $labels.namespace }}) cannot reach Redis for 2 minutes: caches of the account lookup (and 3PPI auth) degrade.',
    }));
  }
  if (ctx.stores.some((s) => s.kind === 'kafka')) {
    rules.push(alert(ctx, {
      name: 'MojaloopKafkaUnderReplicatedPartitions',
      expr: `sum by (namespace, store) (kafka_server_replicamanager_underreplicatedpartitions{${ns}}) > 0`,
      for: '10m',
      severity: 'warning',
      summary: 'Kafka {{ $labels.store }} has {{ $value }} under-replicated partitions',
      description: 'Kafka cluster {{ $labels.store }} in {{ $labels.namespace }} has had {{ $value }} partitions below their replication factor for 10 minutes: with min.insync.replicas 2, losing one more broker stops producers on them.',
    }));
  }
  const free = `kubelet_volume_stats_available_bytes{${ns}} / kubelet_volume_stats_capacity_bytes{${ns}}`;
  rules.push(alert(ctx, {
    name: 'MojaloopStoreVolumeFillingUp',
    expr: `${free} < ${num(VOLUME_FREE_WARNING)} and predict_linear(kubelet_volume_stats_available_bytes{${ns}}[6h], ${VOLUME_FULL_WITHIN_HOURS} * 3600) < 0`,
    for: '1h',
    severity: 'warning',
    summary: 'Volume {{ $labels.persistentvolumeclaim }} fills up within 4 days',
    description: 'PersistentVolumeClaim {{ $labels.persistentvolumeclaim }} in {{ $labels.namespace }} has {{ $value | humanizePercentage }} free and the trend of the last 6 hours fills it within 4 days.',
  }));
  rules.push(alert(ctx, {
    name: 'MojaloopStoreVolumeAlmostFull',
    expr: `${free} < ${num(VOLUME_FREE_CRITICAL)}`,
    for: '5m',
    severity: 'critical',
    summary: 'Volume {{ $labels.persistentvolumeclaim }} is almost full',
    description: 'PersistentVolumeClaim {{ $labels.persistentvolumeclaim }} in {{ $labels.namespace }} has only {{ $value | humanizePercentage }} free: the store on it stops writing when it is full.',
  }));
  return { name: 'mojaloop-stores', rules };
}
