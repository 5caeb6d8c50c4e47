// The switch as rendered: every service of the enabled features on its pool,
// one replica per node, anti-affinity, PDBs, restricted pods, named ports for
// the ServiceMonitors, configs pointing at the stores; every store three
// members through its operator; Kafka RF 3 / min ISR 2; no store of a
// disabled feature.
import { describe, expect, it } from 'vitest';
import { App, Chart } from 'cdk8s';
import { SUGGESTED_COMBINATIONS, poolLabelKey } from '../charts/environment/node-pools';
import { MOJALOOP_UID, SERVICES, STORES, enabledServices, enabledStores, enabledTopics, storeNamed } from '../charts/mojaloop/catalog';
import { CONFIG_DIR, CONFIG_FILE } from '../charts/mojaloop/config';
import { unwrapValues } from '../charts/lib/crd';
import { pxcProps } from '../charts/mojaloop/stores/mysql';
import { psmdbProps } from '../charts/mojaloop/stores/mongodb';
import { redisClusterProps, redisReplicationProps, redisSentinelProps } from '../charts/mojaloop/stores/redis';
import { toJson_PerconaXtraDbClusterV1Props } from '../imports/pxc-pxc.percona.com';
import { toJson_PerconaServerMongoDbv1Props } from '../imports/psmdb-psmdb.percona.com';
import { toJson_RedisClusterProps } from '../imports/rediscluster-redis.redis.opstreelabs.in';
import { toJson_RedisReplicationProps } from '../imports/redisreplication-redis.redis.opstreelabs.in';
import { toJson_RedisSentinelProps } from '../imports/redissentinel-redis.redis.opstreelabs.in';
import { parseQuantity } from '../charts/environment/quantity';
import { ENV_NAMES, byKind, environment, objects, renderedFiles } from './support/bundled';

type Any = Record<string, any>;
const find = (ms: Any[], kind: string, name: string): Any => ms.find((m) => m.kind === kind && m.metadata.name === name)!;

