// Issue 13 findings, as properties over every bundled environment, so that a new
// service or feature cannot regress them. Upstream facts are named where they
// decide something: each repository at the tag pinned in charts/mojaloop/catalog.ts.
import { describe, expect, it } from 'vitest';
import { STORES, enabledServices, enabledStores, serviceNamed } from '../charts/mojaloop/catalog';
import { AUTH_SERVICE_CONFIG, CONFIG_FILE, RENAMED_CONSUMER_GROUPS } from '../charts/mojaloop/config';
import { MIGRATIONS, readyQuery } from '../charts/mojaloop/migrations';
import { MYSQL_CLIENT_IMAGE, enabledMigrations, migrationName } from '../charts/mojaloop/migration-job';
import { KAFKA_CLIENT_IMAGE } from '../charts/mojaloop/waits';
import { CONSUMER_GROUPS, isHandler } from '../monitoring/mojaloop/consumer-groups';
import { ruleContext } from '../monitoring/mojaloop/context';
import { ENV_NAMES, byKind, environment, objects } from './support/bundled';

type Any = Record<string, any>;

describe.each(ENV_NAMES)('a switch that takes a transfer: %s', (name) => {
  const env = environment(name);
  const ms = objects(name, 'mojaloop') as Any[];
  const prefix = env.mojaloop.namePrefix;
  const deployment = (svc: string): Any => ms.find((m) => m.kind === 'Deployment' && m.metadata.name === `${prefix}${svc}`)!;
  const configOf = (svc: string, key = CONFIG_FILE): Any => JSON.parse(ms.find((m) => m.kind === 'ConfigMap' && m.metadata.name === `${prefix}${svc}-config`)!.data[key]);
  const jobs = (byKind(ms as never, 'Job') as Any[]).filter((j) => j.metadata.labels['app.kubernetes.io/component'] === 'migration');
  const mysqlDatabases = enabledStores(env.features).filter((s) => s.kind === 'mysql').flatMap((s) => (s.databases ?? []).map((d) => d.name));

  describe('migrations: an ordered step for every database, no races', () => {
    it('every MySQL database of the enabled stores has exactly one migration Job, run by its owner image', () => {
      for (const db of mysqlDatabases) {
        const owners = jobs.filter((j) => j.metadata.annotations['mojaloop.io/migrates'].endsWith(`/${db}`));
        expect(owners, db).toHaveLength(1);
        const m = MIGRATIONS.find((x) => x.database === db)!;
        expect(owners[0].spec.template.spec.containers[0].image).toBe(`docker.io/mojaloop/${m.image}:${env.mojaloop.images[m.image]}`);
        expect(owners[0].spec.template.spec.containers[0].command).toEqual(m.command);
      }
      expect(jobs).toHaveLength(mysqlDatabases.length);
    });

    it('every workload that uses a database waits for its migration in an init container', () => {
      for (const svc of enabledServices(env.features)) {
        const dbStores = svc.stores.filter((s) => STORES.find((x) => x.name === s)?.kind === 'mysql');
        const waits = ((deployment(svc.name).spec.template.spec.initContainers ?? []) as Any[]).filter((c) => c.name.endsWith('-migration'));
        expect(waits.length > 0, `${svc.name} uses ${dbStores.join(', ') || 'no database'}`).toBe(dbStores.length > 0);
        for (const w of waits) {
          expect(w.image).toBe(MYSQL_CLIENT_IMAGE);
          const db = w.env.find((e: Any) => e.name === 'DB_NAME').value;
          const m = MIGRATIONS.find((x) => x.database === db)!;
          expect(w.env.find((e: Any) => e.name === 'DB_READY_QUERY').value).toBe(readyQuery(m));
          expect(w.env.find((e: Any) => e.name === 'MYSQL_PWD').valueFrom.secretKeyRef.key).toBe(db);
        }
      }
    });

    it('every Kafka client waits for the brokers first, as helm does (mojaloop-common wait-for-kafka-initcontainer.yaml)', () => {
      for (const svc of enabledServices(env.features)) {
        const wait = ((deployment(svc.name).spec.template.spec.initContainers ?? []) as Any[]).find((c) => c.name === 'wait-for-kafka');
        expect(Boolean(wait), svc.name).toBe(svc.stores.includes('kafka'));
        if (wait) {
          expect(wait.image).toBe(KAFKA_CLIENT_IMAGE);
          expect(wait.command[2]).toContain('kafka-broker-api-versions.sh --bootstrap-server "$KAFKA_BOOTSTRAP"');
          expect(wait.env).toContainEqual({ name: 'KAFKA_BOOTSTRAP', value: `${prefix}kafka-kafka-bootstrap:9092` });
        }
      }
    });

    it('no Deployment migrates at start (central-ledger MIGRATIONS.DISABLED, ALS RUN_MIGRATIONS)', () => {
      for (const svc of enabledServices(env.features)) {
        if (svc.image === 'central-ledger') expect(configOf(svc.name).MIGRATIONS.DISABLED, svc.name).toBe(true);
        if (svc.image === 'account-lookup-service') expect(configOf(svc.name).RUN_MIGRATIONS, svc.name).toBe(false);
      }
    });

    it('seeds that delete live tables never run: the oracles and auth-service run migrate:latest only', () => {
      for (const m of enabledMigrations(env)) {
        if (['als-msisdn-oracle-svc', 'als-consent-oracle', 'auth-service'].includes(m.image)) expect(m.command).toEqual(['npm', 'run', 'migrate:latest']);
      }
    });

    it('a migration Job may reach its database (and only it)', () => {
      for (const m of enabledMigrations(env)) {
        const np = ms.find((x) => x.kind === 'NetworkPolicy' && x.metadata.name === `${prefix}${migrationName(m)}`)!;
        expect(np.spec.egress).toHaveLength(1);
        expect(np.spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 3306 }]);
        const store = ms.find((x) => x.kind === 'NetworkPolicy' && x.metadata.name === `${prefix}${m.store}-store`)!;
        const from = store.spec.ingress.flatMap((r: Any) => r.from ?? []).map((f: Any) => f.podSelector?.matchLabels?.['app.kubernetes.io/name']);
        expect(from).toContain(migrationName(m));
      }
    });
  });

  it('central-settlement is probed on /v2/health (swagger basePath /v2; helm centralsettlement/chart-service/values.yaml)', () => {
    for (const svc of enabledServices(env.features).filter((s) => s.image === 'central-settlement')) {
      const c = deployment(svc.name).spec.template.spec.containers[0];
      for (const p of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(c[p].httpGet.path).toBe('/v2/health');
    }
  });

  it('the position-batch handler runs on CORE-HANDLERS, consumes its own group and is monitored', () => {
    const svc = 'centralledger-handler-transfer-position-batch';
    const d = deployment(svc);
    expect(d.spec.template.spec.containers[0].command).toEqual(['node', 'src/handlers/index.js', 'handler', '--positionbatch']);
    expect(d.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key)
      .toBe('workload-class.mojaloop.io/CORE-HANDLERS');
    expect(ms.some((m) => m.kind === 'KafkaTopic' && m.metadata.name === `${prefix}topic-transfer-position-batch`)).toBe(true);
    expect(ms.some((m) => m.kind === 'ServiceMonitor' && m.metadata.name === `${prefix}${svc}`)).toBe(true);
    expect(ruleContext(env).handlers).toContain(svc);
    expect(ruleContext(env).consumerGroups).toContain('cl-group-transfer-position-batch');
  });

  describe('Kafka consumer groups', () => {
    const handlers = enabledServices(env.features).map((s) => s.name).filter(isHandler);

    it('are distinct across Deployments, so every handler sees every event of its topic', () => {
      const owner = new Map<string, string>();
      for (const h of handlers) {
        for (const g of CONSUMER_GROUPS[h] ?? []) {
          expect(owner.get(g), `${g} shared by ${owner.get(g)} and ${h}`).toBeUndefined();
          owner.set(g, h);
        }
      }
    });

    it('the renamed groups are what the handlers are configured with', () => {
      for (const [svc, { path, group }] of Object.entries(RENAMED_CONSUMER_GROUPS)) {
        let node: Any = configOf(svc).KAFKA;
        for (const k of path.split('.')) node = node[k];
        expect(node.config.rdkafkaConf['group.id']).toBe(group);
        expect(CONSUMER_GROUPS[svc]).toEqual([group]);
      }
    });

    it('lag alerts cover quoting\'s quote, bulk-quote and FX-quote groups (quoting-service config/default.json)', () => {
      const groups = ruleContext(env).consumerGroups;
      for (const q of ['quotes', 'bulk-quotes', 'fx-quotes']) for (const a of ['post', 'put', 'get']) expect(groups).toContain(`group-${q}-handler-${a}`);
    });
  });

  describe.runIf(env.features.thirdParty)('auth-service', () => {
    const d = () => deployment('auth-service');
    it('reads a full production.json where src/shared/config.ts looks for it (helm thirdparty/chart-auth-svc)', () => {
      const mount = d().spec.template.spec.containers[0].volumeMounts.find((v: Any) => v.mountPath === AUTH_SERVICE_CONFIG);
      expect(mount).toMatchObject({ subPath: 'production.json', readOnly: true });
      expect(d().spec.template.spec.containers[0].env).toContainEqual({ name: 'NODE_ENV', value: 'production' });
    });

    it('its SHARED endpoints point at the switch, not 0.0.0.0, and the file has only keys of the convict schema', () => {
      const cfg = configOf('auth-service', 'production.json');
      expect(cfg.SHARED.ALS_ENDPOINT).toBe(`${prefix}account-lookup-service:${serviceNamed('account-lookup-service').port}`);
      expect(cfg.SHARED.PEER_ENDPOINT).toBe(`${prefix}tp-api-svc:${serviceNamed('tp-api-svc').port}`);
      expect(cfg.SHARED.THIRDPARTY_REQUESTS_ENDPOINT).toBe(`${prefix}tp-api-svc:${serviceNamed('tp-api-svc').port}`);
      // auth-service v15.2.8 src/shared/config.ts validates with allowed: 'strict'.
      const schema = ['PORT', 'HOST', 'PARTICIPANT_ID', 'REQUEST_PROCESSING_TIMEOUT_SECONDS', 'REDIS', 'INSPECT', 'SHARED', 'DATABASE', 'DEMO_SKIP_VALIDATION_FOR_CREDENTIAL_IDS', 'ENV'];
      for (const k of Object.keys(cfg)) expect(schema).toContain(k);
      const shared = ['PEER_ENDPOINT', 'ALS_ENDPOINT', 'QUOTES_ENDPOINT', 'TRANSFERS_ENDPOINT', 'SERVICES_ENDPOINT', 'BULK_TRANSFERS_ENDPOINT', 'THIRDPARTY_REQUESTS_ENDPOINT', 'TRANSACTION_REQUEST_ENDPOINT', 'JWS_SIGN', 'JWS_SIGNING_KEY', 'WSO2_AUTH', 'TLS'];
      for (const k of Object.keys(cfg.SHARED)) expect(shared).toContain(k);
      expect(JSON.stringify(cfg)).not.toMatch(/0\.0\.0\.0:|password/i);
    });
  });
});

