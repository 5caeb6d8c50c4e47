// The node-pool table: the on-premises deployment recommendations for a Mojaloop
// switch on K3S ("General Recommendations for Mojaloop Kubernetes Node Pool
// Configuration"), plus the MONITORING pool that Mojaloop's own IaC adds.
//
// Rules from the same document, enforced in ./semantic.ts:
// - every pool has 3 or more nodes, grown in steps of two (odd sizes);
// - every pod is replicated one instance per node of its pool;
// - the never-merge pools below never share nodes in production-like environments.
//
// `services` lists names exactly as the source table does; the names Mojaloop's
// current charts deploy under live in charts/mojaloop/catalog.ts.

export interface PoolSize {
  nodes: number;
  cpu: number;
  memoryGi: number;
  diskGi: number;
}

export interface PoolSpec {
  initial: PoolSize;
  /** The source's "upgrade" column (sizes with a trailing "+" are minimums). */
  upgrade?: PoolSize;
  services: readonly string[];
  note?: string;
}

const std = (memoryGi = 32, diskGi = 128): PoolSize => ({ nodes: 3, cpu: 4, memoryGi, diskGi });
const up = (cpu: number, memoryGi = 64, diskGi = 128): PoolSize => ({ nodes: 3, cpu, memoryGi, diskGi });

export const NODE_POOLS = {
  'K3S-CONTROL-PLANE': {
    initial: { nodes: 3, cpu: 4, memoryGi: 8, diskGi: 128 },
    services: ['k3s-server'],
    note: 'Sufficient for 100 worker nodes and cannot be smaller. K3S servers, not agents.',
  },
  'K3S-CLUSTER-SVCS': { initial: std(), upgrade: up(8), services: ['cert-manager', 'vault', 'vault-agent-injector', 'vault-config-operator', 'consul'] },
  'KAFKA-CONTROL-PLANE': { initial: std(), upgrade: up(8), services: ['kafka-zookeeper'] },
  'KAFKA-DATA-PLANE': { initial: std(32, 500), upgrade: up(16, 64, 500), services: ['kafka'] },
  'RDBMS-CENTRAL-LEDGER-LIVE': { initial: std(32, 500), upgrade: up(16, 64, 500), services: ['central-ledger-db'] },
  'CORE-API-ADAPTERS': { initial: std(), upgrade: up(8), services: ['ml-api-adapter', 'ml-api-adapter-handler-notification'] },
  'CENTRAL-LEDGER-SVC': { initial: std(), upgrade: up(8), services: ['central-ledger-service'] },
  'CORE-HANDLERS': {
    initial: std(),
    upgrade: up(16),
    services: ['central-ledger-handler-admin', 'central-ledger-handler-timeout', 'central-ledger-handler-prepare',
      'central-ledger-handler-position', 'central-ledger-handler-fulfil', 'central-ledger-handler-get'],
  },
  'RDBMS-ALS-LIVE': { initial: std(32, 500), upgrade: up(16, 64, 500), services: ['account-lookup-db', 'mfi-account-oracle-db', 'mfi-p2p-oracle-db'] },
  'ALS-ORACLES': { initial: std(), upgrade: up(8), services: ['moja-consent-oracle', 'mfi-account-oracle', 'mfi-p2p-oracle'] },
  'ACCOUNT-LOOKUP-SERVICE': { initial: std(), upgrade: up(8), services: ['account-lookup-service', 'account-lookup-service-admin'] },
  'QUOTING-SERVICE': { initial: std(), upgrade: up(8), services: ['moja-quoting-service'] },
  'CENTRAL-SETTLEMENT': {
    initial: std(),
    upgrade: up(8),
    services: ['moja-centralsettlement-handler-deferred', 'moja-centralsettlement-handler-gross',
      'moja-centralsettlement-handler-rules', 'moja-centralsettlement-service'],
  },
  'DOC-CEP-LIVE': { initial: std(), upgrade: up(8), services: ['cep-db'] },
  'RDBMS-BUISOPS-LIVE': { initial: std(32, 500), upgrade: up(16, 64, 500), services: ['kratos-db', 'keto-db', 'mcm-db'] },
  'BUISOPS-REPORTING-HUB': {
    initial: std(),
    upgrade: up(8),
    services: ['reporting-events-processor', 'reporting-hub-api-svc', 'reporting-hub-exp-api-svc',
      'reporting-hub-positions-ui', 'reporting-hub-role-ui', 'reporting-hub-settlements-ui',
      'reporting-hub-shell', 'reporting-hub-trx-ui', 'reporting-hub-legacy-api'],
  },
  'BUISOPS-FRAMEWORK': {
    initial: std(),
    upgrade: up(8),
    services: ['role-assignment-svc', 'kratos-ui', 'perm-operator-svc', 'keto', 'kratos', 'kratos-automigrate'],
  },
  'RDBMS-3PPI-LIVE': { initial: std(32, 500), upgrade: up(16, 64, 500), services: ['consent-oracle-db', '3rd-party-auth-db'] },
  'ALS-ORACLES-3PPI': { initial: std(), upgrade: up(8), services: ['moja-consent-oracle'] },
  'CACHE-FIN-LIVE': { initial: std(), upgrade: up(8), services: ['3rd-party-auth-svc-redis'] },
  'CORE-HANDLERS-BULK': {
    initial: std(),
    upgrade: up(16),
    services: ['moja-cl-handler-bulk-transfer-fulfil', 'moja-cl-handler-bulk-transfer-get',
      'moja-cl-handler-bulk-transfer-prepare', 'moja-cl-handler-bulk-transfer-processing'],
  },
  'DOC-BULK-LIVE': { initial: std(), upgrade: up(16, 128, 250), services: ['bulk-db'] },
  'RDBMS-API-GATEWAY-LIVE': { initial: std(), upgrade: up(16), services: ['wso2-init-ext-db', 'wso2-init-int-db', 'wso2-db'] },
  'API-GATEWAY-INTERNAL': { initial: std(), upgrade: up(16, 128), services: ['wso2-am-int', 'wso2-iskm', 'haproxy-callback'] },
  'API-GATEWAY-EXTERNAL': { initial: std(), upgrade: up(16, 128), services: ['wso2-am-ext'] },
  // Not in the source table: the infrastructure slides put Grafana/Prometheus-class
  // "low-throughput components" on their own pool; Mojaloop's IaC calls it MONITORING.
  MONITORING: {
    initial: { nodes: 3, cpu: 4, memoryGi: 16, diskGi: 500 },
    services: ['prometheus', 'alertmanager', 'grafana', 'loki', 'log-agent-gateway'],
    note: 'Log agents and node-exporter run as DaemonSets on every node.',
  },
} as const satisfies Record<string, PoolSpec>;