describe.each(ENV_NAMES)('mojaloop services in %s', (name) => {
  const env = environment(name);
  const ms = objects(name, 'mojaloop') as Any[];
  const services = enabledServices(env.features);

  it('renders exactly the services of the enabled features', () => {
    // The test equipment of dev and test (charts/mojaloop/testing/) is not a switch service.
    const rendered = byKind(ms as never, 'Deployment').filter((d) => d.metadata.labels?.['app.kubernetes.io/component'] !== 'testing').map((d) => d.metadata.name).sort();
    expect(rendered).toEqual(services.map((s) => `${env.mojaloop.namePrefix}${s.name}`).sort());
  });

  for (const svc of services) {
    describe(svc.name, () => {
      const n = `${env.mojaloop.namePrefix}${svc.name}`;
      const d = find(ms, 'Deployment', n);
      const pod = d?.spec.template.spec;
      const nodes = env.topology.nodesOf(svc.pool).length;

      it(`runs on ${svc.pool} with one replica per node (singletons: 1)`, () => {
        expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key).toBe(poolLabelKey(svc.pool));
        expect(d.spec.replicas).toBe(svc.singleton ? 1 : (env.mojaloop.replicas[svc.name] ?? nodes));
        const anti = pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
        expect(anti.topologyKey).toBe('kubernetes.io/hostname');
        expect(anti.labelSelector.matchLabels).toEqual(d.spec.selector.matchLabels);
        expect(d.spec.strategy.rollingUpdate.maxSurge).toBe(0);
      });

      it('has a PDB keeping a majority (none for a single replica)', () => {
        const pdb = find(ms, 'PodDisruptionBudget', n);
        if (d.spec.replicas < 2) expect(pdb).toBeUndefined();
        else if (d.spec.replicas === 2) expect(pdb.spec.maxUnavailable).toBe(1);
        else expect(pdb.spec.minAvailable).toBe(Math.floor(d.spec.replicas / 2) + 1);
      });

      it('a Service with the port named http selects the pods; the pod labels carry app.kubernetes.io/name', () => {
        const s = find(ms, 'Service', n);
        expect(s.spec.ports).toEqual([{ name: 'http', port: svc.port, targetPort: 'http', protocol: 'TCP' }]);
        for (const [k, v] of Object.entries(s.spec.selector)) expect(d.spec.template.metadata.labels[k]).toBe(v);
        expect(d.spec.template.metadata.labels['app.kubernetes.io/name']).toBe(svc.name);
        expect(d.spec.selector.matchLabels['app.kubernetes.io/version']).toBeUndefined();
        expect(d.metadata.labels['app.kubernetes.io/version']).toBe(env.mojaloop.images[svc.image]);
        // Only the workload carries the version: a tag bump changes nothing else.
        expect(s.metadata.labels['app.kubernetes.io/version']).toBeUndefined();
      });

      it(`runs the upstream command of the pinned image with probes on ${svc.healthPath}`, () => {
        const c = pod.containers[0];
        expect(c.image).toBe(`docker.io/mojaloop/${svc.image}:${env.mojaloop.images[svc.image]}`);
        expect(c.command).toEqual(svc.command);
        expect(c.ports[0]).toMatchObject({ name: 'http', containerPort: svc.port });
        // central-settlement serves health under its swagger basePath /v2 (mojaloop/helm centralsettlement/chart-service/values.yaml probes /v2/health).
        const path = svc.image === 'central-settlement' ? '/v2/health' : '/health';
        for (const p of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(c[p].httpGet).toEqual({ path, port: 'http' });
      });

      it('is restricted: non-root 1001, no privilege escalation, all capabilities dropped, read-only root', () => {
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: MOJALOOP_UID, seccompProfile: { type: 'RuntimeDefault' } });
        const sc = pod.containers[0].securityContext;
        expect(sc).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect(pod.automountServiceAccountToken).toBe(false);
        expect(pod.containers[0].resources.requests.cpu).toBeDefined();
      });

      it('credentials come from Secrets only', () => {
        for (const e of pod.containers[0].env) {
          if (/PASSWORD/.test(e.name)) expect(e.valueFrom?.secretKeyRef?.name, e.name).toBeTruthy();
          if (e.value !== undefined) expect(e.name).not.toMatch(/PASSWORD|SECRET|TOKEN/);
        }
      });
    });
  }

  it('rc-configured services read an override whose hosts are the stores\' Services and the Kafka bootstrap', () => {
    const ledger = find(ms, 'ConfigMap', `${env.mojaloop.namePrefix}centralledger-handler-transfer-prepare-config`);
    const cfg = JSON.parse(ledger.data[CONFIG_FILE]);
    expect(cfg.DATABASE.HOST).toBe(`${env.mojaloop.namePrefix}central-ledger-db-haproxy`);
    expect(cfg.KAFKA.CONSUMER.TRANSFER.PREPARE.config.rdkafkaConf['metadata.broker.list']).toBe(`${env.mojaloop.namePrefix}kafka-kafka-bootstrap:9092`);
    expect(cfg.MIGRATIONS.DISABLED).toBe(true);
    const d = find(ms, 'Deployment', `${env.mojaloop.namePrefix}centralledger-handler-transfer-prepare`);
    expect(d.spec.template.spec.containers[0].env).toContainEqual({ name: 'CLEDG_config', value: `${CONFIG_DIR}/${CONFIG_FILE}` });
    const api = JSON.parse(find(ms, 'ConfigMap', `${env.mojaloop.namePrefix}centralledger-service-config`).data[CONFIG_FILE]);
    expect(api.HANDLERS.DISABLED).toBe(true);
    // The migration Job migrates; no replica of the API races for knex's lock.
    expect(api.MIGRATIONS.DISABLED).toBe(true);
  });
});

