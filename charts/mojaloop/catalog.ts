// The Mojaloop service catalog: what the switch runs, as data. One entry per
// Deployment, named as the upstream mojaloop/helm charts name them; `table`
// gives the name the node-pool table uses where the two differ.
// Versions: the Mojaloop helm v17.3.0 release. Images: docker.io/mojaloop/<image>.
import type { PoolName } from '../environment/node-pools';
import type { Preset } from '../lib/resources';

export const MOJALOOP_RELEASE = 'v17.3.0';

export type Feature = 'core' | 'bulk' | 'thirdParty' | 'businessOps';

/** Image repositories (docker.io/mojaloop/<name>) and the tags of the pinned release. */
export const IMAGES = {
  'ml-api-adapter': 'v16.10.1',
  'central-ledger': 'v19.14.0',
  'account-lookup-service': 'v17.14.11',
  'als-msisdn-oracle-svc': 'v0.0.21',
  'quoting-service': 'v17.14.5',
  'central-settlement': 'v17.4.0',
  'bulk-api-adapter': 'v17.2.7',
  'transaction-requests-service': 'v14.4.9',
  'auth-service': 'v15.2.8',
  'als-consent-oracle': 'v1.1.8',
  'thirdparty-api-svc': 'v15.1.7',
} as const;
export type ImageName = keyof typeof IMAGES;

/** How a service reads its configuration (each service's src/lib/config.js or src/shared/config.ts). */
export type ConfigLoader =
  /**
   * `rc(PREFIX, config/default.json)`: nested keys from `PREFIX_A__B` variables and a
   * JSON file named by `PREFIX_config`, deep-merged over the image's own default.json.
   */
  | { kind: 'rc'; prefix: string }
  /** convict: flat environment variables declared in the service's schema. */
  | { kind: 'convict' };

/** What a workload does: `api` serves FSPIOP/admin HTTP to callers outside the namespace; `handler` consumes Kafka. */
export type Role = 'api' | 'handler';

export interface ServiceEntry {
  name: string;
  image: ImageName;
  /** The container command, as the upstream mojaloop/helm charts run it (one Deployment per handler). */
  command: readonly string[];
  /** API / health / metrics port; exposed as the Service port named `http`. */
  port: number;
  /** Liveness/readiness endpoint on `port`. */
  healthPath: string;
  /** Prometheus metric prefix (INSTRUMENTATION.METRICS.config.prefix); absent when the service registers no metrics of its own. */
  metricsPrefix?: string;
  /** Prometheus text endpoint on `port`, where the service serves one (it then gets a ServiceMonitor); central-settlement has none. */
  metricsPath?: string;
  pool: PoolName;
  feature: Feature;
  role: Role;
  /** Stores (STORES names) this workload connects to. */
  stores: readonly string[];
  /** Other services (SERVICES names) it calls over HTTP. */
  calls: readonly string[];
  /** Sends FSPIOP callbacks to participants' endpoints outside the cluster. */
  callbacks?: boolean;
  /** Requests per replica (charts/lib/resources.ts presets; dev takes one size smaller). */
  size: Preset;
  /** The node-pool table's name for it, where it differs. */
  table?: string;
  /** Runs as exactly one replica whatever the pool size, with the reason. */
  singleton?: string;
}

/** How each image loads its configuration (verified in each repository at the pinned tag). */
export const CONFIG_LOADERS: Readonly<Record<ImageName, ConfigLoader>> = {
  'ml-api-adapter': { kind: 'rc', prefix: 'MLAPI' },
  'central-ledger': { kind: 'rc', prefix: 'CLEDG' },
  'account-lookup-service': { kind: 'rc', prefix: 'ALS' },
  'quoting-service': { kind: 'rc', prefix: 'QUOTE' },
  'central-settlement': { kind: 'rc', prefix: 'CSET' },
  'bulk-api-adapter': { kind: 'rc', prefix: 'BKAPI' },
  // Yes, "ES": src/lib/config.js of transaction-requests-service v14.4.9.
  'transaction-requests-service': { kind: 'rc', prefix: 'ES' },
  'thirdparty-api-svc': { kind: 'rc', prefix: 'THIRD_PARTY' },
  'als-msisdn-oracle-svc': { kind: 'convict' },
  'als-consent-oracle': { kind: 'convict' },
  'auth-service': { kind: 'convict' },
};

