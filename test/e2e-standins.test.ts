// The e2e operator stand-ins (scripts/e2e/operator-standins.ts) stand for the
// pods each operator creates from every store CR in dist/*/mojaloop: the
// checks here compare each stand-in with its CR (replicas, affinity,
// tolerations, spread, resources, claims, security contexts, PDB) and with the
// pod labels the operators set at our pinned versions, and check that each
// CR's own anti-affinity and spread selectors select the pods its operator
// creates: a selector that selects nothing makes the scheduler ignore the
// rule without a word.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATOR_KINDS, standInsFor, type StandIn } from '../scripts/e2e/operator-standins';
import { parseYaml } from './support/bundled';
import { selectorMatches, type LabelSelector } from '../charts/mojaloop/monitoring/store-exporters';

/** A missing selector selects nothing (Kubernetes label-selector semantics otherwise). */
const matches = (sel: LabelSelector | undefined, labels: Record<string, string>): boolean => Boolean(sel) && selectorMatches(sel!, labels);

type Any = any;
const DIST = path.resolve(import.meta.dirname, '../dist');
const ENVS = fs.readdirSync(DIST).filter((d) => fs.existsSync(path.join(DIST, d, 'mojaloop'))).sort();

function load(env: string): Any[] {
  const dir = path.join(DIST, env, 'mojaloop');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort()
    .map((f) => parseYaml(fs.readFileSync(path.join(dir, f), 'utf8')) as Any);
}

const crsOf = (objs: Any[]) => objs.filter((o) => (OPERATOR_KINDS as readonly string[]).includes(o.kind));
const podSpec = (s: StandIn): Any => (s.statefulSet.spec as Any).template.spec;
const podLabels = (s: StandIn): Record<string, string> => (s.statefulSet.spec as Any).template.metadata.labels;
const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o));

/** The CR section a stand-in comes from, and what the test expects of it (written from the upstream sources, not from the module). */
interface Expected {
  replicas: number;
  /** Pod labels the operator sets (a subset of the pod's labels). */
  labels: Record<string, string>;
  affinity: Any;
  tolerations?: Any[];
  spread?: Any[];
  podSecurityContext?: Any;
  /** Main container resources and security context. */
  main: { resources?: Any; securityContext?: Any };
  sidecars: Any[];
  claims: { storageClassName?: string; storage?: string }[];
  quorum: boolean;
}

