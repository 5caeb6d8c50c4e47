// MySQL stores: Percona XtraDB Cluster (Galera, synchronous replication) with
// HAProxy in front, as Mojaloop's own IaC runs them. Three members on three
// nodes of the pool; the operator creates the application users and schemas.
import type { Construct } from 'constructs';
import type { PerconaXtraDbClusterV1Props } from '../../../imports/pxc-pxc.percona.com';
import type { Environment } from '../../environment/environment';
import { wrapped, typedCustomResource } from '../../lib/crd';
import { standardLabels } from '../../lib/labels';
import { protectFromPrune } from '../../lib/prune';
import { OPERATOR_VERSIONS, STORE_IMAGES, type StoreEntry } from '../catalog';
import { objectName } from '../endpoints';
import { SIDECARS, storeResourcesJson } from '../sizing';
import { storageClassName, volumeSize } from '../storage';
import { BACKUP_SCHEDULE, BACKUP_STORAGE, PXC_BACKUP_IMAGE, backupCredentials, backupPrefix } from './backup';
import { crResources, exporterSidecar, perconaSecrets, wrapResources, membersOf, plain, storeContainerSecurity, storePlacement, storePodSecurity } from './common';

/**
 * MySQL settings that differ from Mojaloop's IaC or from the PXC defaults, decided here
 * (mojaloop/iac-modules terraform/gitops/stateful-resources/templates/stateful-resources/
 * percona/mysql/db-cluster.yaml.tpl sets pxc_strict_mode=PERMISSIVE and
 * wsrep_auto_increment_control=OFF).
 *
 * - wsrep_auto_increment_control=OFF, as the IaC: ON makes every member use
 *   auto_increment_increment=<cluster size> and its own offset, so ids jump by 3 and start
 *   at the writer's offset. central-ledger's seeds insert enumeration rows without ids
 *   (seeds/ledgerAccountType.js) while its code compares them with fixed ids
 *   (Enum.Accounts.LedgerAccountType.POSITION in src/domain/participant/index.js); with
 *   ON they would not match. OFF is safe because HAProxy sends all writes to one member.
 * - pxc_strict_mode=ENFORCING (the PXC default), unlike the IaC's PERMISSIVE: it rejects
 *   what makes Galera members diverge (DML on tables without a primary key, LOCK TABLES,
 *   non-InnoDB tables, CREATE TABLE ... AS SELECT). The migrations of every schema we
 *   run (central-ledger v19.14.0, account-lookup-service v17.14.11, als-msisdn-oracle-svc
 *   v0.0.21, als-consent-oracle v1.1.8, auth-service v15.2.8) create only tables with
 *   primary keys and use none of these, so PERMISSIVE would buy nothing but silent risk.
 *   If an upgrade trips it, the migration Job fails loudly instead of the data diverging.
 */
export const PXC_CONFIGURATION = ['[mysqld]', 'pxc_strict_mode=ENFORCING', 'wsrep_auto_increment_control=OFF', ''].join('\n');

/** The operator derives Service and StatefulSet names from the cluster name and rejects names over 22 characters. */
export const PXC_MAX_NAME = 22;
/** `mysql` in the percona-xtradb-cluster and haproxy images. */
const PXC_UID = 1001;
const EXPORTER_PORT = 9104;

export function perconaXtraDbCluster(scope: Construct, env: Environment, store: StoreEntry): void {
  const props = pxcProps(scope, env, store);
  protectFromPrune(typedCustomResource(scope, `pxc-${store.name}`, { apiVersion: 'pxc.percona.com/v1', kind: 'PerconaXtraDBCluster' }, props));
}