/**
 * The images' Dockerfiles build FROM node:<version>-alpine, whose `node` user is 1000, then
 * `adduser -D ml-user` / `app-user`, which takes the next free id: 1001 (group 1001 too).
 * The kubelet can only enforce runAsNonRoot on a numeric user, so it is stated here.
 */
export const MOJALOOP_UID = 1001;

export const DOCKER_REGISTRY = 'docker.io/mojaloop';

const HEALTH = '/health';
/**
 * central-settlement serves its API and its handlers' health through hapi-openapi with
 * `"basePath": "/v2"` (src/interface/swagger.json and swagger-handler.json), so health is
 * /v2/health; mojaloop/helm centralsettlement/chart-service/values.yaml probes /v2/health.
 */
export const SETTLEMENT_HEALTH = '/v2/health';
const METRICS = '/metrics';
const cl = (flag: string) => ['node', 'src/handlers/index.js', 'handler', `--${flag}`];

export const SERVICES: readonly ServiceEntry[] = [
  // --- core ---
  {
    name: 'ml-api-adapter-service', image: 'ml-api-adapter', command: ['node', 'src/api/index.js'], port: 3000, healthPath: HEALTH, metricsPrefix: 'moja_ml_', metricsPath: METRICS,
    pool: 'CORE-API-ADAPTERS', feature: 'core', role: 'api', stores: ['kafka', 'proxy-cache'], calls: ['centralledger-service'], size: 'large', table: 'ml-api-adapter',
  },
  {
    name: 'ml-api-adapter-handler-notification', image: 'ml-api-adapter', command: ['node', 'src/handlers/index.js', 'handler', '--notification'], port: 3000, healthPath: HEALTH, metricsPrefix: 'moja_ml_', metricsPath: METRICS,
    pool: 'CORE-API-ADAPTERS', feature: 'core', role: 'handler', stores: ['kafka', 'proxy-cache'], calls: ['centralledger-service'], callbacks: true, size: 'large',
  },
  {
    name: 'centralledger-service', image: 'central-ledger', command: ['node', 'src/api/index.js'], port: 3001, healthPath: HEALTH, metricsPrefix: 'moja_cl_', metricsPath: METRICS,
    pool: 'CENTRAL-LEDGER-SVC', feature: 'core', role: 'api', stores: ['central-ledger-db', 'kafka', 'proxy-cache'], calls: [], size: 'large', table: 'central-ledger-service',
  },
  {
    name: 'centralledger-handler-transfer-prepare', image: 'central-ledger', command: cl('prepare'), port: 3001, healthPath: HEALTH, metricsPrefix: 'moja_cl_', metricsPath: METRICS,
    pool: 'CORE-HANDLERS', feature: 'core', role: 'handler', stores: ['central-ledger-db', 'kafka', 'proxy-cache'], calls: [], size: 'large', table: 'central-ledger-handler-prepare',
  },
  {
    name: 'centralledger-handler-transfer-position', image: 'central-ledger', command: cl('position'), port: 3001, healthPath: HEALTH, metricsPrefix: 'moja_cl_', metricsPath: METRICS,
    pool: 'CORE-HANDLERS', feature: 'core', role: 'handler', stores: ['central-ledger-db', 'kafka', 'proxy-cache'], calls: [], size: 'large', table: 'central-ledger-handler-position',
  },
  {
    // central-ledger v19 routes FX_PREPARE, FX_RESERVE, FX_TIMEOUT_RESERVED and FX_ABORT to
    // topic-transfer-position-batch (config/default.json KAFKA.EVENT_TYPE_ACTION_TOPIC_MAP.POSITION);
    // only a handler started with --positionbatch (src/handlers/index.js) consumes it.
    name: 'centralledger-handler-transfer-position-batch', image: 'central-ledger', command: cl('positionbatch'), port: 3001, healthPath: HEALTH, metricsPrefix: 'moja_cl_', metricsPath: METRICS,
    pool: 'CORE-HANDLERS', feature: 'core', role: 'handler', stores: ['central-ledger-db', 'kafka', 'proxy-cache'], calls: [], size: 'large',
  },
  {
    name: 'centralledger-handler-transfer-fulfil', image: 'central-ledger', command: cl('fulfil'), port: 3001, healthPath: HEALTH, metricsPrefix: 'moja_cl_', metricsPath: METRICS,
    pool: 'CORE-HANDLERS', feature: 'core', role: 'handler', stores: ['central-ledger-db', 'kafka', 'proxy-cache'], calls: [], size: 'large', table: 'central-ledger-handler-fulfil',
  },
  {
    name: 'centralledger-handler-transfer-get', image: 'central-ledger', command: cl('get'), port: 3001, healthPath: HEALTH, metricsPrefix: 'moja_cl_', metricsPath: METRICS,
    pool: 'CORE-HANDLERS', feature: 'core', role: 'handler', stores: ['central-ledger-db', 'kafka', 'proxy-cache'], calls: [], size: 'medium', table: 'central-ledger-handler-get',
  },
  {
    name: 'centralledger-handler-timeout', image: 'central-ledger', command: cl('timeout'), port: 3001, healthPath: HEALTH, metricsPrefix: 'moja_cl_', metricsPath: METRICS,
    pool: 'CORE-HANDLERS', feature: 'core', role: 'handler', stores: ['central-ledger-db', 'kafka', 'proxy-cache'], calls: [], size: 'medium', table: 'central-ledger-handler-timeout',
    singleton: 'scans for expired transfers on a cron (HANDLERS.TIMEOUT.TIMEXP); a second instance would time out the same transfers again unless the Redis distributed lock (DIST_LOCK) is enabled, which upstream ships off',
  },
  {
    name: 'centralledger-handler-admin-transfer', image: 'central-ledger', command: cl('admin'), port: 3001, healthPath: HEALTH, metricsPrefix: 'moja_cl_', metricsPath: METRICS,
    pool: 'CORE-HANDLERS', feature: 'core', role: 'handler', stores: ['central-ledger-db', 'kafka', 'proxy-cache'], calls: [], size: 'medium', table: 'central-ledger-handler-admin',
  },
  {
    name: 'account-lookup-service', image: 'account-lookup-service', command: ['node', 'src/index.js', 'server', '--api'], port: 4002, healthPath: HEALTH, metricsPrefix: 'moja_als_', metricsPath: METRICS,
    pool: 'ACCOUNT-LOOKUP-SERVICE', feature: 'core', role: 'api', stores: ['account-lookup-db', 'proxy-cache'], calls: ['centralledger-service', 'als-msisdn-oracle'], callbacks: true, size: 'large',
  },
  {
    name: 'account-lookup-service-admin', image: 'account-lookup-service', command: ['node', 'src/index.js', 'server', '--admin'], port: 4001, healthPath: HEALTH, metricsPrefix: 'moja_als_', metricsPath: METRICS,
    pool: 'ACCOUNT-LOOKUP-SERVICE', feature: 'core', role: 'api', stores: ['account-lookup-db', 'proxy-cache'], calls: ['centralledger-service'], size: 'medium',
  },
  {
    name: 'account-lookup-service-handler-timeout', image: 'account-lookup-service', command: ['node', 'src/handlers/index.js', 'handlers', '--timeout'], port: 4003, healthPath: HEALTH, metricsPrefix: 'moja_als_', metricsPath: METRICS,
    pool: 'ACCOUNT-LOOKUP-SERVICE', feature: 'core', role: 'handler', stores: ['account-lookup-db', 'proxy-cache'], calls: ['centralledger-service'], callbacks: true, size: 'small',
    singleton: 'upstream designs it to run as a single instance: it expires pending lookups on a cron (HANDLERS.TIMEOUT.TIMEXP) without a distributed lock by default',
  },
  {
    name: 'als-msisdn-oracle', image: 'als-msisdn-oracle-svc', command: ['node', './dist/src/cli.js'], port: 3000, healthPath: HEALTH, metricsPath: METRICS,
    pool: 'ALS-ORACLES', feature: 'core', role: 'api', stores: ['account-lookup-db'], calls: [], size: 'medium',
  },
  {
    name: 'quoting-service', image: 'quoting-service', command: ['node', 'src/index.js'], port: 3002, healthPath: HEALTH, metricsPrefix: 'moja_qs_', metricsPath: METRICS,
    pool: 'QUOTING-SERVICE', feature: 'core', role: 'api', stores: ['central-ledger-db', 'kafka', 'proxy-cache'], calls: ['centralledger-service'], callbacks: true, size: 'large', table: 'moja-quoting-service',
  },
  {
    // The handlers serve /health and /metrics on MONITORING_PORT (3003), not on the API port.
    name: 'quoting-service-handler', image: 'quoting-service', command: ['node', 'src/handlers/index.js', 'h', '--quotes', '--bulk_quotes', '--fx_quotes'], port: 3003, healthPath: HEALTH, metricsPrefix: 'moja_qs_', metricsPath: METRICS,
    pool: 'QUOTING-SERVICE', feature: 'core', role: 'handler', stores: ['central-ledger-db', 'kafka', 'proxy-cache'], calls: ['centralledger-service'], callbacks: true, size: 'large',
  },
  {
    name: 'transaction-requests-service', image: 'transaction-requests-service', command: ['node', 'src/index.js', 'api'], port: 4003, healthPath: HEALTH, metricsPrefix: 'moja_trs_', metricsPath: METRICS,
    pool: 'QUOTING-SERVICE', feature: 'core', role: 'api', stores: [], calls: ['centralledger-service'], callbacks: true, size: 'medium',
  },
  {
    name: 'centralsettlement-service', image: 'central-settlement', command: ['node', 'src/api/index.js'], port: 3007, healthPath: SETTLEMENT_HEALTH,
    pool: 'CENTRAL-SETTLEMENT', feature: 'core', role: 'api', stores: ['central-ledger-db', 'kafka'], calls: ['centralledger-service'], size: 'medium', table: 'moja-centralsettlement-service',
  },
  {
    name: 'centralsettlement-handler-deferredsettlement', image: 'central-settlement', command: ['node', 'src/handlers/index.js', 'handler', '--deferredSettlement'], port: 3007, healthPath: SETTLEMENT_HEALTH,
    pool: 'CENTRAL-SETTLEMENT', feature: 'core', role: 'handler', stores: ['central-ledger-db', 'kafka'], calls: ['centralledger-service'], size: 'medium', table: 'moja-centralsettlement-handler-deferred',
  },
  {
    name: 'centralsettlement-handler-grosssettlement', image: 'central-settlement', command: ['node', 'src/handlers/index.js', 'handler', '--grossSettlement'], port: 3007, healthPath: SETTLEMENT_HEALTH,
    pool: 'CENTRAL-SETTLEMENT', feature: 'core', role: 'handler', stores: ['central-ledger-db', 'kafka'], calls: ['centralledger-service'], size: 'medium', table: 'moja-centralsettlement-handler-gross',
  },
  {
    name: 'centralsettlement-handler-rules', image: 'central-settlement', command: ['node', 'src/handlers/index.js', 'handler', '--rules'], port: 3007, healthPath: SETTLEMENT_HEALTH,
    pool: 'CENTRAL-SETTLEMENT', feature: 'core', role: 'handler', stores: ['central-ledger-db', 'kafka'], calls: ['centralledger-service'], size: 'medium', table: 'moja-centralsettlement-handler-rules',
  },
  // --- bulk payments ---
  {
    name: 'bulk-api-adapter-service', image: 'bulk-api-adapter', command: ['node', 'src/api/index.js'], port: 3003, healthPath: HEALTH, metricsPrefix: 'moja_bl_', metricsPath: METRICS,
    pool: 'CORE-API-ADAPTERS', feature: 'bulk', role: 'api', stores: ['kafka', 'bulk-db'], calls: ['centralledger-service'], size: 'medium',
  },
  {
    name: 'bulk-api-adapter-handler-notification', image: 'bulk-api-adapter', command: ['node', 'src/handlers/index.js', 'handler', '--notification'], port: 3003, healthPath: HEALTH, metricsPrefix: 'moja_bl_', metricsPath: METRICS,
    pool: 'CORE-API-ADAPTERS', feature: 'bulk', role: 'handler', stores: ['kafka', 'bulk-db'], calls: ['centralledger-service'], callbacks: true, size: 'medium',
  },
  {
    name: 'cl-handler-bulk-transfer-prepare', image: 'central-ledger', command: cl('bulkprepare'), port: 3001, healthPath: HEALTH, metricsPrefix: 'moja_cl_', metricsPath: METRICS,
    pool: 'CORE-HANDLERS-BULK', feature: 'bulk', role: 'handler', stores: ['central-ledger-db', 'kafka', 'bulk-db', 'proxy-cache'], calls: [], size: 'medium', table: 'moja-cl-handler-bulk-transfer-prepare',
  },
  {
    name: 'cl-handler-bulk-transfer-fulfil', image: 'central-ledger', command: cl('bulkfulfil'), port: 3001, healthPath: HEALTH, metricsPrefix: 'moja_cl_', metricsPath: METRICS,
    pool: 'CORE-HANDLERS-BULK', feature: 'bulk', role: 'handler', stores: ['central-ledger-db', 'kafka', 'bulk-db', 'proxy-cache'], calls: [], size: 'medium', table: 'moja-cl-handler-bulk-transfer-fulfil',
  },
  {
    name: 'cl-handler-bulk-transfer-processing', image: 'central-ledger', command: cl('bulkprocessing'), port: 3001, healthPath: HEALTH, metricsPrefix: 'moja_cl_', metricsPath: METRICS,
    pool: 'CORE-HANDLERS-BULK', feature: 'bulk', role: 'handler', stores: ['central-ledger-db', 'kafka', 'bulk-db', 'proxy-cache'], calls: [], size: 'medium', table: 'moja-cl-handler-bulk-transfer-processing',
  },
  {
    name: 'cl-handler-bulk-transfer-get', image: 'central-ledger', command: cl('bulkget'), port: 3001, healthPath: HEALTH, metricsPrefix: 'moja_cl_', metricsPath: METRICS,
    pool: 'CORE-HANDLERS-BULK', feature: 'bulk', role: 'handler', stores: ['central-ledger-db', 'kafka', 'bulk-db', 'proxy-cache'], calls: [], size: 'medium', table: 'moja-cl-handler-bulk-transfer-get',
  },
  // --- third-party payment initiation (3PPI) ---
  {
    name: 'auth-service', image: 'auth-service', command: ['node', './dist/src/cli.js'], port: 4004, healthPath: HEALTH, metricsPath: METRICS,
    pool: 'ALS-ORACLES-3PPI', feature: 'thirdParty', role: 'api', stores: ['consent-oracle-db', 'auth-svc-redis'], calls: ['account-lookup-service', 'tp-api-svc'], callbacks: true, size: 'medium',
  },
  {
    name: 'consent-oracle', image: 'als-consent-oracle', command: ['node', './dist/src/cli.js'], port: 3000, healthPath: HEALTH, metricsPath: METRICS,
    pool: 'ALS-ORACLES-3PPI', feature: 'thirdParty', role: 'api', stores: ['consent-oracle-db'], calls: [], size: 'small', table: 'moja-consent-oracle',
  },
  {
    name: 'tp-api-svc', image: 'thirdparty-api-svc', command: ['node', './dist/src/cli.js', 'all'], port: 3008, healthPath: HEALTH, metricsPrefix: 'moja_3p_api', metricsPath: METRICS,
    pool: 'ALS-ORACLES-3PPI', feature: 'thirdParty', role: 'api', stores: [], calls: ['centralledger-service', 'account-lookup-service', 'auth-service'], callbacks: true, size: 'medium',
  },
];