function expected(cr: Any, objs: Any[], s: StandIn): Expected {
  const name = cr.metadata.name;
  const component = s.statefulSet.metadata.name.replace(/^e2e-standin-/, '');
  const spec = cr.spec;
  const pvc = (p: Any) => (p ? [{ storageClassName: p.storageClassName, storage: p.resources?.requests?.storage }] : []);
  switch (cr.kind) {
    case 'PerconaXtraDBCluster': {
      const c = component.slice(name.length + 1);
      const p = spec[c];
      return {
        replicas: p.size,
        // percona-xtradb-cluster-operator v1.19.0 pkg/naming/labels.go LabelsCluster + componentLabels.
        labels: { 'app.kubernetes.io/name': 'percona-xtradb-cluster', 'app.kubernetes.io/part-of': 'percona-xtradb-cluster', 'app.kubernetes.io/instance': name, 'app.kubernetes.io/managed-by': 'percona-xtradb-cluster-operator', 'app.kubernetes.io/component': c },
        affinity: p.affinity?.advanced, tolerations: p.tolerations, spread: p.topologySpreadConstraints, podSecurityContext: p.podSecurityContext,
        main: { resources: p.resources, securityContext: p.containerSecurityContext }, sidecars: p.sidecars ?? [],
        claims: pvc(p.volumeSpec?.persistentVolumeClaim),
        quorum: c === 'pxc',
      };
    }
    case 'PerconaServerMongoDB': {
      const rsName = component.slice(name.length + 1);
      const rs = (spec.replsets as Any[]).find((r) => r.name === rsName);
      return {
        replicas: rs.size,
        // percona-server-mongodb-operator v1.22.0 pkg/naming/labels.go MongodLabels.
        labels: { 'app.kubernetes.io/name': 'percona-server-mongodb', 'app.kubernetes.io/managed-by': 'percona-server-mongodb-operator', 'app.kubernetes.io/part-of': 'percona-server-mongodb', 'app.kubernetes.io/instance': name, 'app.kubernetes.io/replset': rsName, 'app.kubernetes.io/component': 'mongod' },
        affinity: rs.affinity?.advanced, tolerations: rs.tolerations, spread: rs.topologySpreadConstraints, podSecurityContext: rs.podSecurityContext,
        main: { resources: rs.resources, securityContext: rs.containerSecurityContext }, sidecars: rs.sidecars ?? [],
        claims: pvc(rs.volumeSpec?.persistentVolumeClaim),
        quorum: true,
      };
    }
    case 'KafkaNodePool': {
      const cluster = cr.metadata.labels['strimzi.io/cluster'];
      const kafka = objs.find((o) => o.kind === 'Kafka' && o.metadata.name === cluster).spec.kafka;
      const pod = spec.template?.pod ?? kafka.template?.pod;
      const broker = spec.roles.includes('broker');
      // Strimzi 1.2.0 ModelUtils.java affinityWithRackLabelSelector: brokers only, `<rack key> Exists` in every required term.
      const affinity = broker && kafka.rack ? {
        ...pod.affinity,
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.map((t: Any) => ({ matchExpressions: [...t.matchExpressions, { key: kafka.rack.topologyKey, operator: 'Exists' }] })) } },
      } : pod.affinity;
      return {
        replicas: spec.replicas,
        // Strimzi 1.2.0 KafkaPool.java constructor + KafkaCluster.java generatePodSets.
        labels: { 'strimzi.io/cluster': cluster, 'strimzi.io/name': `${cluster}-kafka`, 'strimzi.io/kind': 'Kafka', 'strimzi.io/component-type': 'kafka', 'strimzi.io/pool-name': name, 'strimzi.io/broker-role': String(broker), 'strimzi.io/controller-role': String(spec.roles.includes('controller')), 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': cluster, 'app.kubernetes.io/part-of': `strimzi-${cluster}`, 'app.kubernetes.io/managed-by': 'strimzi-cluster-operator' },
        affinity, tolerations: pod.tolerations, spread: pod.topologySpreadConstraints, podSecurityContext: pod.securityContext,
        main: { resources: spec.resources, securityContext: (spec.template?.kafkaContainer ?? kafka.template?.kafkaContainer)?.securityContext }, sidecars: [],
        claims: spec.storage.volumes.filter((v: Any) => v.type === 'persistent-claim').map((v: Any) => ({ storageClassName: v.class, storage: v.size })),
        quorum: spec.roles.includes('controller') || kafka.config['min.insync.replicas'] * 2 > kafka.config['default.replication.factor'],
      };
    }
    case 'Kafka': {
      const c = component.slice(name.length + 1);
      const section = c === 'entity-operator' ? spec.entityOperator : spec.kafkaExporter;
      const pod = section.template?.pod;
      const main = c === 'entity-operator'
        ? { resources: section.topicOperator.resources, securityContext: section.template?.topicOperatorContainer?.securityContext }
        : { resources: section.resources, securityContext: section.template?.container?.securityContext };
      return {
        replicas: 1,
        // Strimzi 1.2.0 Labels.java generateDefaultLabels.
        labels: { 'strimzi.io/cluster': name, 'strimzi.io/name': `${name}-${c}`, 'strimzi.io/kind': 'Kafka', 'strimzi.io/component-type': c, 'app.kubernetes.io/name': c, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/part-of': `strimzi-${name}`, 'app.kubernetes.io/managed-by': 'strimzi-cluster-operator' },
        affinity: pod?.affinity, tolerations: pod?.tolerations, spread: pod?.topologySpreadConstraints, podSecurityContext: pod?.securityContext,
        main, sidecars: [], claims: [], quorum: false,
      };
    }
    case 'RedisCluster': {
      const role = component.slice(name.length + 1);
      const r = role === 'leader' ? spec.redisLeader : spec.redisFollower;
      const claims = spec.persistenceEnabled
        ? [...(spec.storage.nodeConfVolume ? [spec.storage.nodeConfVolumeClaimTemplate.spec] : []), spec.storage.volumeClaimTemplate.spec].map((p: Any) => pvc(p)[0])
        : [];
      return {
        replicas: r.replicas ?? spec.clusterSize,
        // OT redis-operator v0.26.0 internal/controller/common/labels.go + internal/k8sutils/redis-cluster.go (cluster=<name>).
        labels: { app: `${name}-${role}`, redis_setup_type: 'cluster', role, cluster: name },
        affinity: r.affinity, tolerations: r.tolerations, spread: r.topologySpreadConstraints, podSecurityContext: spec.podSecurityContext,
        main: { resources: r.resources ?? spec.kubernetesConfig.resources, securityContext: r.securityContext }, sidecars: [],
        claims, quorum: role === 'leader',
      };
    }
    case 'RedisReplication':
    case 'RedisSentinel': {
      const sentinel = cr.kind === 'RedisSentinel';
      return {
        replicas: spec.clusterSize,
        // OT redis-operator v0.26.0 internal/k8sutils/redis-replication.go / redis-sentinel.go (StatefulSet <name>-sentinel).
        labels: sentinel ? { app: `${name}-sentinel`, redis_setup_type: 'sentinel', role: 'sentinel' } : { app: name, redis_setup_type: 'replication', role: 'replication' },
        affinity: spec.affinity, tolerations: spec.tolerations, spread: spec.topologySpreadConstraints, podSecurityContext: spec.podSecurityContext,
        main: { resources: spec.kubernetesConfig.resources, securityContext: spec.securityContext }, sidecars: [],
        claims: sentinel ? [] : pvc(spec.storage?.volumeClaimTemplate?.spec),
        quorum: sentinel,
      };
    }
    default:
      throw new Error(`no expectation for ${cr.kind}`);
  }
}

