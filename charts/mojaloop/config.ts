// Each service's configuration, in the keys of its own config/default.json.
// rc-based services get a small override file (mounted from a ConfigMap and
// named by PREFIX_config; rc deep-merges it over the image's default.json) plus
// passwords as PREFIX_A__B variables from Secrets. convict-based services take
// the flat variables their schema declares.
import type { IConstruct } from 'constructs';
import type { k8s } from 'cdk8s-plus-27';
import type { Environment } from '../environment/environment';
import { secretKeyRef } from '../lib/secrets';
import { CONFIG_LOADERS, KAFKA_CLIENTS, storeNamed, type ServiceEntry } from './catalog';
import {
  MONGODB_PORT, MYSQL_PORT, REDIS_PORT, appUsersSecret, kafkaBootstrap, mongoHost, mysqlHost, redisHost, serviceUrl,
} from './endpoints';

/** Where the override file is mounted (outside /opt/app/config, so the image's default.json stays). */
export const CONFIG_DIR = '/opt/app/config-override';
export const CONFIG_FILE = 'override.json';

export interface ConfigFile {
  /** Key in the service's ConfigMap. */
  key: string;
  /** Mounted as a directory (rc override) or as one file over the image's own (subPath). */
  mountPath: string;
  subPath?: boolean;
  content: Record<string, unknown>;
}

export interface ServiceConfig {
  /** The file the service reads besides its environment, if any. */
  file?: ConfigFile;
  env: k8s.EnvVar[];
}

const overrideFile = (content: Record<string, unknown>): ConfigFile => ({ key: CONFIG_FILE, mountPath: CONFIG_DIR, content });

/**
 * The Kafka consumer group of each handler that helm renames. mojaloop/helm
 * centralsettlement/chart-service/configs/default.json sets KAFKA.CONSUMER.NOTIFICATION.EVENT
 * group.id to "cs-group-<chart name>-notification-event", and centralsettlement/Chart.yaml
 * aliases that chart once per handler: gross settlement and rules each get their own group,
 * so each sees every commit event (the image's default.json gives both "cs-group-notification-event").
 */
export const RENAMED_CONSUMER_GROUPS: Readonly<Record<string, { path: string; group: string }>> = {
  'centralsettlement-handler-grosssettlement': { path: 'CONSUMER.NOTIFICATION.EVENT', group: 'cs-group-centralsettlement-handler-grosssettlement-notification-event' },
  'centralsettlement-handler-rules': { path: 'CONSUMER.NOTIFICATION.EVENT', group: 'cs-group-centralsettlement-handler-rules-notification-event' },
};

type Json = Record<string, unknown>;

const value = (name: string, v: string | number | boolean): k8s.EnvVar => ({ name, value: String(v) });

/** Sets `metadata.broker.list` of every Kafka client entry of the image's default.json (and a renamed group). */
function kafka(env: Environment, svc: ServiceEntry): Json {
  const out: Json = {};
  const renamed = RENAMED_CONSUMER_GROUPS[svc.name];
  for (const path of KAFKA_CLIENTS[svc.image] ?? []) {
    let node = out;
    for (const key of path.split('.')) node = (node[key] ??= {}) as Json;
    const group = renamed?.path === path ? { 'group.id': renamed.group } : {};
    node.config = { rdkafkaConf: { 'metadata.broker.list': kafkaBootstrap(env), ...group } };
  }
  return { KAFKA: out };
}

const uses = (svc: ServiceEntry, store: string) => svc.stores.includes(store);
const redisCluster = (env: Environment) => [{ host: redisHost(env, storeNamed('proxy-cache')), port: REDIS_PORT }];

