// Backups of the switch's databases: scheduled full backups plus point-in-time
// recovery (PXC binlogs, PSMDB oplog) to S3-compatible object storage, through
// the Percona operators. The credentials are a Secret reference, never a value.
import { Type, type Static } from '@sinclair/typebox';
import { DnsLabel, Strict, Url } from '../types';

/** Five-field cron, as the Percona operators' `schedule` takes it. */
const Cron = Type.String({ pattern: '^(\\S+\\s+){4}\\S+$', title: 'a five-field cron expression such as "0 1 * * *"', description: 'When the full backup runs (cron, UTC).' });

export const BackupsSchema = Strict({
  storage: Strict({
    endpoint: Url('S3-compatible endpoint, e.g. https://s3.storage.example.org'),
    bucket: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$', title: 'an S3 bucket name (3-63 lowercase letters, digits, "." or "-")', description: 'Bucket; each store writes under its own prefix.' }),
    region: Type.Optional(Type.String({ pattern: '^[a-z0-9-]+$', title: 'a region name such as us-east-1', description: 'Region (default us-east-1; most S3-compatible stores ignore it).' })),
    credentialsSecret: DnsLabel('Secret in the mojaloop namespace with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (both operators read these keys).'),
  }, 'Where backups go.'),
  schedule: Type.Optional(Cron),
  retention: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: 'Full backups kept per store (older ones are deleted from storage too). Default 14.' })),
  pitrUploadSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 3600, description: 'PXC: seconds between binlog uploads, the worst-case data loss of a point-in-time restore. Default 60.' })),
  maxAgeHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720, description: 'Alert when the newest successful full backup of a store is older than this. Default 26 (a daily schedule plus slack).' })),
}, 'Scheduled backups with point-in-time recovery of the PXC and PSMDB stores to S3-compatible storage.');

export interface BackupsConfig {
  storage: { endpoint: string; bucket: string; region: string; credentialsSecret: string };
  schedule: string;
  retention: number;
  pitrUploadSeconds: number;
  maxAgeHours: number;
}

/** undefined: no backups are rendered (dev). */
export function resolveBackups(file: Static<typeof BackupsSchema> | undefined): BackupsConfig | undefined {
  if (!file) return undefined;
  return {
    storage: { region: 'us-east-1', ...file.storage },
    schedule: file.schedule ?? '0 1 * * *',
    retention: file.retention ?? 14,
    pitrUploadSeconds: file.pitrUploadSeconds ?? 60,
    maxAgeHours: file.maxAgeHours ?? 26,
  };
}

/** The port the object store listens on (from the endpoint URL), for the stores' egress NetworkPolicy. */
export function storagePort(b: BackupsConfig): number {
  const u = new URL(b.storage.endpoint);
  return u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
}
