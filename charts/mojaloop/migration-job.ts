// The ordered migration step: one Job per database runs the owning image's own
// migration command with that service's configuration, and every workload using
// the database waits for it in an init container. Flux applies everything at
// once; the order comes from the waits, not from apply order.
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { labelValue, selectorLabels, standardLabels } from '../lib/labels';
import { placement } from '../lib/placement';
import { resources } from '../lib/resources';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../lib/security';
import { secretKeyRef } from '../lib/secrets';
import { DOCKER_REGISTRY, MOJALOOP_UID, isEnabled, serviceNamed, storeNamed, type ServiceEntry } from './catalog';
import { serviceConfig, type ConfigFile } from './config';
import { MYSQL_PORT, appUsersSecret, mysqlHost, objectName } from './endpoints';
import { MIGRATIONS, readyQuery, type Migration } from './migrations';

/** The MySQL client image of mojaloop/helm's wait-for-mysql init container (mojaloop-common/templates/wait-for-mysql-initcontainer.yaml). */
export const MYSQL_CLIENT_IMAGE = 'docker.io/library/mysql:9.0.1';

/** Name of a database's migration workload (the Job's app.kubernetes.io/name). */
export const migrationName = (m: Migration): string => `${m.database.replace(/_/g, '-')}-migration`;

/** Migrations of the enabled features (a database exists only when its store does). */
export const enabledMigrations = (env: Environment): Migration[] =>
  MIGRATIONS.filter((m) => isEnabled(storeNamed(m.store).feature, env.features) && isEnabled(serviceNamed(m.owner).feature, env.features));

/** MySQL databases a service uses: the `databases` of its mysql stores that it connects with. */
export function databasesOf(env: Environment, svc: ServiceEntry): Migration[] {
  return enabledMigrations(env).filter((m) => svc.stores.includes(m.store) && usesDatabase(svc, m));
}

/** The oracles and auth-service share stores with others but use only their own schema. */
function usesDatabase(svc: ServiceEntry, m: Migration): boolean {
  const own = MIGRATIONS.filter((x) => x.owner === svc.name || serviceNamed(x.owner).image === svc.image);
  if (own.length > 0) return own.some((x) => x.database === m.database);
  // quoting-service and central-settlement read the central_ledger schema (their default.json DATABASE.SCHEMA).
  return m.database === 'central_ledger';
}

const SCRIPT = [
  // -N -s prints the bare value; the query fails until the tables exist.
  'until [ "$(mysql -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" -N -s -e "$DB_READY_QUERY" "$DB_NAME" 2>/dev/null)" = "1" ]; do',
  '  echo "waiting for the migration of $DB_NAME on $DB_HOST"; sleep "${WAIT_SECONDS:-5}";',
  'done',
  'echo "$DB_NAME is migrated"',
].join('\n');

/** An init container that returns once the migration of `m` has finished (MySQL up, schema current, seeds in). */
export function waitForMigration(scope: Construct, env: Environment, m: Migration, user: string): k8s.Container {
  return {
    name: `wait-for-${migrationName(m)}`,
    image: MYSQL_CLIENT_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', SCRIPT],
    env: [
      { name: 'DB_HOST', value: mysqlHost(env, m.store) },
      { name: 'DB_PORT', value: String(MYSQL_PORT) },
      { name: 'DB_USER', value: user },
      { name: 'DB_NAME', value: m.database },
      { name: 'DB_READY_QUERY', value: readyQuery(m) },
      // The client reads MYSQL_PWD, so the password never appears on a command line.
      { name: 'MYSQL_PWD', valueFrom: secretKeyRef(scope, { ...appUsersSecret(env, m.store), keys: [user] }, user) },
    ],
    resources: resources({ cpu: '10m', memory: '32Mi', cpuLimit: '100m', memoryLimit: '64Mi' }),
    securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
  };
}

/** Volumes and mounts for a service's configuration file (shared by its Deployment and a Job borrowing it). */
export function configVolume(configMap: string, file: ConfigFile | undefined): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  if (!file) return { volumes: [], mounts: [] };
  return {
    volumes: [{ name: 'config', configMap: { name: configMap } }],
    mounts: [file.subPath
      ? { name: 'config', mountPath: file.mountPath, subPath: file.key, readOnly: true }
      : { name: 'config', mountPath: file.mountPath, readOnly: true }],
  };
}

/**
 * The migration Job. Its name carries the image tag: a Job's pod template is
 * immutable, and a new image brings new migrations, so a tag bump makes a new Job
 * (Flux prunes the old one). knex migrations are idempotent, so a re-run is harmless.
 */
export class MigrationJob extends Construct {
  constructor(scope: Construct, env: Environment, m: Migration) {
    super(scope, migrationName(m));
    const namespace = env.namespaces.mojaloop.name;
    const owner = serviceNamed(m.owner);
    const tag = env.mojaloop.images[owner.image];
    const name = objectName(env, migrationName(m));
    const id = { name: migrationName(m), instance: name, component: 'migration', partOf: 'mojaloop', version: tag };
    const selector = selectorLabels(id);
    const place = placement(env, owner.pool, selector, { singleton: true });
    const config = serviceConfig(this, env, owner);
    const cfg = configVolume(`${objectName(env, owner.name)}-config`, config.file);
    new k8s.KubeJob(this, 'job', {
      metadata: {
        name: `${name}-${labelValue(tag).toLowerCase().replace(/[^a-z0-9-]/g, '-')}`,
        namespace,
        labels: standardLabels(env, id),
        annotations: { 'mojaloop.io/migrates': `${m.store}/${m.database}`, ...(m.deviation ? { 'mojaloop.io/deviation': m.deviation } : {}) },
      },
      spec: {
        backoffLimit: 20,
        template: {
          metadata: { labels: standardLabels(env, id) },
          spec: {
            restartPolicy: 'OnFailure',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(MOJALOOP_UID),
            affinity: { nodeAffinity: place.affinity.nodeAffinity },
            tolerations: place.tolerations,
            // MySQL must answer before knex can take its lock.
            initContainers: [waitForMysql(this, env, m)],
            containers: [{
              name: 'migrate',
              image: `${DOCKER_REGISTRY}/${owner.image}:${tag}`,
              imagePullPolicy: 'IfNotPresent',
              command: [...m.command],
              env: [
                ...config.env,
                // npm writes its cache and logs under HOME; the root filesystem is read-only.
                { name: 'HOME', value: '/tmp' },
                { name: 'npm_config_cache', value: '/tmp/.npm' },
                { name: 'npm_config_update_notifier', value: 'false' },
              ],
              resources: resources({ cpu: '100m', memory: '256Mi', cpuLimit: '1', memoryLimit: '512Mi' }),
              securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...cfg.mounts],
            }],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('128Mi') } }, ...cfg.volumes],
          },
        },
      },
    });
  }
}

/** The Job's own wait: MySQL answers a trivial query as the owner's user. */
function waitForMysql(scope: Construct, env: Environment, m: Migration): k8s.Container {
  const c = waitForMigration(scope, env, m, m.database);
  return {
    ...c,
    name: 'wait-for-mysql',
    env: c.env!.map((e) => (e.name === 'DB_READY_QUERY' ? { ...e, value: 'SELECT 1' } : e)),
  };
}

export function migrationJobs(scope: Construct, env: Environment): MigrationJob[] {
  return enabledMigrations(env).map((m) => new MigrationJob(scope, env, m));
}