export type StoreKind = 'mysql' | 'mongodb' | 'kafka' | 'redis';

export interface StoreEntry {
  name: string;
  kind: StoreKind;
  /** The pool holding its members (Kafka: the brokers). */
  pool: PoolName;
  /** Kafka only: the KRaft controllers' pool. */
  controllersPool?: PoolName;
  feature: Feature;
  table?: string;
  /** Databases (schemas) and their users, created by the operator (PXC `spec.users`, PSMDB `spec.users`). */
  databases?: readonly { name: string; user: string }[];
  /** Redis only: a cluster (client type "redis-cluster") or a primary with replicas behind Sentinel (plain client). */
  redisMode?: 'cluster' | 'replication';
  /** Volume size per member in production-like environments (dev/test use a quarter, at least 5Gi). */
  volume: string;
}

export const STORES: readonly StoreEntry[] = [
  {
    name: 'central-ledger-db', kind: 'mysql', pool: 'RDBMS-CENTRAL-LEDGER-LIVE', feature: 'core', volume: '200Gi',
    // quoting-service and central-settlement read and write the central_ledger schema too (upstream default.json).
    databases: [{ name: 'central_ledger', user: 'central_ledger' }],
  },
  {
    name: 'account-lookup-db', kind: 'mysql', pool: 'RDBMS-ALS-LIVE', feature: 'core', volume: '100Gi',
    databases: [{ name: 'account_lookup', user: 'account_lookup' }, { name: 'oracle_msisdn', user: 'oracle_msisdn' }],
  },
  { name: 'kafka', kind: 'kafka', pool: 'KAFKA-DATA-PLANE', controllersPool: 'KAFKA-CONTROL-PLANE', feature: 'core', volume: '200Gi' },
  // ALS PROXY_CACHE and the other services' PROXY_CACHE/PAYLOAD_CACHE default to type "redis-cluster".
  { name: 'proxy-cache', kind: 'redis', pool: 'CACHE-FIN-LIVE', feature: 'core', redisMode: 'cluster', volume: '10Gi' },
  { name: 'bulk-db', kind: 'mongodb', pool: 'DOC-BULK-LIVE', feature: 'bulk', volume: '100Gi', databases: [{ name: 'mlos', user: 'mlos' }] },
  { name: 'cep-db', kind: 'mongodb', pool: 'DOC-CEP-LIVE', feature: 'businessOps', volume: '100Gi', databases: [{ name: 'reporting', user: 'reporting' }] },
  {
    // The 002 table puts consent-oracle-db and 3rd-party-auth-db on RDBMS-3PPI-LIVE; one
    // Galera cluster holds both schemas rather than two clusters on the same three nodes.
    name: 'consent-oracle-db', kind: 'mysql', pool: 'RDBMS-3PPI-LIVE', feature: 'thirdParty', volume: '50Gi',
    databases: [{ name: 'consent_oracle', user: 'consent_oracle' }, { name: 'auth_service', user: 'auth_service' }],
  },
  // auth-service connects to one Redis host (REDIS_HOST): a primary with replicas, failed over by Sentinel.
  { name: 'auth-svc-redis', kind: 'redis', pool: 'CACHE-FIN-LIVE', feature: 'thirdParty', redisMode: 'replication', volume: '10Gi', table: '3rd-party-auth-svc-redis' },
];