export function serviceConfig(scope: IConstruct, env: Environment, svc: ServiceEntry): ServiceConfig {
  const loader = CONFIG_LOADERS[svc.image];
  const password = (store: string, user: string, variable: string): k8s.EnvVar =>
    ({ name: variable, valueFrom: secretKeyRef(scope, { ...appUsersSecret(env, store), keys: [user] }, user) });
  const ledger = serviceUrl(env, 'centralledger-service');
  const api = svc.role === 'api';

  if (loader.kind === 'rc') {
    const p = loader.prefix;
    const common: k8s.EnvVar[] = [value(`${p}_config`, `${CONFIG_DIR}/${CONFIG_FILE}`), value('LOG_LEVEL', 'info')];
    switch (svc.image) {
      case 'central-ledger': {
        const bulk = uses(svc, 'bulk-db');
        return {
          file: overrideFile({
            HOSTNAME: ledger,
            DATABASE: { HOST: mysqlHost(env, 'central-ledger-db'), PORT: MYSQL_PORT, USER: 'central_ledger', SCHEMA: 'central_ledger' },
            // The migration Job migrates the schema (charts/mojaloop/migrations.ts); everyone waits for it.
            MIGRATIONS: { DISABLED: true },
            // src/api/index.js would otherwise start every handler in-process.
            HANDLERS: { DISABLED: api },
            MONGODB: bulk ? { DISABLED: false, HOST: mongoHost(env, 'bulk-db'), PORT: MONGODB_PORT, USER: 'mlos', DATABASE: 'mlos' } : { DISABLED: true },
            PROXY_CACHE: { proxyConfig: { cluster: redisCluster(env) } },
            ...kafka(env, svc),
          }),
          env: [
            ...common,
            password('central-ledger-db', 'central_ledger', 'CLEDG_DATABASE__PASSWORD'),
            ...(bulk ? [password('bulk-db', 'mlos', 'CLEDG_MONGODB__PASSWORD')] : []),
          ],
        };
      }
      case 'ml-api-adapter':
        return {
          file: overrideFile({
            ENDPOINT_SOURCE_URL: ledger,
            ENDPOINT_HEALTH_URL: `${ledger}/health`,
            HANDLERS: { DISABLED: api },
            PROXY_CACHE: { proxyConfig: { cluster: redisCluster(env) } },
            PAYLOAD_CACHE: { connectionConfig: { cluster: redisCluster(env) } },
            ...kafka(env, svc),
          }),
          env: common,
        };
      case 'account-lookup-service':
        return {
          file: overrideFile({
            DATABASE: { HOST: mysqlHost(env, 'account-lookup-db'), PORT: MYSQL_PORT, USER: 'account_lookup', DATABASE: 'account_lookup' },
            // The migration Job migrates the schema (charts/mojaloop/migrations.ts).
            RUN_MIGRATIONS: false,
            // With 3PPI, ALS serves the thirdparty API definitions, whose party id types include
            // CONSENT (src/lib/util.js pathForInterface); without it the consent oracle cannot be registered or used.
            FEATURE_ENABLE_EXTENDED_PARTY_ID_TYPE: env.features.thirdParty,
            SWITCH_ENDPOINT: ledger,
            PROXY_CACHE: { proxyConfig: { cluster: redisCluster(env) } },
          }),
          env: [...common, password('account-lookup-db', 'account_lookup', 'ALS_DATABASE__PASSWORD')],
        };
      case 'quoting-service':
        return {
          file: overrideFile({
            DATABASE: { HOST: mysqlHost(env, 'central-ledger-db'), PORT: MYSQL_PORT, USER: 'central_ledger', SCHEMA: 'central_ledger' },
            SWITCH_ENDPOINT: ledger,
            PROXY_CACHE: { proxyConfig: { cluster: redisCluster(env) } },
            PAYLOAD_CACHE: { connectionConfig: { cluster: redisCluster(env) } },
            ...kafka(env, svc),
          }),
          env: [...common, password('central-ledger-db', 'central_ledger', 'QUOTE_DATABASE__PASSWORD')],
        };
      case 'central-settlement':
        return {
          file: overrideFile({
            DATABASE: { HOST: mysqlHost(env, 'central-ledger-db'), PORT: MYSQL_PORT, USER: 'central_ledger', SCHEMA: 'central_ledger' },
            SWITCH_ENDPOINT: ledger,
            HANDLERS: { DISABLED: api },
            ...kafka(env, svc),
          }),
          env: [...common, password('central-ledger-db', 'central_ledger', 'CSET_DATABASE__PASSWORD')],
        };
      case 'bulk-api-adapter':
        return {
          file: overrideFile({
            ENDPOINT_SOURCE_URL: `${ledger}/participants/{{fsp}}/endpoints`,
            ENDPOINT_HEALTH_URL: `${ledger}/health`,
            MONGODB: { HOST: mongoHost(env, 'bulk-db'), PORT: MONGODB_PORT, USER: 'mlos', DATABASE: 'mlos' },
            HANDLERS: { DISABLED: api },
            ...kafka(env, svc),
          }),
          env: [...common, password('bulk-db', 'mlos', 'BKAPI_MONGODB__PASSWORD')],
        };
      case 'transaction-requests-service':
        return { file: overrideFile({ SWITCH_ENDPOINT: ledger }), env: common };
      case 'thirdparty-api-svc':
        return { file: overrideFile({ ENDPOINT_SERVICE_URL: ledger, PARTICIPANT_LIST_SERVICE_URL: ledger }), env: common };
      default:
        throw new Error(`no configuration for image ${svc.image} (rc, ${p})`);
    }
  }

  // The oracles read convict settings <PREFIX>_PORT and <PREFIX>_DATABASE_*; user and schema share a name.
  const oracleEnv = (prefix: string, store: string, database: string) => [
    value(`${prefix}_PORT`, svc.port),
    value(`${prefix}_DATABASE_HOST`, mysqlHost(env, store)),
    value(`${prefix}_DATABASE_PORT`, MYSQL_PORT),
    value(`${prefix}_DATABASE_USER`, database),
    value(`${prefix}_DATABASE_NAME`, database),
    password(store, database, `${prefix}_DATABASE_PASSWORD`),
  ];

  switch (svc.image) {
    case 'als-msisdn-oracle-svc':
      return { env: oracleEnv('ALS_MSISDN_ORACLE', 'account-lookup-db', 'oracle_msisdn') };
    case 'als-consent-oracle':
      return { env: oracleEnv('ALS_CO', 'consent-oracle-db', 'consent_oracle') };
    case 'auth-service':
      return {
        file: authServiceProduction(env, svc),
        env: [
          // Selects config/production.json, the file mounted below (src/shared/config.ts loads config/${NODE_ENV}.json).
          value('NODE_ENV', 'production'),
          password('consent-oracle-db', 'auth_service', 'DB_CONNECTION_PASSWORD'),
        ],
      };
    default:
      throw new Error(`no configuration for image ${svc.image} (convict)`);
  }
}