describe.each(ENV_NAMES)('mojaloop stores in %s', (name) => {
  const env = environment(name);
  const ms = objects(name, 'mojaloop') as Any[];
  const expected = (pool: Parameters<typeof env.topology.nodesOf>[0]) => Math.min(3, env.topology.nodesOf(pool).length);
  const hostnameAnti = (aff: Any) => aff.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution.some((t: Any) => t.topologyKey === 'kubernetes.io/hostname');
  const nodeAff = (aff: Any) => aff.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key;

  it('renders the stores of the enabled features only', () => {
    const kinds = ['PerconaXtraDBCluster', 'PerconaServerMongoDB', 'Kafka', 'RedisCluster', 'RedisReplication'];
    const rendered = ms.filter((m) => kinds.includes(m.kind)).map((m) => m.metadata.name).sort();
    expect(rendered).toEqual(enabledStores(env.features).map((s) => `${env.mojaloop.namePrefix}${s.name}`).sort());
    for (const s of STORES.filter((x) => !enabledStores(env.features).includes(x))) {
      expect(ms.some((m) => m.metadata.name.startsWith(`${env.mojaloop.namePrefix}${s.name}`)), s.name).toBe(false);
    }
  });

  it('every store CR and Kafka node pool is protected from pruning', () => {
    for (const m of ms.filter((x) => ['PerconaXtraDBCluster', 'PerconaServerMongoDB', 'Kafka', 'KafkaNodePool', 'RedisCluster', 'RedisReplication'].includes(x.kind))) {
      expect(m.metadata.annotations?.['kustomize.toolkit.fluxcd.io/prune'], `${m.kind}/${m.metadata.name}`).toBe('disabled');
    }
  });

  for (const store of enabledStores(env.features)) {
    const n = `${env.mojaloop.namePrefix}${store.name}`;
    it(`${store.name}: ${expected(store.pool)} member(s) on ${store.pool}, one per node`, () => {
      const members = expected(store.pool);
      if (store.kind === 'mysql') {
        const cr = find(ms, 'PerconaXtraDBCluster', n);
        expect(cr.spec.pxc.size).toBe(members);
        expect(cr.spec.haproxy.enabled).toBe(true);
        expect(nodeAff(cr.spec.pxc.affinity.advanced)).toBe(poolLabelKey(store.pool));
        expect(hostnameAnti(cr.spec.pxc.affinity.advanced)).toBe(true);
        expect(cr.spec.pxc.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
        expect(cr.spec.pxc.sidecars[0].ports[0].containerPort).toBe(9104);
        expect(cr.spec.pxc.volumeSpec.persistentVolumeClaim.storageClassName).toBe(`local-${store.pool.toLowerCase()}`);
        expect(n.length).toBeLessThanOrEqual(22);
      } else if (store.kind === 'mongodb') {
        const rs = find(ms, 'PerconaServerMongoDB', n).spec.replsets[0];
        expect(rs.size).toBe(members);
        expect(nodeAff(rs.affinity.advanced)).toBe(poolLabelKey(store.pool));
        expect(hostnameAnti(rs.affinity.advanced)).toBe(true);
        expect(rs.sidecars[0].ports[0].containerPort).toBe(9216);
      } else if (store.kind === 'kafka') {
        const pools = ms.filter((m) => m.kind === 'KafkaNodePool');
        const ctl = pools.find((p) => p.spec.roles.includes('controller'))!;
        const brk = pools.find((p) => p.spec.roles.includes('broker'))!;
        expect(ctl.spec.replicas).toBe(expected(store.controllersPool!));
        expect(brk.spec.replicas).toBe(members);
        expect(nodeAff(ctl.spec.template.pod.affinity)).toBe(poolLabelKey('KAFKA-CONTROL-PLANE'));
        expect(nodeAff(brk.spec.template.pod.affinity)).toBe(poolLabelKey('KAFKA-DATA-PLANE'));
        expect(hostnameAnti(ctl.spec.template.pod.affinity) && hostnameAnti(brk.spec.template.pod.affinity)).toBe(true);
      } else if (store.redisMode === 'cluster') {
        const cr = find(ms, 'RedisCluster', n);
        expect(cr.spec.clusterSize).toBe(3);
        expect(cr.spec.persistenceEnabled).toBe(true);
        expect(cr.spec.redisExporter.enabled).toBe(true);
        expect(nodeAff(cr.spec.redisLeader.affinity)).toBe(poolLabelKey(store.pool));
        if (members >= 3) expect(hostnameAnti(cr.spec.redisLeader.affinity) && hostnameAnti(cr.spec.redisFollower.affinity)).toBe(true);
      } else {
        const cr = find(ms, 'RedisReplication', n);
        expect(cr.spec.clusterSize).toBe(members);
        expect(cr.spec.storage).toBeDefined();
        expect(cr.spec.redisExporter.enabled).toBe(true);
        expect(hostnameAnti(cr.spec.affinity)).toBe(true);
        expect(find(ms, 'RedisSentinel', `${n}-sentinel`).spec.redisSentinelConfig.redisReplicationName).toBe(n);
      }
    });
  }

  it('Kafka: KRaft node pools, replication and min ISR from the broker count, exporter and JMX metrics on, the services\' topics', () => {
    const kafka = find(ms, 'Kafka', `${env.mojaloop.namePrefix}kafka`);
    const brokers = expected('KAFKA-DATA-PLANE');
    const rf = Math.min(3, brokers);
    expect(kafka.spec.kafka.config['default.replication.factor']).toBe(rf);
    expect(kafka.spec.kafka.config['min.insync.replicas']).toBe(rf >= 3 ? 2 : 1);
    expect(kafka.spec.kafkaExporter).toBeDefined();
    expect(kafka.spec.kafka.metricsConfig.type).toBe('jmxPrometheusExporter');
    const cm = find(ms, 'ConfigMap', kafka.spec.kafka.metricsConfig.valueFrom.configMapKeyRef.name);
    expect(cm.data[kafka.spec.kafka.metricsConfig.valueFrom.configMapKeyRef.key]).toContain('raftmetrics');
    const topics = ms.filter((m) => m.kind === 'KafkaTopic');
    expect(topics.map((t) => t.spec.topicName).sort()).toEqual(enabledTopics(env.features).map((t) => t.name).sort());
    for (const t of topics) expect(t.spec.replicas).toBe(rf);
    expect(topics.map((t) => t.spec.topicName)).toEqual(expect.arrayContaining(['topic-transfer-prepare', 'topic-transfer-position', 'topic-transfer-fulfil', 'topic-notification-event', 'topic-admin-transfer', 'topic-transfer-get']));
  });

  it('Kafka rack awareness reads a label every broker node carries, with more than one value', () => {
    const kafka = find(ms, 'Kafka', `${env.mojaloop.namePrefix}kafka`);
    const key: string | undefined = kafka.spec.kafka.rack?.topologyKey;
    const brokers = env.topology.nodesOf('KAFKA-DATA-PLANE');
    const spread = brokers.some((n) => n.rack || n.zone) && new Set(brokers.map((n) => `${n.zone}/${n.rack}`)).size > 1;
    expect(Boolean(key)).toBe(spread);
    if (key) {
      // Strimzi's init container fails the broker when its node lacks the label.
      for (const n of brokers) expect(n.labels[key], `${n.name} lacks ${key}`).toBeTruthy();
      expect(new Set(brokers.map((n) => n.labels[key])).size).toBeGreaterThan(1);
    }
  });

  it('a local StorageClass per store pool, WaitForFirstConsumer, Retain, restricted to the pool\'s nodes', () => {
    for (const sc of ms.filter((m) => m.kind === 'StorageClass')) {
      expect(sc.volumeBindingMode).toBe('WaitForFirstConsumer');
      expect(sc.reclaimPolicy).toBe('Retain');
      expect(sc.allowedTopologies[0].matchLabelExpressions[0].key).toMatch(/^workload-class\.mojaloop\.io\//);
    }
  });

  it('no Secret objects; the README lists the Secrets the services and stores need', () => {
    expect(ms.some((m) => m.kind === 'Secret')).toBe(false);
    const readme = renderedFiles(name).get('README.md')!;
    expect(readme).toContain(`${env.mojaloop.namePrefix}central-ledger-db-app-users`);
  });
});

describe('production: the reference pools and sizes', () => {
  const env = environment('prod');
  it('every catalog service of the enabled features has >= 3, odd replicas unless a singleton', () => {
    const ms = objects('prod', 'mojaloop') as Any[];
    for (const svc of enabledServices(env.features)) {
      const d = find(ms, 'Deployment', svc.name);
      if (svc.singleton) expect(d.spec.replicas).toBe(1);
      else {
        expect(d.spec.replicas).toBeGreaterThanOrEqual(3);
        expect(d.spec.replicas % 2).toBe(1);
      }
    }
  });
  it('Kafka has replication factor 3 and min in-sync replicas 2', () => {
    const kafka = find(objects('prod', 'mojaloop') as Any[], 'Kafka', 'kafka');
    expect(kafka.spec.kafka.config['default.replication.factor']).toBe(3);
    expect(kafka.spec.kafka.config['min.insync.replicas']).toBe(2);
  });
});

describe('test: the suggested workload combinations', () => {
  it('groups COMBINED-1..4 hold exactly the pools the source suggests', () => {
    const env = environment('test');
    for (const [group, pools] of Object.entries(SUGGESTED_COMBINATIONS)) {
      expect(env.topology.groups.find((g) => g.name === group)?.pools, group).toEqual(pools);
    }
  });
});

describe('the catalog', () => {
  it('every central-ledger handler is its own Deployment with its own handler flag', () => {
    const flags = SERVICES.filter((s) => s.image === 'central-ledger' && s.command[1] === 'src/handlers/index.js').map((s) => s.command[3]);
    expect(new Set(flags).size).toBe(flags.length);
    expect(flags).toEqual(expect.arrayContaining(['--prepare', '--position', '--fulfil', '--get', '--timeout', '--admin']));
  });
  it('singletons state why', () => {
    for (const s of SERVICES.filter((x) => x.singleton)) expect(s.singleton!.length).toBeGreaterThan(20);
  });
});

describe('custom resources built without loading their bindings match the bindings', () => {
  // The object is typed by the binding's Props; here the real binding's toJson must
  // produce the same JSON (same keys: nothing renamed or dropped).
  const env = environment('prod');
  const scope = new Chart(new App(), 'x');
  const cases: Array<[string, Any, (p: any) => unknown]> = [
    ['PerconaXtraDBCluster', pxcProps(scope, env, storeNamed('central-ledger-db')), toJson_PerconaXtraDbClusterV1Props],
    ['PerconaServerMongoDB', psmdbProps(scope, env, storeNamed('bulk-db')), toJson_PerconaServerMongoDbv1Props],
    ['RedisCluster', redisClusterProps(env, storeNamed('proxy-cache')), toJson_RedisClusterProps],
    ['RedisReplication', redisReplicationProps(env, storeNamed('auth-svc-redis')), toJson_RedisReplicationProps],
    ['RedisSentinel', redisSentinelProps(env, storeNamed('auth-svc-redis')), toJson_RedisSentinelProps],
  ];
  it.each(cases)('%s', (_kind, props, toJson) => {
    const viaBinding = JSON.parse(JSON.stringify(toJson(props)));
    expect(unwrapValues(JSON.parse(JSON.stringify(props)))).toEqual(viaBinding);
  });
});

// Pods the operators create from our custom resources run in a namespace that
// enforces "restricted": wherever a CR exposes the pod's or a container's
// security context and resources, they are set, for every store kind.
describe.each(ENV_NAMES)('operator-managed pods in %s: restricted, sized, probed where the CR lets us', (name) => {
  const ms = objects(name, 'mojaloop') as Any[];
  interface Parts { pods: Any[]; containers: Any[]; resources: Any[]; sidecars: Any[] }
  const PARTS: Record<string, (spec: Any) => Parts> = {
    PerconaXtraDBCluster: (s) => ({
      pods: [s.pxc.podSecurityContext, s.haproxy.podSecurityContext],
      containers: [s.pxc.containerSecurityContext, s.haproxy.containerSecurityContext, s.initContainer.containerSecurityContext],
      resources: [s.pxc.resources, s.haproxy.resources],
      sidecars: s.pxc.sidecars ?? [],
    }),
    PerconaServerMongoDB: (s) => ({
      pods: s.replsets.map((r: Any) => r.podSecurityContext),
      containers: [...s.replsets.map((r: Any) => r.containerSecurityContext), s.initContainerSecurityContext],
      resources: s.replsets.map((r: Any) => r.resources),
      sidecars: s.replsets.flatMap((r: Any) => r.sidecars ?? []),
    }),
    KafkaNodePool: (s) => ({
      pods: [s.template.pod.securityContext],
      containers: [s.template.kafkaContainer.securityContext, s.template.initContainer.securityContext],
      resources: [s.resources],
      sidecars: [],
    }),
    Kafka: (s) => ({
      pods: [s.entityOperator.template.pod.securityContext, s.kafkaExporter.template.pod.securityContext],
      containers: [s.entityOperator.template.topicOperatorContainer.securityContext, s.kafkaExporter.template.container.securityContext],
      resources: [s.entityOperator.topicOperator.resources, s.kafkaExporter.resources],
      sidecars: [],
    }),
    RedisCluster: (s) => ({
      pods: [s.podSecurityContext],
      containers: [s.redisLeader.securityContext, s.redisFollower.securityContext, s.redisExporter.securityContext],
      resources: [s.kubernetesConfig.resources, s.redisExporter.resources],
      sidecars: [],
    }),
    RedisReplication: (s) => ({
      pods: [s.podSecurityContext],
      containers: [s.securityContext, s.redisExporter.securityContext],
      resources: [s.kubernetesConfig.resources, s.redisExporter.resources],
      sidecars: [],
    }),
    RedisSentinel: (s) => ({ pods: [s.podSecurityContext], containers: [s.securityContext], resources: [s.kubernetesConfig.resources], sidecars: [] }),
  };
  const crs = ms.filter((m) => /\.(percona\.com|strimzi\.io|opstreelabs\.in)\//.test(m.apiVersion) && m.kind !== 'KafkaTopic');

  it('every store CR kind is covered by this check', () => {
    expect(crs.length).toBeGreaterThan(0);
    for (const cr of crs) expect(Object.keys(PARTS), cr.kind).toContain(cr.kind);
  });

  it.each(crs.map((cr) => [`${cr.kind}/${cr.metadata.name}`, cr]))('%s', (_, cr) => {
    const p = PARTS[cr.kind](cr.spec);
    for (const sc of p.pods) {
      expect(sc).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(sc.runAsUser).toBeGreaterThan(0);
    }
    for (const sc of [...p.containers, ...p.sidecars.map((c) => c.securityContext)]) {
      expect(sc).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
      expect(sc.privileged).toBeUndefined();
      expect(sc.capabilities.add).toBeUndefined();
    }
    for (const r of [...p.resources, ...p.sidecars.map((c) => c.resources)]) {
      for (const k of ['cpu', 'memory']) {
        expect(r.requests[k]).toBeDefined();
        expect(r.limits[k]).toBeDefined();
      }
      expect(parseQuantity(String(r.limits.memory))).toBeGreaterThanOrEqual(parseQuantity(String(r.requests.memory)));
    }
    // Sidecars are ours entirely: probes and a read-only root too.
    for (const c of p.sidecars) {
      expect(c.livenessProbe && c.readinessProbe, c.name).toBeTruthy();
      expect(c.securityContext.readOnlyRootFilesystem, c.name).toBe(true);
    }
  });
});