/**
 * Operator-managed images, pinned to what each operator release certifies.
 */
export const STORE_IMAGES = {
  /** Percona Operator for MySQL (PXC) 1.19.0 certified images (e2e-tests/release_versions at v1.19.0). */
  pxc: 'percona/percona-xtradb-cluster:8.0.44-35.1',
  haproxy: 'percona/haproxy:2.8.17',
  /** Percona Operator for MongoDB 1.22.0 certified 7.0 image (e2e-tests/release_versions at v1.22.0). */
  psmdb: 'percona/percona-server-mongodb:7.0.30-16',
  /** Strimzi 1.2.0 supports Kafka 4.2.0, 4.2.1, 4.3.0, 4.3.1; the image comes from the operator. */
  kafkaVersion: '4.2.1',
  /** OT redis-operator v0.26 defaults. */
  redis: 'quay.io/opstree/redis:v7.0.15',
  redisSentinel: 'quay.io/opstree/redis-sentinel:v7.0.15',
  redisExporter: 'quay.io/opstree/redis-exporter:v1.44.0',
  /** Exporter sidecars: the Percona operators only integrate PMM, so Prometheus exporters run beside the database. */
  mysqldExporter: 'prom/mysqld-exporter:v0.17.2',
  mongodbExporter: 'percona/mongodb_exporter:0.43.1',
} as const;