describe('the migration catalog', () => {
  it('names the upstream files and gives a reason wherever it differs from helm\'s `npm run migrate`', () => {
    for (const m of MIGRATIONS) {
      expect(m.upstream).toMatch(/^mojaloop\/[\w-]+ v[\d.]+: /);
      if (m.command.join(' ') !== 'npm run migrate') expect(m.deviation, m.database).toBeTruthy();
    }
  });

  it('the ready query checks the newest migration, the released lock and the seeds, with quoted identifiers', () => {
    expect(readyQuery(MIGRATIONS.find((m) => m.database === 'consent_oracle')!))
      .toBe("SELECT (SELECT COUNT(*) FROM `als-consent-oracle` WHERE name = '20200624121732_consent.js') * (SELECT COUNT(*) FROM `als-consent-oracle_lock` WHERE is_locked = 0)");
    expect(readyQuery(MIGRATIONS.find((m) => m.database === 'central_ledger')!)).toContain('(SELECT COUNT(*) > 0 FROM `transferState`)');
  });
});

describe.each(ENV_NAMES)('backups in %s', (name) => {
  const env = environment(name);
  const ms = objects(name, 'mojaloop') as Any[];
  const b = env.backups;
  const crs = ms.filter((m) => m.kind === 'PerconaXtraDBCluster' || m.kind === 'PerconaServerMongoDB');

  it.runIf(b)('every PXC and PSMDB store backs up on the schedule, keeps the retention, runs PITR, to its own prefix', () => {
    expect(crs.length).toBeGreaterThan(0);
    for (const cr of crs) {
      const backup = cr.spec.backup;
      const storage = backup.storages['s3-backups'];
      expect(storage.s3.credentialsSecret).toBe(b!.storage.credentialsSecret);
      expect(storage.s3.endpointUrl).toBe(b!.storage.endpoint);
      expect(backup.pitr.enabled).toBe(true);
      if (cr.kind === 'PerconaXtraDBCluster') {
        expect(storage.s3.bucket).toBe(`${b!.storage.bucket}/${env.name}/${cr.metadata.name}`);
        expect(backup.schedule).toEqual([{ name: 'daily', schedule: b!.schedule, retention: { type: 'count', count: b!.retention, deleteFromStorage: true }, storageName: 's3-backups' }]);
        expect(backup.pitr.timeBetweenUploads).toBe(b!.pitrUploadSeconds);
        // Backup Jobs land on the store's pool, restricted.
        expect(storage.tolerations).toEqual(cr.spec.pxc.tolerations);
        expect(storage.podSecurityContext.runAsNonRoot).toBe(true);
      } else {
        expect(storage.s3.prefix).toBe(`${env.name}/${cr.metadata.name}`);
        expect(backup.tasks[0]).toMatchObject({ enabled: true, schedule: b!.schedule, retention: { type: 'count', count: b!.retention, deleteFromStorage: true } });
      }
    }
  });

  it.runIf(b)('alerts on failed and stale backups and on PITR not running, and lists the credentials Secret', () => {
    const rules = ms.filter((m) => m.kind === 'PrometheusRule').flatMap((r) => r.spec.groups).flatMap((g: Any) => g.rules).map((r: Any) => r.alert);
    if (crs.some((c) => c.kind === 'PerconaXtraDBCluster')) expect(rules).toEqual(expect.arrayContaining(['MojaloopPxcBackupFailed', 'MojaloopPxcBackupStale', 'MojaloopPxcPitrDown']));
    if (crs.some((c) => c.kind === 'PerconaServerMongoDB')) expect(rules).toEqual(expect.arrayContaining(['MojaloopMongodbBackupFailed', 'MojaloopMongodbBackupStale', 'MojaloopMongodbPitrOff']));
  });

  it.runIf(!b)('renders no backup where the environment declares none', () => {
    for (const cr of crs) expect(cr.spec.backup).toBeUndefined();
  });
});