export type PoolName = keyof typeof NODE_POOLS;
export const POOL_NAMES = Object.keys(NODE_POOLS) as PoolName[];

export function isPoolName(name: string): name is PoolName {
  return Object.hasOwn(NODE_POOLS, name);
}

/** Pools that never share nodes with another pool in production-like environments. */
export const NEVER_MERGE: readonly PoolName[] = [
  'K3S-CONTROL-PLANE', 'K3S-CLUSTER-SVCS', 'RDBMS-CENTRAL-LEDGER-LIVE',
  'KAFKA-CONTROL-PLANE', 'KAFKA-DATA-PLANE', 'API-GATEWAY-INTERNAL', 'API-GATEWAY-EXTERNAL',
];

/**
 * Never merged either when the feature is in use. The source names "DOC-FIN-LIVE",
 * which is not a pool of its table; the bulk document store is DOC-BULK-LIVE.
 */
export const NEVER_MERGE_WHEN: Readonly<Record<'bulk' | 'thirdParty', readonly PoolName[]>> = {
  bulk: ['DOC-BULK-LIVE'],
  thirdParty: ['CACHE-FIN-LIVE'],
};

/** The source's "Suggested Workload Combinations" for a minimal deployment. */
export const SUGGESTED_COMBINATIONS: Readonly<Record<string, readonly PoolName[]>> = {
  'COMBINED-1': ['QUOTING-SERVICE', 'CORE-API-ADAPTERS'],
  'COMBINED-2': ['ACCOUNT-LOOKUP-SERVICE', 'ALS-ORACLES', 'RDBMS-ALS-LIVE', 'ALS-ORACLES-3PPI', 'RDBMS-3PPI-LIVE'],
  'COMBINED-3': ['CENTRAL-LEDGER-SVC', 'CORE-HANDLERS', 'CORE-HANDLERS-BULK'],
  'COMBINED-4': ['DOC-CEP-LIVE', 'CACHE-FIN-LIVE', 'DOC-BULK-LIVE'],
};

/** The node label that places workloads on a pool (Mojaloop's own convention). */
export const poolLabelKey = (pool: PoolName): string => `workload-class.mojaloop.io/${pool}`;
export const POOL_LABEL_VALUE = 'enabled';

/**
 * Failure-domain labels set on nodes at registration (k3s `--node-label`, i.e.
 * kubelet `--node-labels`). The kubelet refuses to start with a label in the
 * kubernetes.io namespace that is not on its allow-list: zone is on it, rack is
 * not (there is no well-known rack label), so rack lives in our own namespace.
 */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const RACK_LABEL = 'topology.mojaloop.io/rack';

/** Pools whose members form a quorum (consensus or replication): their size must stay odd and >= 3 where it matters. */
export const QUORUM_POOLS: readonly PoolName[] = [
  'K3S-CONTROL-PLANE', 'KAFKA-CONTROL-PLANE', 'KAFKA-DATA-PLANE',
  'RDBMS-CENTRAL-LEDGER-LIVE', 'RDBMS-ALS-LIVE', 'RDBMS-3PPI-LIVE', 'RDBMS-BUISOPS-LIVE', 'RDBMS-API-GATEWAY-LIVE',
  'DOC-CEP-LIVE', 'DOC-BULK-LIVE', 'CACHE-FIN-LIVE',
];