/** Operator API versions used (crVersion must match the operator release). */
export const OPERATOR_VERSIONS = { pxc: '1.19.0', psmdb: '1.22.0', strimzi: '1.2.0', redis: 'v0.26.0' } as const;

/**
 * Kafka topics the services produce to and consume from: the names
 * central-ledger, ml-api-adapter, quoting-service, central-settlement and
 * bulk-api-adapter derive from their config (GENERAL_TOPIC_TEMPLATE
 * "topic-{{functionality}}-{{action}}", or a `topic` key).
 */
export interface TopicEntry { name: string; feature: Feature; partitions: number }
const hot = 12; // up to 12 consumers of one group (one per handler replica) can share the load
const cold = 3;
export const TOPICS: readonly TopicEntry[] = [
  ...['topic-transfer-prepare', 'topic-transfer-position', 'topic-transfer-position-batch', 'topic-transfer-fulfil', 'topic-transfer-get', 'topic-notification-event']
    .map((name) => ({ name, feature: 'core' as const, partitions: hot })),
  ...['topic-admin-transfer', 'topic-deferredsettlement-close'].map((name) => ({ name, feature: 'core' as const, partitions: cold })),
  ...['quotes', 'bulkquotes', 'fx-quotes'].flatMap((f) => ['post', 'put', 'get'].map((a) => ({ name: `topic-${f}-${a}`, feature: 'core' as const, partitions: hot }))),
  ...['topic-bulk-prepare', 'topic-bulk-fulfil', 'topic-bulk-processing', 'topic-bulk-get'].map((name) => ({ name, feature: 'bulk' as const, partitions: hot })),
];