/** Where auth-service reads config/production.json: dist/src/shared/../../config (mojaloop/helm thirdparty/chart-auth-svc mounts it there too). */
export const AUTH_SERVICE_CONFIG = '/opt/app/dist/config/production.json';

/**
 * auth-service's whole production.json. Its SHARED.* endpoints have no environment
 * binding in the convict schema (auth-service v15.2.8 src/shared/config.ts) and default
 * to 0.0.0.0, so the file is the only way to point them at the switch; convict validates
 * it strictly, so it carries exactly the schema's keys (config/production.json of the
 * image, mojaloop/helm thirdparty/chart-auth-svc values.yaml config_files). The database
 * password comes from DB_CONNECTION_PASSWORD (environment beats file in convict).
 */
function authServiceProduction(env: Environment, svc: ServiceEntry): ConfigFile {
  const host = (name: string) => serviceUrl(env, name).replace(/^http:\/\//, '');
  return {
    key: 'production.json',
    mountPath: AUTH_SERVICE_CONFIG,
    subPath: true,
    content: {
      PORT: svc.port,
      HOST: '0.0.0.0',
      PARTICIPANT_ID: 'centralauth',
      REDIS: { PORT: REDIS_PORT, HOST: redisHost(env, storeNamed('auth-svc-redis')), TIMEOUT: 100 },
      INSPECT: { DEPTH: 4, SHOW_HIDDEN: false, COLOR: false },
      SHARED: {
        // Requests and callbacks to DFSPs go through the 3PPI API service; participant lookups to ALS.
        PEER_ENDPOINT: host('tp-api-svc'),
        THIRDPARTY_REQUESTS_ENDPOINT: host('tp-api-svc'),
        ALS_ENDPOINT: host('account-lookup-service'),
        JWS_SIGN: false,
        JWS_SIGNING_KEY: '',
        WSO2_AUTH: { staticToken: '', tokenEndpoint: '', clientKey: '', clientSecret: '', refreshSeconds: 3600 },
        TLS: { mutualTLS: { enabled: false }, creds: { ca: '', cert: '', key: '' } },
      },
      DATABASE: {
        client: 'mysql2',
        connection: {
          host: mysqlHost(env, 'consent-oracle-db'), port: MYSQL_PORT, user: 'auth_service', database: 'auth_service',
          timezone: 'UTC', decimalNumbers: true, jsonStrings: true,
        },
        pool: {
          min: 10, max: 10, acquireTimeoutMillis: 30000, createTimeoutMillis: 30000, destroyTimeoutMillis: 5000,
          idleTimeoutMillis: 30000, reapIntervalMillis: 1000, createRetryIntervalMillis: 200,
        },
        migrations: { tableName: 'auth-service', loadExtensions: ['.js'] },
        seeds: { loadExtensions: ['.js'] },
      },
      DEMO_SKIP_VALIDATION_FOR_CREDENTIAL_IDS: [],
    },
  };
}
