// The Mojaloop service catalog: what the switch runs, as data. One entry per
// Deployment, named as the upstream mojaloop/helm charts name them; `table`
// gives the name the node-pool table uses where the two differ.
// Versions: the Mojaloop helm v17.3.0 release. Images: docker.io/mojaloop/<image>.
import type { PoolName } from '../environment/node-pools';

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

export interface ServiceEntry {
  name: string;
  image: ImageName;
  /** API / metrics port; exposed as the Service port named `http`. */
  port: number;
  /** Prometheus metric prefix (INSTRUMENTATION.METRICS.config.prefix); absent when the service has no /metrics. */
  metricsPrefix?: string;
  pool: PoolName;
  feature: Feature;
  /** The node-pool table's name for it, where it differs. */
  table?: string;
  /** Runs as exactly one replica whatever the pool size, with the reason. */
  singleton?: string;
}

export const SERVICES: readonly ServiceEntry[] = [
  // --- core ---
  { name: 'ml-api-adapter-service', image: 'ml-api-adapter', port: 3000, metricsPrefix: 'moja_ml_', pool: 'CORE-API-ADAPTERS', feature: 'core', table: 'ml-api-adapter' },
  { name: 'ml-api-adapter-handler-notification', image: 'ml-api-adapter', port: 3000, metricsPrefix: 'moja_ml_', pool: 'CORE-API-ADAPTERS', feature: 'core' },
  { name: 'centralledger-service', image: 'central-ledger', port: 3001, metricsPrefix: 'moja_cl_', pool: 'CENTRAL-LEDGER-SVC', feature: 'core', table: 'central-ledger-service' },
  { name: 'centralledger-handler-transfer-prepare', image: 'central-ledger', port: 3001, metricsPrefix: 'moja_cl_', pool: 'CORE-HANDLERS', feature: 'core', table: 'central-ledger-handler-prepare' },
  { name: 'centralledger-handler-transfer-position', image: 'central-ledger', port: 3001, metricsPrefix: 'moja_cl_', pool: 'CORE-HANDLERS', feature: 'core', table: 'central-ledger-handler-position' },
  { name: 'centralledger-handler-transfer-fulfil', image: 'central-ledger', port: 3001, metricsPrefix: 'moja_cl_', pool: 'CORE-HANDLERS', feature: 'core', table: 'central-ledger-handler-fulfil' },
  { name: 'centralledger-handler-transfer-get', image: 'central-ledger', port: 3001, metricsPrefix: 'moja_cl_', pool: 'CORE-HANDLERS', feature: 'core', table: 'central-ledger-handler-get' },
  {
    name: 'centralledger-handler-timeout', image: 'central-ledger', port: 3001, metricsPrefix: 'moja_cl_', pool: 'CORE-HANDLERS', feature: 'core', table: 'central-ledger-handler-timeout',
    singleton: 'scans for expired transfers on a cron; two instances would time out the same transfers twice',
  },
  { name: 'centralledger-handler-admin-transfer', image: 'central-ledger', port: 3001, metricsPrefix: 'moja_cl_', pool: 'CORE-HANDLERS', feature: 'core', table: 'central-ledger-handler-admin' },
  { name: 'account-lookup-service', image: 'account-lookup-service', port: 4002, metricsPrefix: 'moja_als_', pool: 'ACCOUNT-LOOKUP-SERVICE', feature: 'core' },
  { name: 'account-lookup-service-admin', image: 'account-lookup-service', port: 4001, metricsPrefix: 'moja_als_', pool: 'ACCOUNT-LOOKUP-SERVICE', feature: 'core' },
  {
    name: 'account-lookup-service-handler-timeout', image: 'account-lookup-service', port: 4003, metricsPrefix: 'moja_als_', pool: 'ACCOUNT-LOOKUP-SERVICE', feature: 'core',
    singleton: 'upstream designs it to run as a single instance (expires pending lookups on a cron)',
  },
  { name: 'als-msisdn-oracle', image: 'als-msisdn-oracle-svc', port: 3000, pool: 'ALS-ORACLES', feature: 'core' },
  { name: 'quoting-service', image: 'quoting-service', port: 3002, metricsPrefix: 'moja_qs_', pool: 'QUOTING-SERVICE', feature: 'core', table: 'moja-quoting-service' },
  { name: 'quoting-service-handler', image: 'quoting-service', port: 3002, metricsPrefix: 'moja_qs_', pool: 'QUOTING-SERVICE', feature: 'core' },
  { name: 'transaction-requests-service', image: 'transaction-requests-service', port: 4003, metricsPrefix: 'moja_trs_', pool: 'QUOTING-SERVICE', feature: 'core' },
  { name: 'centralsettlement-service', image: 'central-settlement', port: 3007, pool: 'CENTRAL-SETTLEMENT', feature: 'core', table: 'moja-centralsettlement-service' },
  { name: 'centralsettlement-handler-deferredsettlement', image: 'central-settlement', port: 3007, pool: 'CENTRAL-SETTLEMENT', feature: 'core', table: 'moja-centralsettlement-handler-deferred' },
  { name: 'centralsettlement-handler-grosssettlement', image: 'central-settlement', port: 3007, pool: 'CENTRAL-SETTLEMENT', feature: 'core', table: 'moja-centralsettlement-handler-gross' },
  { name: 'centralsettlement-handler-rules', image: 'central-settlement', port: 3007, pool: 'CENTRAL-SETTLEMENT', feature: 'core', table: 'moja-centralsettlement-handler-rules' },
  // --- bulk payments ---
  { name: 'bulk-api-adapter-service', image: 'bulk-api-adapter', port: 3003, metricsPrefix: 'moja_bl_', pool: 'CORE-API-ADAPTERS', feature: 'bulk' },
  { name: 'bulk-api-adapter-handler-notification', image: 'bulk-api-adapter', port: 3003, metricsPrefix: 'moja_bl_', pool: 'CORE-API-ADAPTERS', feature: 'bulk' },
  { name: 'cl-handler-bulk-transfer-prepare', image: 'central-ledger', port: 3001, metricsPrefix: 'moja_cl_', pool: 'CORE-HANDLERS-BULK', feature: 'bulk', table: 'moja-cl-handler-bulk-transfer-prepare' },
  { name: 'cl-handler-bulk-transfer-fulfil', image: 'central-ledger', port: 3001, metricsPrefix: 'moja_cl_', pool: 'CORE-HANDLERS-BULK', feature: 'bulk', table: 'moja-cl-handler-bulk-transfer-fulfil' },
  { name: 'cl-handler-bulk-transfer-processing', image: 'central-ledger', port: 3001, metricsPrefix: 'moja_cl_', pool: 'CORE-HANDLERS-BULK', feature: 'bulk', table: 'moja-cl-handler-bulk-transfer-processing' },
  { name: 'cl-handler-bulk-transfer-get', image: 'central-ledger', port: 3001, metricsPrefix: 'moja_cl_', pool: 'CORE-HANDLERS-BULK', feature: 'bulk', table: 'moja-cl-handler-bulk-transfer-get' },
  // --- third-party payment initiation (3PPI) ---
  { name: 'auth-service', image: 'auth-service', port: 4004, pool: 'ALS-ORACLES-3PPI', feature: 'thirdParty' },
  { name: 'consent-oracle', image: 'als-consent-oracle', port: 3000, pool: 'ALS-ORACLES-3PPI', feature: 'thirdParty', table: 'moja-consent-oracle' },
  { name: 'tp-api-svc', image: 'thirdparty-api-svc', port: 3008, metricsPrefix: 'moja_3p_api', pool: 'ALS-ORACLES-3PPI', feature: 'thirdParty' },
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
}