/** Differences between a stand-in and what its CR says (empty: faithful). */
function problems(cr: Any, objs: Any[], s: StandIn): string[] {
  const out: string[] = [];
  const e = expected(cr, objs, s);
  const sts = s.statefulSet as Any;
  const pod = podSpec(s);
  const labels = podLabels(s);
  const same = (what: string, a: unknown, b: unknown) => { if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) out.push(`${what}: stand-in ${JSON.stringify(a)} != CR ${JSON.stringify(b)}`); };
  same('replicas', sts.spec.replicas, e.replicas);
  for (const [k, v] of Object.entries(e.labels)) if (labels[k] !== v) out.push(`label ${k}: stand-in ${labels[k]} != operator's ${v}`);
  same('affinity', pod.affinity, e.affinity);
  same('tolerations', pod.tolerations, e.tolerations);
  same('topologySpreadConstraints', pod.topologySpreadConstraints, e.spread);
  same('pod securityContext', pod.securityContext, e.podSecurityContext);
  same('main container resources', pod.containers[0].resources, e.main.resources);
  same('main container securityContext', pod.containers[0].securityContext, e.main.securityContext);
  for (const sc of e.sidecars) {
    const c = pod.containers.find((x: Any) => x.name === sc.name);
    if (!c) out.push(`sidecar ${sc.name} missing`);
    else { same(`sidecar ${sc.name} resources`, c.resources, sc.resources); same(`sidecar ${sc.name} securityContext`, c.securityContext, sc.securityContext); }
  }
  same('volumeClaimTemplates', (sts.spec.volumeClaimTemplates ?? []).map((c: Any) => ({ storageClassName: c.spec.storageClassName, storage: c.spec.resources?.requests?.storage })), e.claims);
  same('quorum', s.quorum, e.quorum);
  // The StatefulSet controller requires its selector to select its template.
  if (!matches({ matchLabels: sts.spec.selector.matchLabels }, labels)) out.push('StatefulSet selector does not select its pods');
  if (s.pdb && !matches((s.pdb.spec as Any).selector, labels)) out.push(`PDB ${s.pdb.metadata.name} does not select the pods`);
  if (sts.metadata.name.length > 52) out.push(`name ${sts.metadata.name} longer than 52`);
  if (sts.spec.podManagementPolicy !== 'Parallel') out.push('podManagementPolicy is not Parallel');
  // Pod Security (restricted) looks at every container: none may be left without the CR's security context.
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) if (!c.securityContext) out.push(`container ${c.name} has no securityContext`);
  return out;
}