/** Kafka client entries of each image's config/default.json (KAFKA.<path>.config.rdkafkaConf), whose broker list we set. */
export const KAFKA_CLIENTS: Readonly<Partial<Record<ImageName, readonly string[]>>> = {
  'central-ledger': [
    'CONSUMER.BULK.PREPARE', 'CONSUMER.BULK.PROCESSING', 'CONSUMER.BULK.FULFIL', 'CONSUMER.BULK.GET',
    'CONSUMER.TRANSFER.PREPARE', 'CONSUMER.TRANSFER.GET', 'CONSUMER.TRANSFER.FULFIL', 'CONSUMER.TRANSFER.POSITION', 'CONSUMER.TRANSFER.POSITION_BATCH',
    'CONSUMER.ADMIN.TRANSFER', 'CONSUMER.NOTIFICATION.EVENT',
    'PRODUCER.BULK.PROCESSING', 'PRODUCER.TRANSFER.PREPARE', 'PRODUCER.TRANSFER.FULFIL', 'PRODUCER.TRANSFER.POSITION', 'PRODUCER.NOTIFICATION.EVENT', 'PRODUCER.ADMIN.TRANSFER',
  ],
  'ml-api-adapter': ['CONSUMER.NOTIFICATION.EVENT', 'PRODUCER.TRANSFER.PREPARE', 'PRODUCER.TRANSFER.FULFIL', 'PRODUCER.TRANSFER.GET'],
  'quoting-service': ['QUOTE', 'BULK_QUOTE', 'FX_QUOTE'].flatMap((q) => ['POST', 'PUT', 'GET'].flatMap((a) => [`CONSUMER.${q}.${a}`, `PRODUCER.${q}.${a}`])),
  'central-settlement': ['CONSUMER.DEFERREDSETTLEMENT.CLOSE', 'CONSUMER.NOTIFICATION.EVENT', 'PRODUCER.NOTIFICATION.EVENT', 'PRODUCER.DEFERREDSETTLEMENT.CLOSE'],
  'bulk-api-adapter': ['CONSUMER.NOTIFICATION.EVENT', 'PRODUCER.BULK.PREPARE', 'PRODUCER.BULK.FULFIL', 'PRODUCER.BULK.GET'],
};

