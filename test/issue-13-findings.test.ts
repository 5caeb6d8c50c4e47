// Issue 13's findings, one check each, run twice: on what we render now (it must
// hold in every bundled environment) and on the output as it was when the issue
// was written (dist/ at 807df3e^, rebuilt here from today's objects by undoing the
// fix), where it must fail. So each check is shown to catch the very defect the
// issue reported. The upstream file that decided each fix is named in its title.
import { describe, expect, it } from 'vitest';
import type { Environment } from '../charts/environment/environment';
import { enabledServices, enabledStores } from '../charts/mojaloop/catalog';
import { AUTH_SERVICE_CONFIG, CONFIG_FILE } from '../charts/mojaloop/config';
import { MIGRATIONS } from '../charts/mojaloop/migrations';
import { ENV_NAMES, environment, objects } from './support/bundled';

type Any = Record<string, any>;
type Check = (env: Environment, ms: Any[]) => string[];

const named = (ms: Any[], kind: string, name: string): Any => ms.find((m) => m.kind === kind && m.metadata.name === name)!;
const deployments = (ms: Any[]) => ms.filter((m) => m.kind === 'Deployment');
const configOf = (env: Environment, ms: Any[], svc: string, key = CONFIG_FILE): Any | undefined => {
  const cm = named(ms, 'ConfigMap', `${env.mojaloop.namePrefix}${svc}-config`);
  return cm ? JSON.parse(cm.data[key]) : undefined;
};

/** Runs the check on the rendered output (must hold) and on the pre-fix output (must report `expected`). */
function finding(title: string, check: Check, before: (env: Environment, ms: Any[]) => Any[], expected: RegExp, envs: string[] = ENV_NAMES) {
  describe(title, () => {
    it.each(envs)('holds in %s', (name) => {
      expect(check(environment(name), objects(name, 'mojaloop') as Any[])).toEqual([]);
    });
    it.each(envs)('fails on the output the issue reported, in %s', (name) => {
      const env = environment(name);
      const problems = check(env, before(env, structuredClone(objects(name, 'mojaloop')) as Any[]));
      expect(problems.join('\n')).toMatch(expected);
    });
  });
}

// Finding 1 (no way in for DFSPs) is checked with the gateway it concerns: test/gateway.test.ts,
// "finding 1: the check fails on a broken input" (no external route, no mutual TLS, no DFSP certificate).

finding(
  'finding 2: every MySQL database is migrated by its owner image (als-msisdn-oracle-svc v0.0.21, als-consent-oracle v1.1.8, auth-service v15.2.8 package.json scripts; charts/mojaloop/migrations.ts names each file)',
  (env, ms) => {
    const jobs = ms.filter((m) => m.kind === 'Job' && m.metadata.labels?.['app.kubernetes.io/component'] === 'migration');
    const databases = enabledStores(env.features).filter((s) => s.kind === 'mysql').flatMap((s) => (s.databases ?? []).map((d) => d.name));
    return databases.flatMap((db) => {
      const m = MIGRATIONS.find((x) => x.database === db)!;
      const job = jobs.find((j) => j.spec.template.spec.containers[0].command.join(' ') === m.command.join(' ') && j.spec.template.spec.containers[0].image.includes(`/${m.image}:`) && JSON.stringify(j).includes(db));
      return job ? [] : [`database ${db}: no Job runs \`${m.command.join(' ')}\` in ${m.image}`];
    });
  },
  // Before: no migration Job at all; the oracles' and auth-service's tables were never created.
  (_env, ms) => ms.filter((m) => !(m.kind === 'Job' && m.metadata.labels?.['app.kubernetes.io/component'] === 'migration')),
  /database oracle_msisdn: no Job/,
);

finding(
  'finding 3: central-settlement is probed on /v2/health (central-settlement v17.4.0 src/interface/swagger.json basePath "/v2")',
  (env, ms) => enabledServices(env.features).filter((s) => s.image === 'central-settlement').flatMap((s) => {
    const c = named(ms, 'Deployment', `${env.mojaloop.namePrefix}${s.name}`).spec.template.spec.containers[0];
    return ['startupProbe', 'readinessProbe', 'livenessProbe'].filter((p) => c[p]?.httpGet?.path !== '/v2/health').map((p) => `${s.name} ${p} probes ${c[p]?.httpGet?.path}`);
  }),
  // Before: /health, which central-settlement answers with 404, so it never became ready.
  (_env, ms) => {
    for (const d of deployments(ms).filter((x) => x.spec.template.spec.containers[0].image.includes('/central-settlement:'))) {
      for (const p of ['startupProbe', 'readinessProbe', 'livenessProbe']) if (d.spec.template.spec.containers[0][p]) d.spec.template.spec.containers[0][p].httpGet.path = '/health';
    }
    return ms;
  },
  /centralsettlement-service readinessProbe probes \/health/,
);

finding(
  'finding 4: FX position events on topic-transfer-position-batch have a --positionbatch handler (central-ledger v19.14.0 config/default.json KAFKA.EVENT_TYPE_ACTION_TOPIC_MAP.POSITION, src/handlers/index.js)',
  (env, ms) => {
    const topic = ms.some((m) => m.kind === 'KafkaTopic' && m.metadata.name === `${env.mojaloop.namePrefix}topic-transfer-position-batch`);
    const handler = deployments(ms).some((d) => d.spec.template.spec.containers[0].command?.includes('--positionbatch'));
    return topic && !handler ? ['topic-transfer-position-batch has no consumer: no Deployment runs central-ledger with --positionbatch'] : [];
  },
  // Before: the topic existed, no handler consumed it; FX transfers stalled at the position step.
  (_env, ms) => ms.filter((m) => !(m.kind === 'Deployment' && m.metadata.name.endsWith('centralledger-handler-transfer-position-batch'))),
  /no Deployment runs central-ledger with --positionbatch/,
);