export function pxcProps(scope: Construct, env: Environment, store: StoreEntry): PerconaXtraDbClusterV1Props & { metadata: { name: string } } {
  const name = objectName(env, store.name);
  const members = membersOf(env, store.pool);
  const pods = (component: string) => ({ 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': component });
  const pxcPlace = storePlacement(env, store.pool, pods('pxc'), members);
  const haproxyPlace = storePlacement(env, store.pool, pods('haproxy'), members);
  const { users, system } = perconaSecrets(scope, env, store, ['monitor']);
  // Three members tolerate one loss; a PodDisruptionBudget of one keeps the Galera quorum through drains.
  const pdb = { maxUnavailable: wrapped(1) };
  const small = members < 3;

  return {
    metadata: { name, namespace: env.namespaces.mojaloop.name, labels: standardLabels(env, { name: 'percona-xtradb-cluster', instance: name, component: 'database', partOf: 'mojaloop' }) },
    spec: {
      crVersion: OPERATOR_VERSIONS.pxc,
      secretsName: system.name,
      // Versions are pinned here and changed by merge request, not by the operator's version service.
      upgradeOptions: { apply: 'disabled' },
      updateStrategy: 'SmartUpdate',
      // Dev runs one member; the operator refuses fewer than three without these flags.
      ...(small ? { unsafeFlags: { pxcSize: true, proxySize: true } } : {}),
      initContainer: { containerSecurityContext: plain(storeContainerSecurity()) },
      pxc: {
        size: members,
        image: STORE_IMAGES.pxc,
        autoRecovery: true,
        configuration: PXC_CONFIGURATION,
        resources: wrapResources(storeResourcesJson(env, store.pool, 1, 'large')),
        affinity: { advanced: plain(pxcPlace.affinity) as never },
        tolerations: plain(pxcPlace.tolerations) as never,
        ...(pxcPlace.topologySpreadConstraints ? { topologySpreadConstraints: plain(pxcPlace.topologySpreadConstraints) as never } : {}),
        podDisruptionBudget: pdb,
        podSecurityContext: plain(storePodSecurity(PXC_UID)),
        containerSecurityContext: plain(storeContainerSecurity()),
        volumeSpec: {
          persistentVolumeClaim: {
            storageClassName: storageClassName(store.pool),
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: wrapped(volumeSize(env, store.volume)) } },
          },
        },
        gracePeriod: 600,
        sidecars: [exporterSidecar({
          name: 'mysqld-exporter',
          image: STORE_IMAGES.mysqldExporter,
          port: EXPORTER_PORT,
          args: ['--mysqld.address=127.0.0.1:3306', '--mysqld.username=monitor', `--web.listen-address=:${EXPORTER_PORT}`],
          env: [{ name: 'MYSQLD_EXPORTER_PASSWORD', valueFrom: { secretKeyRef: { name: system.name, key: 'monitor' } } }],
        })],
      },
      haproxy: {
        enabled: true,
        size: members,
        image: STORE_IMAGES.haproxy,
        resources: crResources(SIDECARS.haproxy),
        affinity: { advanced: plain(haproxyPlace.affinity) as never },
        tolerations: plain(haproxyPlace.tolerations) as never,
        podDisruptionBudget: pdb,
        podSecurityContext: plain(storePodSecurity(PXC_UID)),
        containerSecurityContext: plain(storeContainerSecurity()),
      },
      ...(env.backups ? { backup: pxcBackup(scope, env, store, pxcPlace) } : {}),
      proxysql: { enabled: false },
      pmm: { enabled: false },
      // Container logs are collected by the cluster's log agent, not a per-pod fluent-bit.
      logcollector: { enabled: false },
      users: (store.databases ?? []).map((db) => ({
        name: db.user,
        dbs: [db.name],
        hosts: ['%'],
        grants: ['ALL'],
        passwordSecretRef: { name: users.name, key: db.user },
      })),
    },
  };
}

/**
 * Daily xtrabackup to S3 with a retention count, and PITR: the operator's binlog
 * collector (Deployment <cluster>-pitr) uploads binlogs every `pitrUploadSeconds`.
 * Backup pods run on the store's pool with the restricted security context.
 */
function pxcBackup(scope: Construct, env: Environment, store: StoreEntry, place: ReturnType<typeof storePlacement>) {
  const b = env.backups!;
  return {
    image: PXC_BACKUP_IMAGE,
    pitr: { enabled: true, storageName: BACKUP_STORAGE, timeBetweenUploads: b.pitrUploadSeconds, timeoutSeconds: 60 },
    storages: {
      [BACKUP_STORAGE]: {
        type: 's3',
        s3: {
          // "bucket/prefix": each store under its own path.
          bucket: `${b.storage.bucket}/${backupPrefix(env, store)}`,
          credentialsSecret: backupCredentials(scope, env, b),
          endpointUrl: b.storage.endpoint,
          region: b.storage.region,
        },
        affinity: { nodeAffinity: plain(place.affinity.nodeAffinity) as never },
        tolerations: plain(place.tolerations) as never,
        podSecurityContext: plain(storePodSecurity(PXC_UID)) as never,
        containerSecurityContext: plain(storeContainerSecurity()) as never,
      },
    },
    schedule: [{
      name: BACKUP_SCHEDULE,
      schedule: b.schedule,
      retention: { type: 'count' as never, count: b.retention, deleteFromStorage: true },
      storageName: BACKUP_STORAGE,
    }],
  };
}