export type FeatureFlags = Readonly<Record<Exclude<Feature, 'core'>, boolean>>;

export const isEnabled = (feature: Feature, flags: FeatureFlags): boolean => feature === 'core' || flags[feature];

export const enabledServices = (flags: FeatureFlags) => SERVICES.filter((s) => isEnabled(s.feature, flags));
export const enabledStores = (flags: FeatureFlags) => STORES.filter((s) => isEnabled(s.feature, flags));
export const enabledTopics = (flags: FeatureFlags) => TOPICS.filter((t) => isEnabled(t.feature, flags));

export const serviceNamed = (name: string): ServiceEntry => {
  const s = SERVICES.find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name} in the catalog`);
  return s;
};
export const storeNamed = (name: string): StoreEntry => {
  const s = STORES.find((x) => x.name === name);
  if (!s) throw new Error(`no store ${name} in the catalog`);
  return s;
};

/** Every pool that some enabled workload of the mojaloop namespace runs on. */
export function poolsNeeded(flags: FeatureFlags): Set<PoolName> {
  const pools = new Set<PoolName>();
  for (const s of enabledServices(flags)) pools.add(s.pool);
  for (const s of enabledStores(flags)) {
    pools.add(s.pool);
    if (s.controllersPool) pools.add(s.controllersPool);
  }
  return pools;
}