finding(
  'finding 5: the gross-settlement and rules handlers consume notifications in distinct groups (central-settlement v17.4.0 config/default.json KAFKA.CONSUMER.NOTIFICATION.EVENT: one group.id for every handler)',
  (env, ms) => {
    const group = (svc: string) => configOf(env, ms, svc)?.KAFKA?.CONSUMER?.NOTIFICATION?.EVENT?.config?.rdkafkaConf?.['group.id'] ?? 'the image default';
    const gross = group('centralsettlement-handler-grosssettlement');
    const rules = group('centralsettlement-handler-rules');
    return gross === rules ? [`grosssettlement and rules share consumer group ${gross}: each event reaches only one of them`] : [];
  },
  // Before: neither config set group.id, so both joined the image's default group.
  (env, ms) => {
    for (const svc of ['centralsettlement-handler-grosssettlement', 'centralsettlement-handler-rules']) {
      const cm = named(ms, 'ConfigMap', `${env.mojaloop.namePrefix}${svc}-config`);
      const cfg = JSON.parse(cm.data[CONFIG_FILE]);
      delete cfg.KAFKA.CONSUMER.NOTIFICATION.EVENT.config.rdkafkaConf['group.id'];
      cm.data[CONFIG_FILE] = JSON.stringify(cfg);
    }
    return ms;
  },
  /share consumer group the image default/,
);

finding(
  'finding 6: auth-service reads a full production.json whose SHARED endpoints are the switch (auth-service v15.2.8 src/shared/config.ts; helm thirdparty/chart-auth-svc)',
  (env, ms) => {
    if (!env.features.thirdParty) return [];
    const d = named(ms, 'Deployment', `${env.mojaloop.namePrefix}auth-service`);
    const c = d.spec.template.spec.containers[0];
    const problems: string[] = [];
    if (!c.volumeMounts.some((v: Any) => v.mountPath === AUTH_SERVICE_CONFIG && v.subPath === 'production.json')) problems.push(`auth-service mounts no production.json at ${AUTH_SERVICE_CONFIG}`);
    const cfg = configOf(env, ms, 'auth-service', 'production.json');
    for (const [k, v] of Object.entries(cfg?.SHARED ?? {})) if (typeof v === 'string' && /^0\.0\.0\.0:/.test(v)) problems.push(`SHARED.${k} is ${v}`);
    if (!cfg?.SHARED?.ALS_ENDPOINT) problems.push('SHARED.ALS_ENDPOINT is not set');
    return problems;
  },
  // Before: no production.json mounted, so the image's defaults (0.0.0.0 endpoints) applied.
  (env, ms) => {
    const d = named(ms, 'Deployment', `${env.mojaloop.namePrefix}auth-service`);
    if (d) d.spec.template.spec.containers[0].volumeMounts = d.spec.template.spec.containers[0].volumeMounts.filter((v: Any) => v.mountPath !== AUTH_SERVICE_CONFIG);
    return ms;
  },
  /auth-service mounts no production.json/,
  ENV_NAMES.filter((n) => environment(n).features.thirdParty),
);

finding(
  'finding 7: the participants section is applied by a provisioning Job (central-ledger v19.14.0 src/api/participants/routes.js, account-lookup-service v17.14.11 admin-swagger.yaml)',
  (env, ms) => {
    if (!env.participants) return [];
    const cm = ms.find((m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith(`${env.mojaloop.namePrefix}participants-provision-`));
    const job = ms.find((m) => m.kind === 'Job' && m.metadata.name.startsWith(`${env.mojaloop.namePrefix}participants-provision-`));
    if (!cm || !job) return ['no participants provisioning Job: nothing creates the hub accounts, settlement models, oracles or DFSPs'];
    const desired = JSON.parse(cm.data['desired.json']);
    return env.participants.dfsps.filter((d) => !desired.participants.some((p: Any) => p.name === d.id && p.endpoints.length > 0)).map((d) => `DFSP ${d.id} is not provisioned with callback endpoints`);
  },
  // Before: nothing onboarded the hub or any DFSP.
  (_env, ms) => ms.filter((m) => !m.metadata.name.includes('participants-provision-')),
  /no participants provisioning Job/,
);

finding(
  'finding 8: the central-ledger MySQL and the bulk MongoDB are backed up with PITR (percona-xtradb-cluster-operator v1.19.0 and percona-server-mongodb-operator v1.22.0 deploy/cr.yaml spec.backup)',
  (env, ms) => {
    if (!env.backups) return [];
    const crs = ms.filter((m) => m.kind === 'PerconaXtraDBCluster' || m.kind === 'PerconaServerMongoDB');
    const ledger = crs.find((c) => c.metadata.name === `${env.mojaloop.namePrefix}central-ledger-db`);
    const problems = ledger ? [] : ['no central-ledger PXC'];
    for (const cr of crs) {
      const b = cr.spec.backup;
      const scheduled = cr.kind === 'PerconaXtraDBCluster' ? b?.schedule?.length > 0 : b?.tasks?.some((t: Any) => t.enabled);
      if (!scheduled || !b?.pitr?.enabled) problems.push(`${cr.kind} ${cr.metadata.name}: no scheduled backup with PITR`);
    }
    return problems;
  },
  // Before: no backup section in any store.
  (_env, ms) => {
    for (const m of ms) if (m.kind === 'PerconaXtraDBCluster' || m.kind === 'PerconaServerMongoDB') delete m.spec.backup;
    return ms;
  },
  /PerconaXtraDBCluster central-ledger-db: no scheduled backup with PITR/,
  ENV_NAMES.filter((n) => environment(n).backups),
);
