// Schema migrations, as data: which image owns each database's schema, the command
// that migrates it, and how a dependent sees that the migration has finished.
// Every database is migrated by exactly one Job (charts/mojaloop/migration-job.ts);
// no Deployment migrates at start (several replicas would race for knex's lock and
// the losers crash-loop), and every workload using a database waits for its
// migration in an init container. Facts from each repository at the pinned tag.
import type { ImageName } from './catalog';

export interface Migration {
  /** The database (schema) migrated; a `databases` entry of a STORES mysql store. */
  database: string;
  /** The store holding it. */
  store: string;
  /** The catalog service whose image, configuration and pool the Job borrows. */
  owner: string;
  image: ImageName;
  /** The Job's command, run in the image's working directory /opt/app. */
  command: readonly string[];
  /** knex's migration table (knexfile `migrations.tableName`); knex adds `<table>_lock`. */
  table: string;
  /** The newest migration of the pinned image (knex records file names in `<table>.name`). */
  last: string;
  /** A table the last seed file fills, when the command runs seeds (they run after the migrations). */
  seededTable?: string;
  /** Where the facts come from. */
  upstream: string;
  /** Why the command differs from mojaloop/helm's `npm run migrate`, when it does. */
  deviation?: string;
}

/** Seeds that `DELETE` a table before inserting test rows must never run against live data. */
const TEST_SEEDS = 'its `npm run migrate` also runs `seed:run`, whose seed deletes the table and inserts test rows; helm runs it in an init container on every pod start, which would wipe live data. Only `migrate:latest` runs here.';

export const MIGRATIONS: readonly Migration[] = [
  {
    database: 'central_ledger', store: 'central-ledger-db', owner: 'centralledger-service', image: 'central-ledger',
    // package.json "migrate": "npm run migrate:latest && npm run seed:run" (knex with config/knexfile.js);
    // the seeds are reference data that ignore duplicates (e.g. seeds/transferState.js onConflict().ignore()).
    command: ['npm', 'run', 'migrate'],
    table: 'migration', last: '961002_fxTransferForwarded.js', seededTable: 'transferState',
    upstream: 'mojaloop/central-ledger v19.14.0: package.json scripts.migrate, config/knexfile.js (tableName "migration"), migrations/, seeds/ (transferState.js is the last seed file)',
  },
  {
    database: 'account_lookup', store: 'account-lookup-db', owner: 'account-lookup-service-admin', image: 'account-lookup-service',
    command: ['npm', 'run', 'migrate'],
    table: 'migration', last: '10_oracleEndpoint-remove-constraints.js', seededTable: 'partyIdType',
    upstream: 'mojaloop/account-lookup-service v17.14.11: package.json scripts.migrate ("run-s migrate:latest seed:run"), config/knexfile.js (tableName "migration"), migrations/, seeds/ (currency, endpointType, partyIdType; duplicates ignored)',
  },
  {
    database: 'oracle_msisdn', store: 'account-lookup-db', owner: 'als-msisdn-oracle', image: 'als-msisdn-oracle-svc',
    command: ['npm', 'run', 'migrate:latest'],
    table: 'oracleMSISDN_migration', last: '20241107220101_oracleMSISDN.js',
    upstream: 'mojaloop/als-msisdn-oracle-svc v0.0.21: package.json scripts, config/knexfile.ts (tableName "oracleMSISDN_migration"), migrations/, seeds/01_oracle_test_entries.ts',
    deviation: TEST_SEEDS,
  },
  {
    database: 'consent_oracle', store: 'consent-oracle-db', owner: 'consent-oracle', image: 'als-consent-oracle',
    command: ['npm', 'run', 'migrate:latest'],
    table: 'als-consent-oracle', last: '20200624121732_consent.js',
    upstream: 'mojaloop/als-consent-oracle v1.1.8: package.json scripts, config/knexfile.ts (tableName "als-consent-oracle"), migrations/, seeds/01_consent.ts',
    deviation: TEST_SEEDS,
  },
  {
    database: 'auth_service', store: 'consent-oracle-db', owner: 'auth-service', image: 'auth-service',
    command: ['npm', 'run', 'migrate:latest'],
    // DATABASE.migrations.tableName of the production.json we mount (the image's own says the same).
    table: 'auth-service', last: '20220322003603_consent_status.js',
    upstream: 'mojaloop/auth-service v15.2.8: package.json scripts, config/production.json DATABASE.migrations, migrations/, seeds/01_consent.ts and 02_scope.ts',
    deviation: TEST_SEEDS,
  },
];

export const migrationOf = (database: string): Migration => {
  const m = MIGRATIONS.find((x) => x.database === database);
  if (!m) throw new Error(`no migration for database ${database} (charts/mojaloop/migrations.ts)`);
  return m;
};

const ident = (name: string): string => `\`${name.replace(/`/g, '``')}\``;
const literal = (v: string): string => `'${v.replace(/'/g, "''")}'`;

/**
 * One SQL query that returns 1 once the migration (and its seeds) finished: the newest
 * migration is recorded, knex's lock is released, and the last seeded table has rows.
 * Before the Job has run the tables do not exist and the query fails: still waiting.
 */
export function readyQuery(m: Migration): string {
  const parts = [
    `(SELECT COUNT(*) FROM ${ident(m.table)} WHERE name = ${literal(m.last)})`,
    `(SELECT COUNT(*) FROM ${ident(`${m.table}_lock`)} WHERE is_locked = 0)`,
    ...(m.seededTable ? [`(SELECT COUNT(*) > 0 FROM ${ident(m.seededTable)})`] : []),
  ];
  return `SELECT ${parts.join(' * ')}`;
}
