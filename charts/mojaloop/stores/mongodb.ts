// MongoDB stores: Percona Server for MongoDB, one three-member replica set
// (seeds/002), as Mojaloop's own IaC runs them. The operator creates the
// application users; a mongodb_exporter sidecar serves Prometheus metrics.
import type { Construct } from 'constructs';
import type { PerconaServerMongoDbv1Props } from '../../../imports/psmdb-psmdb.percona.com';
import type { Environment } from '../../environment/environment';
import { wrapped, typedCustomResource } from '../../lib/crd';
import { standardLabels } from '../../lib/labels';
import { protectFromPrune } from '../../lib/prune';
import { OPERATOR_VERSIONS, STORE_IMAGES, type StoreEntry } from '../catalog';
import { MONGO_REPLSET, objectName } from '../endpoints';
import { storeResourcesJson } from '../sizing';
import { storageClassName, volumeSize } from '../storage';
import { exporterSidecar, perconaSecrets, wrapResources, membersOf, plain, storeContainerSecurity, storePlacement, storePodSecurity } from './common';
import { BACKUP_SCHEDULE, BACKUP_STORAGE, PSMDB_BACKUP_IMAGE, backupCredentials, backupPrefix } from './backup';

/** Like PXC, the operator builds Service/StatefulSet names from the cluster name; keep it within 22 characters. */
export const PSMDB_MAX_NAME = 22;
/** `mongodb` in the percona-server-mongodb image. */
const PSMDB_UID = 1001;
const EXPORTER_PORT = 9216;

export function perconaServerMongoDb(scope: Construct, env: Environment, store: StoreEntry): void {
  protectFromPrune(typedCustomResource(scope, `psmdb-${store.name}`, { apiVersion: 'psmdb.percona.com/v1', kind: 'PerconaServerMongoDB' }, psmdbProps(scope, env, store)));
}

export function psmdbProps(scope: Construct, env: Environment, store: StoreEntry): PerconaServerMongoDbv1Props & { metadata: { name: string } } {
  const name = objectName(env, store.name);
  const members = membersOf(env, store.pool);
  const place = storePlacement(env, store.pool, { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'mongod' }, members);
  const { users, system } = perconaSecrets(scope, env, store, ['MONGODB_CLUSTER_MONITOR_USER', 'MONGODB_CLUSTER_MONITOR_PASSWORD']);
  const r = storeResourcesJson(env, store.pool, 1, 'large');

  return {
    metadata: { name, namespace: env.namespaces.mojaloop.name, labels: standardLabels(env, { name: 'percona-server-mongodb', instance: name, component: 'database', partOf: 'mojaloop' }) },
    spec: {
      crVersion: OPERATOR_VERSIONS.psmdb,
      image: STORE_IMAGES.psmdb,
      upgradeOptions: { apply: 'disabled' },
      updateStrategy: 'SmartUpdate',
      ...(members < 3 ? { unsafeFlags: { replsetSize: true } } : {}),
      secrets: { users: system.name },
      initContainerSecurityContext: plain(storeContainerSecurity()),
      sharding: { enabled: false },
      ...(env.backups ? { backup: psmdbBackup(scope, env, store) } : {}),
      replsets: [{
        name: MONGO_REPLSET,
        size: members,
        resources: wrapResources(r),
        affinity: { advanced: plain(place.affinity) as never },
        tolerations: plain(place.tolerations) as never,
        ...(place.topologySpreadConstraints ? { topologySpreadConstraints: plain(place.topologySpreadConstraints) as never } : {}),
        // One member at a time: two of three keep a primary.
        podDisruptionBudget: { maxUnavailable: wrapped(1) },
        podSecurityContext: plain(storePodSecurity(PSMDB_UID)),
        containerSecurityContext: plain(storeContainerSecurity()),
        volumeSpec: {
          persistentVolumeClaim: {
            storageClassName: storageClassName(store.pool),
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: wrapped(volumeSize(env, store.volume)) } },
          },
        },
        sidecars: [exporterSidecar({
          name: 'mongodb-exporter',
          image: STORE_IMAGES.mongodbExporter,
          port: EXPORTER_PORT,
          args: ['--mongodb.uri=mongodb://127.0.0.1:27017/admin', '--compatible-mode', '--collect-all', `--web.listen-address=:${EXPORTER_PORT}`],
          env: [
            { name: 'MONGODB_USER', valueFrom: { secretKeyRef: { name: system.name, key: 'MONGODB_CLUSTER_MONITOR_USER' } } },
            { name: 'MONGODB_PASSWORD', valueFrom: { secretKeyRef: { name: system.name, key: 'MONGODB_CLUSTER_MONITOR_PASSWORD' } } },
          ],
        })],
      }],
      users: (store.databases ?? []).map((db) => ({
        name: db.user,
        db: db.name,
        passwordSecretRef: { name: users.name, key: db.user },
        roles: [{ name: 'readWrite', db: db.name }],
      })),
    },
  };
}

/**
 * Percona Backup for MongoDB: the operator runs a backup-agent sidecar in each
 * mongod pod; a daily logical backup with a retention count, and PITR from
 * continuous oplog slices, to S3 under the store's prefix.
 */
function psmdbBackup(scope: Construct, env: Environment, store: StoreEntry) {
  const b = env.backups!;
  return {
    enabled: true,
    image: PSMDB_BACKUP_IMAGE,
    podSecurityContext: plain(storePodSecurity(PSMDB_UID)) as never,
    containerSecurityContext: plain(storeContainerSecurity()) as never,
    storages: {
      [BACKUP_STORAGE]: {
        main: true,
        type: 's3',
        s3: {
          bucket: b.storage.bucket,
          prefix: backupPrefix(env, store),
          credentialsSecret: backupCredentials(scope, env, b),
          endpointUrl: b.storage.endpoint,
          region: b.storage.region,
          // S3-compatible stores on premises (MinIO, Ceph RGW) address buckets by path.
          forcePathStyle: true,
        },
      },
    },
    pitr: { enabled: true, oplogOnly: false, compressionType: 'gzip', compressionLevel: 6 },
    tasks: [{
      name: BACKUP_SCHEDULE,
      enabled: true,
      schedule: b.schedule,
      retention: { type: 'count' as never, count: b.retention, deleteFromStorage: true },
      storageName: BACKUP_STORAGE,
      compressionType: 'gzip',
    }],
  };
}
