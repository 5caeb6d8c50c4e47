// Backups of the Percona stores: a daily full backup with a retention count and
// point-in-time recovery, to the environment's S3-compatible object storage,
// each store under its own prefix. Field names from the operators' deploy/cr.yaml
// at the pinned tags (percona-xtradb-cluster-operator v1.19.0,
// percona-server-mongodb-operator v1.22.0); images from their
// e2e-tests/release_versions.
import type { IConstruct } from 'constructs';
import type { Environment } from '../../environment/environment';
import type { BackupsConfig } from '../../environment/sections/backups';
import { requireSecret } from '../../lib/secrets';
import { objectName } from '../endpoints';
import type { StoreEntry } from '../catalog';

/** IMAGE_BACKUP80 of percona-xtradb-cluster-operator v1.19.0 (matches the 8.0 server image). */
export const PXC_BACKUP_IMAGE = 'percona/percona-xtrabackup:8.0.35-34.1';
/** IMAGE_BACKUP of percona-server-mongodb-operator v1.22.0 (Percona Backup for MongoDB). */
export const PSMDB_BACKUP_IMAGE = 'percona/percona-backup-mongodb:2.12.0';

/** The storage name both CRs use. */
export const BACKUP_STORAGE = 's3-backups';
export const BACKUP_SCHEDULE = 'daily';

/** Both operators read these keys from the credentials Secret (deploy/backup-secret-s3.yaml). */
export function backupCredentials(scope: IConstruct, env: Environment, b: BackupsConfig): string {
  return requireSecret(scope, {
    namespace: env.namespaces.mojaloop.name,
    name: b.storage.credentialsSecret,
    keys: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
    purpose: `access key of the backup bucket ${b.storage.bucket} at ${b.storage.endpoint} (PXC and PSMDB backups)`,
  });
}

/** Where a store's backups live in the bucket. */
export const backupPrefix = (env: Environment, store: StoreEntry): string => `${env.name}/${objectName(env, store.name)}`;

/**
 * The name prefix of the Jobs the PXC operator runs for scheduled backups:
 * "xb-" + "cron-<cluster[:16]>-<storage[:16]>-..." (pkg/naming/backup.go
 * BackupJobName and ScheduledBackupName at v1.19.0). The backup alerts select them by it.
 */
export const pxcScheduledJobPrefix = (cluster: string): string => `xb-cron-${cluster.slice(0, 16)}-${BACKUP_STORAGE.slice(0, 16)}-`;