/**
 * The CR's own anti-affinity and spread selectors that select none of the
 * pods its operator creates for that set. matchLabelKeys compare a pod with
 * itself here, so they always hold.
 */
function selectorsThatMissTheirPods(s: StandIn): string[] {
  const pod = podSpec(s);
  const labels = podLabels(s);
  const anti = pod.affinity?.podAntiAffinity ?? {};
  const terms: [string, Any][] = [
    ...(anti.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t: Any, i: number) => [`podAntiAffinity.required[${i}]`, t.labelSelector] as [string, Any]),
    ...(anti.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t: Any, i: number) => [`podAntiAffinity.preferred[${i}]`, t.podAffinityTerm.labelSelector] as [string, Any]),
    ...(pod.topologySpreadConstraints ?? []).map((t: Any, i: number) => [`topologySpreadConstraints[${i}]`, t.labelSelector] as [string, Any]),
  ];
  return terms.filter(([, sel]) => sel && !matches(sel, labels)).map(([where, sel]) => `${s.cr} (${s.statefulSet.metadata.name}): ${where} selects ${JSON.stringify(sel.matchLabels ?? sel)}, not the operator's pod labels`);
}

/**
 * Real chart bugs the stand-ins revealed, kept red-green: fixing the chart must
 * remove the entry. (The first one, fixed: the sentinel anti-affinity selected
 * app=<name> while the OT redis-operator v0.26.0 labels sentinel pods
 * app=<name>-sentinel, so all three sentinels could share a node.)
 */
const KNOWN_CHART_BUGS: Record<string, string[]> = { dev: [], test: [], staging: [], prod: [] };

/** The pod sets each operator creates for a CR, as <owner>-<component>. */
function sets(cr: Any): string[] {
  const n = cr.metadata.name;
  switch (cr.kind) {
    case 'PerconaXtraDBCluster': return [`${n}-pxc`, ...(cr.spec.haproxy?.enabled ? [`${n}-haproxy`] : []), ...(cr.spec.proxysql?.enabled ? [`${n}-proxysql`] : [])];
    case 'PerconaServerMongoDB': return (cr.spec.replsets as Any[]).map((r) => `${n}-${r.name}`);
    case 'KafkaNodePool': return [`${cr.metadata.labels['strimzi.io/cluster']}-${n}`];
    case 'Kafka': return [...(cr.spec.entityOperator ? [`${n}-entity-operator`] : []), ...(cr.spec.kafkaExporter ? [`${n}-kafka-exporter`] : [])];
    // A role with 0 replicas has no pods (dev runs no followers).
    case 'RedisCluster': return (['leader', 'follower'] as const).filter((r) => ((r === 'leader' ? cr.spec.redisLeader : cr.spec.redisFollower)?.replicas ?? cr.spec.clusterSize) > 0).map((r) => `${n}-${r}`);
    case 'RedisReplication': return [`${n}-replication`];
    case 'RedisSentinel': return [`${n}-sentinel`];
    default: throw new Error(`no pod sets known for ${cr.kind}`);
  }
}