it('production declares backups (dist/prod/README.md lists the credentials Secret)', async () => {
  expect(environment('prod').backups).toBeDefined();
  const { readFileSync } = await import('node:fs');
  expect(readFileSync('dist/prod/README.md', 'utf8')).toContain(environment('prod').backups!.storage.credentialsSecret);
});

describe.each(ENV_NAMES)('PXC settings in %s', (name) => {
  it('every PXC runs with auto-increment control off and strict mode enforcing (reasons: charts/mojaloop/stores/mysql.ts PXC_CONFIGURATION)', () => {
    const crs = (objects(name, 'mojaloop') as Any[]).filter((m) => m.kind === 'PerconaXtraDBCluster');
    expect(crs.length).toBeGreaterThan(0);
    for (const cr of crs) {
      const lines = cr.spec.pxc.configuration.split('\n');
      expect(lines[0]).toBe('[mysqld]');
      expect(lines).toContain('wsrep_auto_increment_control=OFF');
      expect(lines).toContain('pxc_strict_mode=ENFORCING');
    }
  });
});

describe.each(ENV_NAMES)('account lookup in %s', (name) => {
  it('ALS serves the extended party id types (CONSENT) exactly when 3PPI is on (account-lookup-service src/lib/util.js)', () => {
    const env = environment(name);
    for (const svc of enabledServices(env.features).filter((s) => s.image === 'account-lookup-service')) {
      const cm = (objects(name, 'mojaloop') as Any[]).find((m) => m.kind === 'ConfigMap' && m.metadata.name === `${env.mojaloop.namePrefix}${svc.name}-config`)!;
      expect(JSON.parse(cm.data[CONFIG_FILE]).FEATURE_ENABLE_EXTENDED_PARTY_ID_TYPE, svc.name).toBe(env.features.thirdParty);
    }
  });
});
