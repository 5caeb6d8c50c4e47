// Backups of the switch's databases: failed and stale full backups, and PITR
// not running. PXC backups run as Jobs the operator names
// "xb-cron-<cluster[:16]>-<storage[:16]>-..." (kube-state-metrics kube_job_*);
// PSMDB backups are reported by mongodb_exporter's PBM collector
// (mongodb_pbm_*, exporter/pbm_collector.go of percona/mongodb_exporter v0.43.1,
// on with --collect-all), one series per backup named by its start time.
import { pxcScheduledJobPrefix } from '../../../charts/mojaloop/stores/backup';
import { alert, inNs, type RuleContext, type RuleGroup } from './model';

export function backupRules(ctx: RuleContext): RuleGroup {
  const ns = inNs(ctx);
  const rules = [];
  const b = ctx.backups;
  if (b) {
    const maxAge = b.maxAgeHours * 3600;
    const mysql = ctx.stores.filter((s) => s.kind === 'mysql');
    const jobsOf = (cluster: string) => `${ns},job_name=~"${pxcScheduledJobPrefix(cluster)}.+"`;
    const perStore = (cluster: string, expr: string) => `label_replace(${expr}, "store", "${cluster}", "", "")`;
    if (mysql.length > 0) {
      rules.push(alert(ctx, {
        name: 'MojaloopPxcBackupFailed',
        expr: mysql.map((s) => perStore(s.name, `max by (namespace, job_name) (kube_job_status_failed{${jobsOf(s.name)}}) > 0`)).join(' or '),
        severity: 'warning',
        summary: 'A scheduled backup of {{ $labels.store }} failed',
        description: 'Backup Job {{ $labels.job_name }} of Percona XtraDB Cluster {{ $labels.store }} in {{ $labels.namespace }} failed. The next scheduled run may succeed; if not, the stale-backup alert follows.',
      }));
      rules.push(alert(ctx, {
        name: 'MojaloopPxcBackupStale',
        // The newest successful backup is too old, or the cluster is older than that and has none.
        expr: mysql.map((s) => perStore(s.name, [
          `(time() - max by (namespace) (kube_job_status_completion_time{${jobsOf(s.name)}} * on (namespace, job_name) group_left () (kube_job_status_succeeded{${jobsOf(s.name)}} > 0)) > ${maxAge})`,
          `or on (namespace) ((time() - min by (namespace) (kube_pod_created{${ns},pod=~"${s.name}-pxc-[0-9]+"}) > ${maxAge}) unless on (namespace) (kube_job_status_succeeded{${jobsOf(s.name)}} > 0))`,
        ].join(' '))).join(' or '),
        for: '15m',
        severity: 'critical',
        summary: `No successful backup of {{ $labels.store }} in ${b.maxAgeHours}h`,
        description: `The newest successful full backup of Percona XtraDB Cluster {{ $labels.store }} in {{ $labels.namespace }} is older than ${b.maxAgeHours}h (or there is none): a restore would need the binlogs of a longer period, or be impossible.`,
      }));
      rules.push(alert(ctx, {
        name: 'MojaloopPxcPitrDown',
        expr: mysql.map((s) => perStore(s.name, `max by (namespace) (kube_deployment_status_replicas_available{${ns},deployment="${s.name}-pitr"}) < 1`)).join(' or '),
        for: '15m',
        severity: 'critical',
        summary: 'Point-in-time recovery of {{ $labels.store }} is not running',
        description: 'The binlog collector (Deployment {{ $labels.store }}-pitr) has no available replica: binlogs are not uploaded, and a restore can only go back to the last full backup.',
      }));
    }
    if (ctx.stores.some((s) => s.kind === 'mongodb')) {
      rules.push(alert(ctx, {
        name: 'MojaloopMongodbBackupFailed',
        expr: `max by (namespace, store, name) (mongodb_pbm_backup_size_bytes{${ns},status="error"}) >= 0`,
        severity: 'warning',
        summary: 'Backup {{ $labels.name }} of {{ $labels.store }} failed',
        description: 'Percona Backup for MongoDB reports backup {{ $labels.name }} of {{ $labels.store }} in {{ $labels.namespace }} in state "error".',
      }));
      rules.push(alert(ctx, {
        name: 'MojaloopMongodbBackupStale',
        // Backups configured for longer than the limit, and no backup finished in that time (a new backup is a new series).
        expr: `max by (namespace, store) (mongodb_pbm_cluster_backup_configured{${ns}} offset ${b.maxAgeHours}h == 1) unless on (namespace, store) count by (namespace, store) (mongodb_pbm_backup_size_bytes{${ns},status="done"} unless mongodb_pbm_backup_size_bytes{${ns},status="done"} offset ${b.maxAgeHours}h)`,
        for: '15m',
        severity: 'critical',
        summary: `No backup of {{ $labels.store }} finished in ${b.maxAgeHours}h`,
        description: `No full backup of MongoDB replica set {{ $labels.store }} in {{ $labels.namespace }} finished in the last ${b.maxAgeHours}h.`,
      }));
      rules.push(alert(ctx, {
        name: 'MojaloopMongodbPitrOff',
        expr: `max by (namespace, store) (mongodb_pbm_cluster_pitr_backup_enabled{${ns}}) == 0`,
        for: '30m',
        severity: 'warning',
        summary: 'Point-in-time recovery of {{ $labels.store }} is off',
        description: 'PBM reports PITR disabled for {{ $labels.store }} in {{ $labels.namespace }}: a restore can only go back to the last full backup.',
      }));
    }
  }
  return { name: 'mojaloop-backups', rules };
}