describe.each(ENVS)('operator stand-ins: %s', (env) => {
  const objs = load(env);
  const crs = crsOf(objs);

  it('covers every operator CR with the sets its operator creates', () => {
    expect(crs.length).toBeGreaterThan(0);
    const made = crs.flatMap((cr) => standInsFor(cr, objs));
    const names = made.map((s) => s.statefulSet.metadata.name);
    expect(new Set(names).size).toBe(names.length);
    for (const cr of crs) {
      const mine = made.filter((s) => s.cr === `${cr.kind} ${cr.metadata.namespace}/${cr.metadata.name}`).map((s) => s.statefulSet.metadata.name).sort();
      const n = cr.metadata.name;
      const want = sets(cr).map((x) => `e2e-standin-${x}`).sort();
      expect(mine, `${cr.kind} ${n}`).toEqual(want);
    }
  });

  it('each stand-in matches its CR: replicas, operator labels, affinity, tolerations, spread, resources, claims, security contexts, PDB', () => {
    const found: string[] = [];
    for (const cr of crs) for (const s of standInsFor(cr, objs)) found.push(...problems(cr, objs, s).map((p) => `${s.statefulSet.metadata.name}: ${p}`));
    expect(found).toEqual([]);
  });

  it("each CR's anti-affinity and spread selectors select its operator's pods (known chart bugs listed)", () => {
    const missed = crs.flatMap((cr) => standInsFor(cr, objs)).flatMap(selectorsThatMissTheirPods);
    expect(missed).toEqual(KNOWN_CHART_BUGS[env] ?? []);
  });

  it('PDBs as the operators create them', () => {
    for (const cr of crs) {
      for (const s of standInsFor(cr, objs)) {
        const pdb = s.pdb?.spec as Any;
        if (cr.kind === 'KafkaNodePool') continue; // below
        if (cr.kind === 'RedisCluster' || cr.kind === 'RedisReplication' || cr.kind === 'RedisSentinel') {
          const section = cr.kind === 'RedisCluster' ? (s.statefulSet.metadata.name.endsWith('-leader') ? cr.spec.redisLeader : cr.spec.redisFollower) : cr.spec;
          if (!section.pdb?.enabled) { expect(pdb).toBeUndefined(); continue; }
          expect(pdb.maxUnavailable).toBe(section.pdb.maxUnavailable);
          continue;
        }
        expect(pdb, s.statefulSet.metadata.name).toBeDefined();
        expect(matches(pdb.selector, podLabels(s))).toBe(true);
        // Percona: the section's podDisruptionBudget, else maxUnavailable 1 (CheckNSetDefaults);
        // Strimzi Deployments: template.podDisruptionBudget.maxUnavailable, else 1 (PodDisruptionBudgetUtils.java).
        const c = s.statefulSet.metadata.name.slice(`e2e-standin-${cr.metadata.name}-`.length);
        const section = cr.kind === 'Kafka' ? (c === 'entity-operator' ? cr.spec.entityOperator : cr.spec.kafkaExporter).template?.podDisruptionBudget
          : cr.kind === 'PerconaXtraDBCluster' ? cr.spec[c].podDisruptionBudget
          : (cr.spec.replsets as Any[]).find((r) => r.name === c).podDisruptionBudget;
        expect(pdb.maxUnavailable, s.statefulSet.metadata.name).toBe(section?.maxUnavailable ?? 1);
      }
    }
    // Strimzi: one PDB over all node pools, minAvailable = all nodes - maxUnavailable.
    const pools = crs.filter((c) => c.kind === 'KafkaNodePool');
    const kafkaPdbs = pools.flatMap((p) => standInsFor(p, objs)).filter((s) => s.pdb).map((s) => s.pdb!.spec as Any);
    const kafka = crs.find((c) => c.kind === 'Kafka');
    const nodes = pools.reduce((n, p) => n + p.spec.replicas, 0);
    expect(kafkaPdbs).toEqual([{ minAvailable: nodes - (kafka.spec.kafka.template?.podDisruptionBudget?.maxUnavailable ?? 1), selector: { matchLabels: { 'strimzi.io/cluster': kafka.metadata.name, 'strimzi.io/name': `${kafka.metadata.name}-kafka`, 'strimzi.io/kind': 'Kafka' } } }]);
  });

  it('is deterministic and pure', () => {
    const before = JSON.stringify(objs);
    const a = JSON.stringify(crs.map((cr) => standInsFor(cr, objs)));
    const b = JSON.stringify(crs.map((cr) => standInsFor(clone(cr), clone(objs))));
    expect(a).toBe(b);
    expect(JSON.stringify(objs)).toBe(before);
    expect(objs.filter((o) => !crs.includes(o)).flatMap((o) => standInsFor(o, objs))).toEqual([]);
  });
});