export const STORES: readonly StoreEntry[] = [
  { name: 'central-ledger-db', kind: 'mysql', pool: 'RDBMS-CENTRAL-LEDGER-LIVE', feature: 'core' },
  { name: 'account-lookup-db', kind: 'mysql', pool: 'RDBMS-ALS-LIVE', feature: 'core' },
  { name: 'kafka', kind: 'kafka', pool: 'KAFKA-DATA-PLANE', controllersPool: 'KAFKA-CONTROL-PLANE', feature: 'core' },
  { name: 'proxy-cache', kind: 'redis', pool: 'CACHE-FIN-LIVE', feature: 'core' },
  { name: 'bulk-db', kind: 'mongodb', pool: 'DOC-BULK-LIVE', feature: 'bulk' },
  { name: 'cep-db', kind: 'mongodb', pool: 'DOC-CEP-LIVE', feature: 'businessOps' },
  { name: 'consent-oracle-db', kind: 'mysql', pool: 'RDBMS-3PPI-LIVE', feature: 'thirdParty' },
  { name: 'auth-svc-redis', kind: 'redis', pool: 'CACHE-FIN-LIVE', feature: 'thirdParty', table: '3rd-party-auth-svc-redis' },
];

export type FeatureFlags = Readonly<Record<Exclude<Feature, 'core'>, boolean>>;

export const isEnabled = (feature: Feature, flags: FeatureFlags): boolean => feature === 'core' || flags[feature];

export const enabledServices = (flags: FeatureFlags) => SERVICES.filter((s) => isEnabled(s.feature, flags));
export const enabledStores = (flags: FeatureFlags) => STORES.filter((s) => isEnabled(s.feature, flags));

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
