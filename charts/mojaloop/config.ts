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

export interface ServiceConfig {
  /** JSON override of config/default.json; undefined for convict services. */
  override?: Record<string, unknown>;
  env: k8s.EnvVar[];
}

type Json = Record<string, unknown>;

const value = (name: string, v: string | number | boolean): k8s.EnvVar => ({ name, value: String(v) });

/** Sets `metadata.broker.list` of every Kafka client entry of the image's default.json. */
function kafka(env: Environment, svc: ServiceEntry): Json {
  const out: Json = {};
  for (const path of KAFKA_CLIENTS[svc.image] ?? []) {
    let node = out;
    for (const key of path.split('.')) node = (node[key] ??= {}) as Json;
    node.config = { rdkafkaConf: { 'metadata.broker.list': kafkaBootstrap(env) } };
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
          override: {
            HOSTNAME: ledger,
            DATABASE: { HOST: mysqlHost(env, 'central-ledger-db'), PORT: MYSQL_PORT, USER: 'central_ledger', SCHEMA: 'central_ledger' },
            // The API runs the schema migrations; the handlers wait for them.
            MIGRATIONS: { DISABLED: !api },
            // src/api/index.js would otherwise start every handler in-process.
            HANDLERS: { DISABLED: api },
            MONGODB: bulk ? { DISABLED: false, HOST: mongoHost(env, 'bulk-db'), PORT: MONGODB_PORT, USER: 'mlos', DATABASE: 'mlos' } : { DISABLED: true },
            PROXY_CACHE: { proxyConfig: { cluster: redisCluster(env) } },
            ...kafka(env, svc),
          },
          env: [
            ...common,
            password('central-ledger-db', 'central_ledger', 'CLEDG_DATABASE__PASSWORD'),
            ...(bulk ? [password('bulk-db', 'mlos', 'CLEDG_MONGODB__PASSWORD')] : []),
          ],
        };
      }
      case 'ml-api-adapter':
        return {
          override: {
            ENDPOINT_SOURCE_URL: ledger,
            ENDPOINT_HEALTH_URL: `${ledger}/health`,
            HANDLERS: { DISABLED: api },
            PROXY_CACHE: { proxyConfig: { cluster: redisCluster(env) } },
            PAYLOAD_CACHE: { connectionConfig: { cluster: redisCluster(env) } },
            ...kafka(env, svc),
          },
          env: common,
        };
      case 'account-lookup-service':
        return {
          override: {
            DATABASE: { HOST: mysqlHost(env, 'account-lookup-db'), PORT: MYSQL_PORT, USER: 'account_lookup', DATABASE: 'account_lookup' },
            // One workload migrates the schema: the admin API (it owns participants and oracles).
            RUN_MIGRATIONS: svc.name === 'account-lookup-service-admin',
            SWITCH_ENDPOINT: ledger,
            PROXY_CACHE: { proxyConfig: { cluster: redisCluster(env) } },
          },
          env: [...common, password('account-lookup-db', 'account_lookup', 'ALS_DATABASE__PASSWORD')],
        };
      case 'quoting-service':
        return {
          override: {
            DATABASE: { HOST: mysqlHost(env, 'central-ledger-db'), PORT: MYSQL_PORT, USER: 'central_ledger', SCHEMA: 'central_ledger' },
            SWITCH_ENDPOINT: ledger,
            PROXY_CACHE: { proxyConfig: { cluster: redisCluster(env) } },
            PAYLOAD_CACHE: { connectionConfig: { cluster: redisCluster(env) } },
            ...kafka(env, svc),
          },
          env: [...common, password('central-ledger-db', 'central_ledger', 'QUOTE_DATABASE__PASSWORD')],
        };
      case 'central-settlement':
        return {
          override: {
            DATABASE: { HOST: mysqlHost(env, 'central-ledger-db'), PORT: MYSQL_PORT, USER: 'central_ledger', SCHEMA: 'central_ledger' },
            SWITCH_ENDPOINT: ledger,
            HANDLERS: { DISABLED: api },
            ...kafka(env, svc),
          },
          env: [...common, password('central-ledger-db', 'central_ledger', 'CSET_DATABASE__PASSWORD')],
        };
      case 'bulk-api-adapter':
        return {
          override: {
            ENDPOINT_SOURCE_URL: `${ledger}/participants/{{fsp}}/endpoints`,
            ENDPOINT_HEALTH_URL: `${ledger}/health`,
            MONGODB: { HOST: mongoHost(env, 'bulk-db'), PORT: MONGODB_PORT, USER: 'mlos', DATABASE: 'mlos' },
            HANDLERS: { DISABLED: api },
            ...kafka(env, svc),
          },
          env: [...common, password('bulk-db', 'mlos', 'BKAPI_MONGODB__PASSWORD')],
        };
      case 'transaction-requests-service':
        return { override: { SWITCH_ENDPOINT: ledger }, env: common };
      case 'thirdparty-api-svc':
        return { override: { ENDPOINT_SERVICE_URL: ledger, PARTICIPANT_LIST_SERVICE_URL: ledger }, env: common };
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
        env: [
          // Selects config/production.json inside the image.
          value('NODE_ENV', 'production'),
          value('PORT', svc.port),
          value('REDIS_HOST', redisHost(env, storeNamed('auth-svc-redis'))),
          value('REDIS_PORT', REDIS_PORT),
          value('DB_CLIENT', 'mysql2'),
          value('DB_CONNECTION_HOST', mysqlHost(env, 'consent-oracle-db')),
          value('DB_CONNECTION_PORT', MYSQL_PORT),
          value('DB_CONNECTION_USER', 'auth_service'),
          value('DB_CONNECTION_NAME', 'auth_service'),
          password('consent-oracle-db', 'auth_service', 'DB_CONNECTION_PASSWORD'),
        ],
      };
    default:
      throw new Error(`no configuration for image ${svc.image} (convict)`);
  }
}