describe('operator stand-ins: the checks fail on broken input', () => {
  const objs = load('prod');
  const pick = (kind: string, name?: string) => objs.find((o) => o.kind === kind && (!name || o.metadata.name === name));

  it('a CR anti-affinity that selects none of its pods is reported', () => {
    const cr = clone(pick('PerconaXtraDBCluster', 'central-ledger-db'));
    cr.spec.pxc.affinity.advanced.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels['app.kubernetes.io/component'] = 'mysql';
    const missed = standInsFor(cr, objs).flatMap(selectorsThatMissTheirPods);
    expect(missed).toEqual([expect.stringContaining('PerconaXtraDBCluster mojaloop/central-ledger-db (e2e-standin-central-ledger-db-pxc): podAntiAffinity.required[0]')]);
    const spread = clone(pick('KafkaNodePool', 'brokers'));
    spread.spec.template.pod.topologySpreadConstraints[0].labelSelector.matchLabels['strimzi.io/pool-name'] = 'broker';
    expect(standInsFor(spread, objs).flatMap(selectorsThatMissTheirPods)).toEqual([expect.stringContaining('topologySpreadConstraints[0]')]);
  });

  it('a stand-in that drifts from its CR is reported', () => {
    for (const [kind, name] of [['PerconaXtraDBCluster', 'central-ledger-db'], ['PerconaServerMongoDB', 'bulk-db'], ['KafkaNodePool', 'brokers'], ['RedisCluster', 'proxy-cache'], ['RedisSentinel', undefined]] as const) {
      const cr = pick(kind, name);
      const s = clone(standInsFor(cr, objs)[0]);
      expect(problems(cr, objs, s), kind).toEqual([]);
      const spec = podSpec(s);
      delete spec.tolerations;
      spec.affinity = undefined;
      (s.statefulSet.spec as Any).replicas = 7;
      delete podLabels(s)[Object.keys(expected(cr, objs, s).labels)[0]];
      spec.containers[0].securityContext = undefined;
      const p = problems(cr, objs, s);
      for (const what of ['replicas', 'label ', 'affinity', 'tolerations', 'main container securityContext']) expect(p.some((x) => x.startsWith(what)), `${kind}: ${what}`).toBe(true);
    }
  });

  it('Strimzi rack awareness reaches brokers only', () => {
    const brokers = standInsFor(pick('KafkaNodePool', 'brokers'), objs)[0];
    const controllers = standInsFor(pick('KafkaNodePool', 'controllers'), objs)[0];
    const rackKey = pick('Kafka').spec.kafka.rack.topologyKey;
    const exprs = (s: StandIn) => podSpec(s).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.flatMap((t: Any) => t.matchExpressions);
    expect(exprs(brokers)).toContainEqual({ key: rackKey, operator: 'Exists' });
    expect(exprs(controllers)).not.toContainEqual({ key: rackKey, operator: 'Exists' });
    expect(podSpec(brokers).initContainers.map((c: Any) => c.name)).toEqual(['kafka-init']);
  });

  it('antiAffinityTopologyKey expands to an anti-affinity on the operator labels (PXC, PSMDB)', () => {
    const cr = clone(pick('PerconaXtraDBCluster', 'central-ledger-db'));
    cr.spec.pxc.affinity = { antiAffinityTopologyKey: 'topology.kubernetes.io/zone' };
    const [s] = standInsFor(cr, objs);
    expect(podSpec(s).affinity).toEqual({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: (s.statefulSet.spec as Any).selector.matchLabels }, topologyKey: 'topology.kubernetes.io/zone' }] } });
    cr.spec.pxc.affinity = { antiAffinityTopologyKey: 'none' };
    expect(podSpec(standInsFor(cr, objs)[0]).affinity).toBeUndefined();
    const mongo = clone(pick('PerconaServerMongoDB'));
    delete mongo.spec.replsets[0].affinity;
    expect(podSpec(standInsFor(mongo, objs)[0]).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
  });

  it('PSMDB sharding adds the cfg replset and mongos; PXC proxysql when enabled', () => {
    const mongo = clone(pick('PerconaServerMongoDB'));
    const rs = mongo.spec.replsets[0];
    mongo.spec.sharding = { enabled: true, configsvrReplSet: { ...clone(rs), name: undefined, size: 3, sidecars: undefined }, mongos: { size: 2, resources: rs.resources, podSecurityContext: rs.podSecurityContext, containerSecurityContext: rs.containerSecurityContext } };
    const made = standInsFor(mongo, objs);
    expect(made.map((s) => s.statefulSet.metadata.name)).toEqual(['e2e-standin-bulk-db-rs0', 'e2e-standin-bulk-db-cfg', 'e2e-standin-bulk-db-mongos']);
    // pkg/controller/perconaservermongodb/statefulset.go: config server pods carry component=cfg, replset=cfg.
    expect(podLabels(made[1])).toMatchObject({ 'app.kubernetes.io/component': 'cfg', 'app.kubernetes.io/replset': 'cfg' });
    expect(made.map((s) => s.quorum)).toEqual([true, true, false]);
    // pkg/naming/labels.go MongosLabels: no replset label; default anti-affinity on the pod labels by hostname.
    expect(podLabels(made[2])['app.kubernetes.io/replset']).toBeUndefined();
    expect(podSpec(made[2]).affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]).toEqual({ labelSelector: { matchLabels: podLabels(made[2]) }, topologyKey: 'kubernetes.io/hostname' });
    const pxc = clone(pick('PerconaXtraDBCluster', 'central-ledger-db'));
    pxc.spec.proxysql = { ...clone(pxc.spec.haproxy), enabled: true, image: 'percona/proxysql2:2.7.3' };
    const p = standInsFor(pxc, objs).find((s) => s.statefulSet.metadata.name.endsWith('-proxysql'))!;
    expect(podSpec(p).containers.map((c: Any) => c.name)).toEqual(['proxysql', 'pxc-monit', 'proxysql-monit']);
    expect(podLabels(p)['app.kubernetes.io/component']).toBe('proxysql');
  });

  it('bad input gets an error naming the object and field', () => {
    const pool = pick('KafkaNodePool', 'brokers');
    expect(() => standInsFor(pool)).toThrow(/KafkaNodePool mojaloop\/brokers: metadata.labels\["strimzi.io\/cluster"\]: expected a Kafka mojaloop\/kafka among the objects/);
    const pxc = clone(pick('PerconaXtraDBCluster'));
    pxc.spec.pxc.size = -1;
    expect(() => standInsFor(pxc)).toThrow(/spec\.pxc\.size: expected a non-negative integer, got -1/);
    const long = clone(pick('RedisSentinel'));
    long.metadata.name = 'a-very-long-sentinel-name-for-this-store';
    expect(() => standInsFor(long)).toThrow(/metadata\.name: expected a name short enough/);
    const mongo = clone(pick('PerconaServerMongoDB'));
    mongo.spec.replsets[0].arbiter = { enabled: true, size: 1 };
    expect(() => standInsFor(mongo)).toThrow(/spec\.replsets\[0\]\.arbiter\.enabled: expected false/);
  });
});
