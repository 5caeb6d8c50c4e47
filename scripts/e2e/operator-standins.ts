// Operator stand-ins: no operator runs in the e2e control plane, so for each
// operator-managed store we create the pods its operator would create, as an
// apps/v1 StatefulSet (podManagementPolicy Parallel) plus the PDB the operator
// would make, so the real kube-scheduler places them and the drain drill's
// real Eviction API checks the budgets and quorums. Documented stand-in: the
// operators' pod labels, affinity, tolerations, spread, resources, storage,
// security contexts and PDBs are derived from the CR as the operator does at
// our pinned versions (PXC operator v1.19.0, PSMDB operator v1.22.0, Strimzi
// 1.2.0, OT redis-operator v0.26.0, Envoy Gateway v1.9.1 for the proxies of a
// Gateway; each rule cites the upstream file). Not
// reproduced: probes, env, volumes other than claims, per-pod labels the
// operator sets on one pod only (strimzi.io/pod-name, redis-role), Services.
// Pure: no I/O.
import type { KubeObject } from './kube';

export interface StandIn {
  /** "Kind namespace/name" of the CR. */
  cr: string;
  statefulSet: KubeObject;
  pdb?: KubeObject;
  /** A strict majority of the pods must survive (consensus or quorum store). */
  quorum: boolean;
}

type Labels = Record<string, string>;
type Any = any; // CRs are checked by the API server against their CRDs before we see them.

/** Kinds whose pods an operator creates. */
export const OPERATOR_KINDS = ['PerconaXtraDBCluster', 'PerconaServerMongoDB', 'Kafka', 'KafkaNodePool', 'RedisCluster', 'RedisReplication', 'RedisSentinel'] as const;
/** Kinds whose pods a controller other than a store operator creates: Envoy Gateway's proxies per Gateway. */
export const CONTROLLER_KINDS = ['Gateway'] as const;

const NAME_LIMIT = 52;
const STRIMZI_VERSION = '1.2.0';
const ANNOTATION = 'e2e.mojaloop.io/stand-in-for';

/**
 * The stand-ins for one CR (none for any other object). `objects` are the
 * other objects applied with it: a KafkaNodePool needs its Kafka CR (rack
 * awareness, templates) and the Kafka CR's PDB spans all its node pools.
 */
export function standInsFor(cr: Any, objects: Any[] = []): StandIn[] {
  switch (cr?.kind) {
    case 'PerconaXtraDBCluster': return pxc(cr);
    case 'PerconaServerMongoDB': return psmdb(cr);
    case 'KafkaNodePool': return kafkaNodePool(cr, objects);
    case 'Kafka': return kafka(cr);
    case 'RedisCluster': return redisCluster(cr);
    case 'RedisReplication': return redisReplication(cr);
    case 'RedisSentinel': return redisSentinel(cr);
    case 'Gateway': return envoyProxies(cr, objects);
    default: return [];
  }
}

// ---------------------------------------------------------------- common

interface Component {
  cr: Any;
  /** The stand-in is e2e-standin-<owner>-<component>; owner defaults to the CR's name. */
  owner?: string;
  component: string;
  /** Where the pods run, when not in the CR's namespace. */
  namespace?: string;
  replicas: number;
  /** Labels on the pods, as the operator sets them. */
  labels: Labels;
  /** The operator's own selector for these pods (a subset of labels). */
  selector: Labels;
  pod: { affinity?: Any; tolerations?: Any[]; nodeSelector?: Labels; topologySpreadConstraints?: Any[]; securityContext?: Any };
  containers: Any[];
  initContainers?: Any[];
  claims?: Any[];
  pdb?: { name: string; maxUnavailable?: number | string; minAvailable?: number | string; selector: Labels; labels?: Labels };
  quorum: boolean;
}

const ref = (cr: Any) => `${cr.kind} ${cr.metadata.namespace}/${cr.metadata.name}`;

function fail(cr: Any, field: string, expected: string): never {
  throw new Error(`${cr.metadata?.annotations?.['e2e/file'] ?? ref(cr)}: ${ref(cr)}: ${field}: expected ${expected}`);
}

function build(c: Component): StandIn {
  const ns = c.namespace ?? c.cr.metadata.namespace;
  const name = `e2e-standin-${c.owner ?? c.cr.metadata.name}-${c.component}`;
  // StatefulSet pods carry controller-revision-hash=<name>-<hash>, a label value of at most 63 characters.
  if (name.length > NAME_LIMIT) fail(c.cr, 'metadata.name', `a name short enough for the stand-in ${name} to fit ${NAME_LIMIT} characters`);
  const annotations = { [ANNOTATION]: ref(c.cr) };
  const statefulSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: ns, annotations },
    spec: {
      replicas: c.replicas,
      podManagementPolicy: 'Parallel',
      serviceName: name,
      selector: { matchLabels: { ...c.selector } },
      template: {
        metadata: { labels: { ...c.labels }, annotations },
        spec: prune({
          ...c.pod,
          automountServiceAccountToken: false,
          initContainers: c.initContainers?.length ? c.initContainers.map(container) : undefined,
          containers: c.containers.map(container),
        }),
      },
      ...(c.claims?.length ? { volumeClaimTemplates: c.claims } : {}),
    },
  };
  const pdb: KubeObject | undefined = c.pdb && {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: `e2e-standin-${c.pdb.name}`, namespace: ns, annotations, ...(c.pdb.labels ? { labels: { ...c.pdb.labels } } : {}) },
    spec: prune({ maxUnavailable: c.pdb.maxUnavailable, minAvailable: c.pdb.minAvailable, selector: { matchLabels: { ...c.pdb.selector } } }),
  };
  return { cr: ref(c.cr), statefulSet, ...(pdb ? { pdb } : {}), quorum: c.quorum };
}

/** A container as the pod will carry it; probes are not exercised (no kubelet runs them). */
function container(c: Any): Any {
  const { livenessProbe: _l, readinessProbe: _r, startupProbe: _s, ...rest } = c;
  return prune(rest);
}

function prune<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}

function claim(name: string, spec: Any): Any {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: prune({ accessModes: spec.accessModes ?? ['ReadWriteOnce'], storageClassName: spec.storageClassName, resources: spec.resources, volumeMode: spec.volumeMode }) };
}

/** Pod labels: the operator's own win over the CR's extra labels (both Percona operators copy only missing keys). */
function withExtra(own: Labels, extra: Labels | undefined): Labels {
  return { ...(extra ?? {}), ...own };
}

const count = (cr: Any, field: string, v: unknown): number => {
  if (!Number.isInteger(v) || (v as number) < 0) fail(cr, field, `a non-negative integer, got ${JSON.stringify(v)}`);
  return v as number;
};

// ---------------------------------------------------------------- Percona XtraDB Cluster (operator v1.19.0)

// pkg/apis/pxc/v1/pxc_types.go (affinityValidTopologyKeys, reconcileAffinityOpts).
const PXC_VALID_TOPOLOGY_KEYS = ['none', 'kubernetes.io/hostname', 'failure-domain.beta.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.kubernetes.io/region'];

/**
 * pkg/pxc/statefulset.go PodAffinity after pkg/apis/pxc/v1/pxc_types.go
 * reconcileAffinityOpts: `advanced` verbatim; otherwise a required pod
 * anti-affinity on the component's labels over antiAffinityTopologyKey
 * (kubernetes.io/hostname when unset or not one of the valid keys; none: off).
 * The PSMDB operator (pkg/psmdb/statefulset.go PodAffinity) does the same.
 */
function perconaAffinity(af: Any, labels: Labels, valid: string[]): Any {
  if (af?.advanced) return af.advanced;
  let key: string = af?.antiAffinityTopologyKey ?? 'kubernetes.io/hostname';
  if (!valid.includes(key)) key = 'kubernetes.io/hostname';
  if (key === 'none') return undefined;
  return { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { ...labels } }, topologyKey: key }] } };
}

/** pkg/pxc/statefulset.go PodTopologySpreadConstraints: defaults filled per constraint. */
function pxcSpread(tscs: Any[] | undefined, labels: Labels): Any[] | undefined {
  if (!tscs?.length) return undefined;
  return tscs.map((t) => ({
    ...t,
    ...(!t.labelSelector && !t.matchLabelKeys ? { labelSelector: { matchLabels: { ...labels } } } : {}),
    maxSkew: t.maxSkew || 1,
    topologyKey: t.topologyKey || 'kubernetes.io/hostname',
    whenUnsatisfiable: t.whenUnsatisfiable || 'ScheduleAnyway',
  }));
}

/** pkg/pxc/pdb.go; default maxUnavailable 1 (pkg/apis/pxc/v1/pxc_types.go CheckNSetDefaults). */
function perconaPdb(spec: Any): { maxUnavailable?: number | string; minAvailable?: number | string } {
  if (spec?.minAvailable !== undefined || spec?.maxUnavailable !== undefined) return { maxUnavailable: spec.maxUnavailable, minAvailable: spec.minAvailable };
  return { maxUnavailable: 1 };
}

function pxc(cr: Any): StandIn[] {
  const name = cr.metadata.name;
  const spec = cr.spec ?? {};
  // pkg/naming/labels.go LabelsCluster + componentLabels (LabelsPXC, LabelsHAProxy, LabelsProxySQL).
  const labelsOf = (component: string): Labels => ({
    'app.kubernetes.io/name': 'percona-xtradb-cluster',
    'app.kubernetes.io/part-of': 'percona-xtradb-cluster',
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': 'percona-xtradb-cluster-operator',
    'app.kubernetes.io/component': component,
  });
  const out: StandIn[] = [];
  // pkg/pxc/statefulset.go StatefulSet: template labels = component labels + spec.<c>.labels for keys not set.
  const common = (component: string, p: Any, field: string): Omit<Component, 'containers' | 'quorum' | 'pdb'> & { pdb: Component['pdb'] } => {
    const ls = labelsOf(component);
    return {
      cr, component,
      replicas: count(cr, `${field}.size`, p.size),
      labels: withExtra(ls, p.labels), selector: ls,
      pod: prune({
        affinity: perconaAffinity(p.affinity, ls, PXC_VALID_TOPOLOGY_KEYS),
        tolerations: p.tolerations, nodeSelector: p.nodeSelector,
        topologySpreadConstraints: pxcSpread(p.topologySpreadConstraints, ls),
        securityContext: p.podSecurityContext,
      }),
      // pkg/pxc/pdb.go: named <cluster>-<component>, selecting the component labels.
      pdb: { name: `${name}-${component}`, ...perconaPdb(p.podDisruptionBudget), selector: ls, labels: ls },
    };
  };
  const p = spec.pxc ?? fail(cr, 'spec.pxc', 'the PXC node spec');
  // pkg/pxc/app/statefulset/node.go AppContainer ("pxc"); init.go EntrypointInitContainer ("pxc-init": initContainer resources, else the pxc ones).
  out.push(build({
    ...common('pxc', p, 'spec.pxc'),
    containers: [{ name: 'pxc', image: p.image, resources: p.resources, securityContext: p.containerSecurityContext }, ...(p.sidecars ?? [])],
    initContainers: [{ name: 'pxc-init', image: p.image, resources: spec.initContainer?.resources ?? p.resources, securityContext: spec.initContainer?.containerSecurityContext ?? p.containerSecurityContext }],
    claims: p.volumeSpec?.persistentVolumeClaim ? [claim('datadir', p.volumeSpec.persistentVolumeClaim)] : undefined,
    quorum: true, // Galera: the primary component needs a majority.
  }));
  const h = spec.haproxy;
  if (h?.enabled) {
    // pkg/pxc/app/statefulset/haproxy.go: "haproxy" (resources) and "pxc-monit" (sidecarResources).
    out.push(build({
      ...common('haproxy', h, 'spec.haproxy'),
      containers: [
        { name: 'haproxy', image: h.image, resources: h.resources, securityContext: h.containerSecurityContext },
        { name: 'pxc-monit', image: h.image, resources: h.sidecarResources, securityContext: h.containerSecurityContext },
        ...(h.sidecars ?? []),
      ],
      quorum: false,
    }));
  }
  const x = spec.proxysql;
  if (x?.enabled) {
    // pkg/pxc/app/statefulset/proxysql.go: "proxysql", "pxc-monit", "proxysql-monit"; claim "proxydata".
    out.push(build({
      ...common('proxysql', x, 'spec.proxysql'),
      containers: [
        { name: 'proxysql', image: x.image, resources: x.resources, securityContext: x.containerSecurityContext },
        { name: 'pxc-monit', image: x.image, resources: x.sidecarResources, securityContext: x.containerSecurityContext },
        { name: 'proxysql-monit', image: x.image, resources: x.sidecarResources, securityContext: x.containerSecurityContext },
        ...(x.sidecars ?? []),
      ],
      claims: x.volumeSpec?.persistentVolumeClaim ? [claim('proxydata', x.volumeSpec.persistentVolumeClaim)] : undefined,
      quorum: false,
    }));
  }
  return out.filter((s) => (s.statefulSet.spec as Any).replicas > 0);
}

// ---------------------------------------------------------------- Percona Server for MongoDB (operator v1.22.0)

// pkg/apis/psmdb/v1/psmdb_defaults.go affinityValidTopologyKeys (v1.22.0 adds the topology.kubernetes.io keys).
const PSMDB_VALID_TOPOLOGY_KEYS = PXC_VALID_TOPOLOGY_KEYS;

function psmdb(cr: Any): StandIn[] {
  const name = cr.metadata.name;
  const spec = cr.spec ?? {};
  // pkg/naming/labels.go Labels + ClusterLabels.
  const cluster: Labels = {
    'app.kubernetes.io/name': 'percona-server-mongodb',
    'app.kubernetes.io/managed-by': 'percona-server-mongodb-operator',
    'app.kubernetes.io/part-of': 'percona-server-mongodb',
    'app.kubernetes.io/instance': name,
  };
  const out: StandIn[] = [];
  const replsets: { rs: Any; field: string; component: string }[] = ((spec.replsets ?? []) as Any[]).map((rs, i) => ({ rs, field: `spec.replsets[${i}]`, component: 'mongod' }));
  // pkg/apis/psmdb/v1/psmdb_defaults.go: with sharding, the config server replset "cfg";
  // pkg/controller/perconaservermongodb/statefulset.go labels its pods component=cfg.
  if (spec.sharding?.enabled) {
    const cfg = spec.sharding.configsvrReplSet ?? fail(cr, 'spec.sharding.configsvrReplSet', 'the config server replset when sharding is enabled');
    replsets.push({ rs: { ...cfg, name: 'cfg' }, field: 'spec.sharding.configsvrReplSet', component: 'cfg' });
  }
  for (const { rs, field, component } of replsets) {
    for (const member of ['arbiter', 'nonvoting', 'hidden']) {
      if (rs[member]?.enabled) fail(cr, `${field}.${member}.enabled`, 'false: the e2e stand-ins model only the voting members');
    }
    // pkg/naming/labels.go MongodLabels (RSLabels + component); pkg/psmdb/statefulset.go StatefulSpec:
    // template labels = these + multiAZ.labels for keys not set; affinity and spread expand on those template labels.
    const ls: Labels = { ...cluster, 'app.kubernetes.io/replset': rs.name, 'app.kubernetes.io/component': component };
    const custom = withExtra(ls, rs.labels);
    const pvc = rs.volumeSpec?.persistentVolumeClaim;
    out.push(build({
      cr, component: rs.name,
      replicas: count(cr, `${field}.size`, rs.size),
      labels: custom, selector: ls,
      pod: prune({
        affinity: perconaAffinity(rs.affinity, custom, PSMDB_VALID_TOPOLOGY_KEYS),
        tolerations: rs.tolerations, nodeSelector: rs.nodeSelector,
        // pkg/psmdb/statefulset.go PodTopologySpreadConstraints: only the selector is defaulted.
        topologySpreadConstraints: rs.topologySpreadConstraints?.length
          ? (rs.topologySpreadConstraints as Any[]).map((t) => (!t.labelSelector && !t.matchLabelKeys ? { ...t, labelSelector: { matchLabels: { ...custom } } } : t))
          : undefined,
        securityContext: rs.podSecurityContext,
      }),
      // pkg/psmdb/container.go: "mongod" with the replset's resources; pkg/psmdb/init.go: "mongo-init" (no resources).
      containers: [{ name: 'mongod', image: spec.image, resources: rs.resources, securityContext: rs.containerSecurityContext }, ...(rs.sidecars ?? [])],
      initContainers: [{ name: 'mongo-init', image: spec.image, securityContext: spec.initContainerSecurityContext }],
      claims: pvc?.resources ? [claim('mongod-data', pvc)] : undefined,
      // pkg/psmdb/pdb.go: <instance>-<component>-<replset>; default maxUnavailable 1 (psmdb_defaults.go).
      pdb: { name: `${name}-${component}-${rs.name}`, ...perconaPdb(rs.podDisruptionBudget), selector: ls, labels: ls },
      quorum: true, // a replica set elects a primary only with a majority of voters.
    }));
  }
  const mongos = spec.sharding?.enabled ? spec.sharding.mongos : undefined;
  if (mongos) {
    // pkg/naming/labels.go MongosLabels; pkg/psmdb/mongos.go.
    const ls: Labels = { ...cluster, 'app.kubernetes.io/component': 'mongos' };
    const custom = withExtra(ls, mongos.labels);
    out.push(build({
      cr, component: 'mongos',
      replicas: count(cr, 'spec.sharding.mongos.size', mongos.size),
      labels: custom, selector: ls,
      pod: prune({
        affinity: perconaAffinity(mongos.affinity, custom, PSMDB_VALID_TOPOLOGY_KEYS),
        tolerations: mongos.tolerations, nodeSelector: mongos.nodeSelector,
        topologySpreadConstraints: mongos.topologySpreadConstraints?.length
          ? (mongos.topologySpreadConstraints as Any[]).map((t) => (!t.labelSelector && !t.matchLabelKeys ? { ...t, labelSelector: { matchLabels: { ...custom } } } : t))
          : undefined,
        securityContext: mongos.podSecurityContext,
      }),
      containers: [{ name: 'mongos', image: spec.image, resources: mongos.resources, securityContext: mongos.containerSecurityContext }, ...(mongos.sidecars ?? [])],
      // psmdb_controller.go reconcileMongos: the PDB selects the pod template's labels (custom ones included).
      pdb: { name: `${name}-mongos`, ...perconaPdb(mongos.podDisruptionBudget), selector: custom, labels: custom },
      quorum: false,
    }));
  }
  return out.filter((s) => (s.statefulSet.spec as Any).replicas > 0);
}

// ---------------------------------------------------------------- Strimzi 1.2.0

// packaging/install/cluster-operator/060-Deployment-strimzi-cluster-operator.yaml (STRIMZI_KAFKA_IMAGES, operator image).
const kafkaImage = (version: string) => `quay.io/strimzi/kafka:${STRIMZI_VERSION}-kafka-${version}`;
const OPERATOR_IMAGE = `quay.io/strimzi/operator:${STRIMZI_VERSION}`;

/**
 * operator-common/.../model/Labels.java fromResource: the CR's labels except
 * app.kubernetes.io/* (part-of excepted) and kustomize.toolkit.fluxcd.io/*
 * (STRIMZI_LABELS_EXCLUSION_PATTERN); then generateDefaultLabels / the
 * KafkaPool constructor (cluster-operator/.../model/KafkaPool.java).
 */
function strimziLabels(resource: Any, cluster: string, strimziName: string, componentType: string): Labels {
  const own = Object.fromEntries(Object.entries((resource.metadata.labels ?? {}) as Labels)
    .filter(([k]) => !/^app\.kubernetes\.io\/(?!part-of).*|^kustomize\.toolkit\.fluxcd\.io.*/.test(k)));
  return {
    ...own,
    'strimzi.io/kind': 'Kafka',
    'strimzi.io/name': strimziName,
    'strimzi.io/cluster': cluster,
    'strimzi.io/component-type': componentType,
    'app.kubernetes.io/name': componentType,
    'app.kubernetes.io/instance': cluster,
    'app.kubernetes.io/part-of': `strimzi-${cluster}`,
    'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
  };
}

/** Labels.java strimziSelectorLabels. */
function strimziSelector(l: Labels): Labels {
  return Object.fromEntries(['strimzi.io/cluster', 'strimzi.io/name', 'strimzi.io/kind', 'strimzi.io/pool-name'].filter((k) => k in l).map((k) => [k, l[k]]));
}

/**
 * cluster-operator/.../model/ModelUtils.java affinityWithRackLabelSelector:
 * with a topology-label rack, every required node selector term gets
 * `<topologyKey> Exists` (or one such term is added). No pod anti-affinity is added.
 */
function rackAffinity(affinity: Any, rack: Any): Any {
  if (!rack || (rack.type && rack.type !== 'topology-label')) return affinity;
  const req = { key: rack.topologyKey, operator: 'Exists' };
  const terms: Any[] | undefined = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const nodeSelectorTerms = terms ? terms.map((t) => ({ ...t, matchExpressions: [...(t.matchExpressions ?? []), req] })) : [{ matchExpressions: [req] }];
  return {
    ...affinity,
    nodeAffinity: {
      ...affinity?.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: { ...affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution, nodeSelectorTerms },
    },
  };
}

/** Strimzi's template.pod fields the pod carries (WorkloadUtils.java createStatefulPod / createPodTemplateSpec). */
function strimziPod(template: Any, affinity: Any): Component['pod'] {
  return prune({ affinity, tolerations: template?.tolerations, topologySpreadConstraints: template?.topologySpreadConstraints, securityContext: template?.securityContext });
}

function clusterOf(pool: Any, objects: Any[]): Any {
  const cluster = pool.metadata.labels?.['strimzi.io/cluster'] ?? fail(pool, 'metadata.labels["strimzi.io/cluster"]', 'the name of the Kafka cluster this pool belongs to');
  return objects.find((o) => o?.kind === 'Kafka' && o.metadata?.name === cluster && o.metadata?.namespace === pool.metadata.namespace)
    ?? fail(pool, 'metadata.labels["strimzi.io/cluster"]', `a Kafka ${pool.metadata.namespace}/${cluster} among the objects passed to standInsFor`);
}

function kafkaNodePool(pool: Any, objects: Any[]): StandIn[] {
  const kafkaCr = clusterOf(pool, objects);
  const cluster = kafkaCr.metadata.name;
  const k = kafkaCr.spec?.kafka ?? fail(kafkaCr, 'spec.kafka', 'the Kafka cluster spec');
  const spec = pool.spec ?? {};
  const roles: string[] = spec.roles ?? fail(pool, 'spec.roles', 'broker and/or controller');
  const broker = roles.includes('broker');
  const controller = roles.includes('controller');
  // KafkaPool.java processTemplate: each template part of the pool replaces the Kafka CR's one whole.
  const tpl = (part: string) => spec.template?.[part] ?? k.template?.[part];
  const templatePod = tpl('pod');
  // KafkaCluster.java generatePodSets: pool labels + broker/controller roles + the StrimziPodSet controller (Labels.java withStrimziPodSetController).
  const base = { ...strimziLabels(pool, cluster, `${cluster}-kafka`, 'kafka'), 'strimzi.io/pool-name': pool.metadata.name };
  const labels: Labels = {
    ...base,
    'strimzi.io/broker-role': String(broker),
    'strimzi.io/controller-role': String(controller),
    'strimzi.io/controller': 'strimzipodset',
    'strimzi.io/controller-name': `${cluster}-${pool.metadata.name}`,
    ...(templatePod?.metadata?.labels ?? {}),
  };
  // KafkaCluster.java: "Only nodes with broker role have rack awareness".
  const rack = broker ? k.rack : undefined;
  // KafkaCluster.java createInitContainer: kafka-init only for rack awareness (or node ports, unused here).
  const init = rack && (!rack.type || rack.type === 'topology-label') ? [{ name: 'kafka-init', image: OPERATOR_IMAGE, resources: tpl('initContainer')?.resources, securityContext: tpl('initContainer')?.securityContext }] : undefined;
  // KafkaCluster.java getPersistentVolumeClaimTemplates: data (single) or data-<id> (JBOD) persistent-claim volumes.
  const volumes: Any[] = spec.storage?.type === 'jbod' ? spec.storage.volumes ?? [] : spec.storage ? [spec.storage] : [];
  const claims = volumes.filter((v) => v.type === 'persistent-claim').map((v) => claim(spec.storage.type === 'jbod' ? `data-${v.id}` : 'data', {
    storageClassName: v.class, resources: { requests: { storage: v.size } },
  }));
  // KafkaCluster.java generatePodDisruptionBudget: ONE PDB for the whole cluster (all pools), named <cluster>-kafka,
  // minAvailable = all nodes - template.podDisruptionBudget.maxUnavailable (default 1; PodDisruptionBudgetUtils.java
  // createCustomControllerPodDisruptionBudget). Carried by the cluster's first pool (by name) that has pods.
  const clusterSelector = strimziSelector({ ...base });
  delete clusterSelector['strimzi.io/pool-name'];
  const pools = objects.filter((o) => o?.kind === 'KafkaNodePool' && o.metadata?.namespace === pool.metadata.namespace && o.metadata?.labels?.['strimzi.io/cluster'] === cluster);
  if (!pools.some((p) => p.metadata.name === pool.metadata.name)) pools.push(pool);
  pools.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const nodes = pools.reduce((n, p) => n + count(p, 'spec.replicas', p.spec?.replicas), 0);
  const maxUnavailable = k.template?.podDisruptionBudget?.maxUnavailable ?? 1;
  const carrier = pools.find((p) => (p.spec?.replicas ?? 0) > 0);
  const pdb = carrier?.metadata.name === pool.metadata.name
    ? { name: `${cluster}-kafka`, minAvailable: Math.max(0, nodes - maxUnavailable), selector: clusterSelector }
    : undefined;
  // Brokers: with acks=all a partition takes writes only while min.insync.replicas of its replicas are in sync;
  // that is a majority whenever min.insync.replicas > replication.factor / 2 (ours: 2 of 3).
  const minIsr = Number(k.config?.['min.insync.replicas'] ?? 1);
  const rf = Number(k.config?.['default.replication.factor'] ?? 1);
  const replicas = count(pool, 'spec.replicas', spec.replicas);
  if (replicas === 0) return [];
  // Named after the operator's pod set, <cluster>-<pool>.
  return [build({
    cr: pool, owner: cluster, component: pool.metadata.name,
    replicas,
    labels, selector: strimziSelector(base),
    pod: strimziPod(templatePod, rackAffinity(templatePod?.affinity, rack)),
    containers: [{ name: 'kafka', image: kafkaImage(k.version), resources: spec.resources ?? k.resources, securityContext: tpl('kafkaContainer')?.securityContext }],
    initContainers: init,
    claims,
    pdb,
    quorum: controller || minIsr * 2 > rf,
  })];
}

function kafka(cr: Any): StandIn[] {
  const cluster = cr.metadata.name;
  const out: StandIn[] = [];
  const deployment = (component: string, section: Any, containers: Any[]) => {
    // AbstractModel.java generateDefaultLabels + WorkloadUtils.java createPodTemplateSpec (template.pod.metadata.labels added).
    const ls = strimziLabels(cr, cluster, `${cluster}-${component}`, component);
    const templatePod = section.template?.pod;
    out.push(build({
      cr, component,
      replicas: 1, // EntityOperator.java / KafkaExporter.java generateDeployment: always 1 replica.
      labels: { ...ls, ...(templatePod?.metadata?.labels ?? {}) }, selector: strimziSelector(ls),
      pod: strimziPod(templatePod, templatePod?.affinity),
      containers,
      // PodDisruptionBudgetUtils.java createPodDisruptionBudget: maxUnavailable from the template, default 1.
      pdb: { name: `${cluster}-${component}`, maxUnavailable: section.template?.podDisruptionBudget?.maxUnavailable ?? 1, selector: strimziSelector(ls), labels: ls },
      quorum: false,
    }));
  };
  const eo = cr.spec?.entityOperator;
  if (eo && (eo.topicOperator || eo.userOperator)) {
    // EntityOperator.java createContainers; EntityTopicOperator.java / EntityUserOperator.java container names.
    deployment('entity-operator', eo, [
      ...(eo.topicOperator ? [{ name: 'topic-operator', image: OPERATOR_IMAGE, resources: eo.topicOperator.resources, securityContext: eo.template?.topicOperatorContainer?.securityContext }] : []),
      ...(eo.userOperator ? [{ name: 'user-operator', image: OPERATOR_IMAGE, resources: eo.userOperator.resources, securityContext: eo.template?.userOperatorContainer?.securityContext }] : []),
    ]);
  }
  const ex = cr.spec?.kafkaExporter;
  if (ex) {
    // KafkaExporter.java: container "kafka-exporter", the Kafka image.
    deployment('kafka-exporter', ex, [{ name: 'kafka-exporter', image: kafkaImage(cr.spec.kafka?.version), resources: ex.resources, securityContext: ex.template?.container?.securityContext }]);
  }
  return out;
}

// ---------------------------------------------------------------- OT redis-operator v0.26.0

/** internal/controller/common/labels.go GetRedisLabels: app, redis_setup_type, role, then the CR's labels on top. */
function redisLabels(app: string, setup: string, role: string, cr: Any): Labels {
  return { app, redis_setup_type: setup, role, ...(cr.metadata.labels ?? {}) };
}

/** internal/k8sutils/labels.go extractStatefulSetSelectorLabels: only the stable keys. */
const redisSelector = (l: Labels): Labels => ({ app: l.app, redis_setup_type: l.redis_setup_type, role: l.role });

/** internal/k8sutils/poddisruption.go: maxUnavailable, else minAvailable, else (size/2)+1. */
function redisPdb(pdb: Any, name: string, selector: Labels, size: number): Component['pdb'] {
  if (!pdb?.enabled) return undefined;
  if (pdb.maxUnavailable !== undefined) return { name, maxUnavailable: pdb.maxUnavailable, selector };
  if (pdb.minAvailable !== undefined) return { name, minAvailable: pdb.minAvailable, selector };
  return { name, minAvailable: Math.floor(size / 2) + 1, selector };
}

/** internal/k8sutils/statefulset.go generateContainerDef: redis-exporter when enabled. */
function redisExporter(cr: Any): Any[] {
  const e = cr.spec?.redisExporter;
  return e?.enabled ? [{ name: 'redis-exporter', image: e.image, resources: e.resources, securityContext: e.securityContext }] : [];
}

function redisCluster(cr: Any): StandIn[] {
  const name = cr.metadata.name;
  const spec = cr.spec ?? {};
  const out: StandIn[] = [];
  for (const role of ['leader', 'follower'] as const) {
    const r = (role === 'leader' ? spec.redisLeader : spec.redisFollower) ?? {};
    const field = role === 'leader' ? 'spec.redisLeader' : 'spec.redisFollower';
    // api/rediscluster/v1beta2/rediscluster_types.go GetReplicaCounts / GetRedis<Role>Resources.
    const replicas = count(cr, r.replicas !== undefined ? `${field}.replicas` : 'spec.clusterSize', r.replicas ?? spec.clusterSize);
    if (replicas === 0) continue; // the operator's StatefulSet then has no pods
    const sts = `${name}-${role}`;
    // internal/k8sutils/redis-cluster.go CreateRedisClusterSetup: + cluster=<name> on every pod.
    const labels = { ...redisLabels(sts, 'cluster', role, cr), cluster: name };
    const selector = redisSelector(labels);
    const persistent = spec.persistenceEnabled === true;
    out.push(build({
      cr, component: role, replicas, labels, selector,
      pod: prune({ affinity: r.affinity, tolerations: r.tolerations, nodeSelector: r.nodeSelector, topologySpreadConstraints: r.topologySpreadConstraints, securityContext: spec.podSecurityContext }),
      containers: [{ name: sts, image: spec.kubernetesConfig?.image, resources: r.resources ?? spec.kubernetesConfig?.resources, securityContext: r.securityContext }, ...redisExporter(cr)],
      // internal/k8sutils/statefulset.go generateStatefulSetsDef: node-conf (cluster mode) and <sts> claims.
      claims: [
        ...(spec.persistenceEnabled !== undefined && spec.storage?.nodeConfVolume && spec.storage?.nodeConfVolumeClaimTemplate ? [claim('node-conf', spec.storage.nodeConfVolumeClaimTemplate.spec)] : []),
        ...(persistent && spec.storage?.volumeClaimTemplate ? [claim(sts, spec.storage.volumeClaimTemplate.spec)] : []),
      ],
      // poddisruption.go ReconcileRedisPodDisruptionBudget: <name>-<role>, selecting app and role.
      pdb: redisPdb(r.pdb, sts, { app: sts, role }, spec.clusterSize ?? replicas),
      quorum: role === 'leader', // cluster failover needs a majority of the primaries
    }));
  }
  return out;
}

function redisReplication(cr: Any): StandIn[] {
  const name = cr.metadata.name;
  const spec = cr.spec ?? {};
  const replicas = count(cr, 'spec.clusterSize', spec.clusterSize);
  if (replicas === 0) return [];
  // internal/k8sutils/redis-replication.go: StatefulSet <name>, labels app=<name>, role=replication.
  const labels = redisLabels(name, 'replication', 'replication', cr);
  return [build({
    cr, component: 'replication', replicas, labels, selector: redisSelector(labels),
    pod: prune({ affinity: spec.affinity, tolerations: spec.tolerations, nodeSelector: spec.nodeSelector, topologySpreadConstraints: spec.topologySpreadConstraints, securityContext: spec.podSecurityContext }),
    containers: [{ name, image: spec.kubernetesConfig?.image, resources: spec.kubernetesConfig?.resources, securityContext: spec.securityContext }, ...redisExporter(cr)],
    claims: spec.storage?.volumeClaimTemplate ? [claim(name, spec.storage.volumeClaimTemplate.spec)] : undefined,
    pdb: redisPdb(spec.pdb, `${name}-replication`, { app: name, role: 'replication' }, replicas),
    // Sentinel, not the replicas, decides failover; one surviving replica keeps the data.
    quorum: false,
  })];
}

function redisSentinel(cr: Any): StandIn[] {
  const name = cr.metadata.name;
  const spec = cr.spec ?? {};
  const replicas = count(cr, 'spec.clusterSize', spec.clusterSize);
  if (replicas === 0) return [];
  // internal/k8sutils/redis-sentinel.go CreateRedisSentinelSetup: StatefulSet <name>-sentinel, app=<name>-sentinel.
  const sts = `${name}-sentinel`;
  const labels = redisLabels(sts, 'sentinel', 'sentinel', cr);
  return [build({
    cr, component: 'sentinel', replicas, labels, selector: redisSelector(labels),
    pod: prune({ affinity: spec.affinity, tolerations: spec.tolerations, nodeSelector: spec.nodeSelector, topologySpreadConstraints: spec.topologySpreadConstraints, securityContext: spec.podSecurityContext }),
    containers: [{ name: sts, image: spec.kubernetesConfig?.image, resources: spec.kubernetesConfig?.resources, securityContext: spec.securityContext }],
    pdb: redisPdb(spec.pdb, sts, { app: sts, role: 'sentinel' }, replicas),
    quorum: true, // a failover needs a majority of sentinels to agree
  })];
}

// ---------------------------------------------------------------- Envoy Gateway (v1.9.1): a Gateway's proxies

/** The controller's namespace, where the proxies run in its default deploy mode (ControllerNamespace). */
const ENVOY_GATEWAY_NS = 'envoy-gateway-system';
/** api/v1alpha1/shared_types.go DefaultEnvoyProxyImage; the shutdown-manager runs the controller's image. */
const ENVOY_IMAGE = 'docker.io/envoyproxy/envoy:distroless-v1.39.1';
const SHUTDOWN_MANAGER_IMAGE = 'docker.io/envoyproxy/gateway:v1.9.1';

/**
 * The Envoy Deployment Envoy Gateway makes for a Gateway of its class, shaped
 * by the EnvoyProxy the Gateway names (spec.infrastructure.parametersRef, same
 * namespace): internal/infrastructure/kubernetes/proxy/resource_provider.go
 * (Deployment: replicas, pod affinity, tolerations, spread; getPodLabels =
 * resource.go EnvoyAppLabel + gatewayapi/helpers.go GatewayOwnerLabels; PDB on
 * the same stable selector) and resource.go (containers envoy and
 * shutdown-manager, resource.DefaultSecurityContext with uid/gid 65532;
 * api/v1alpha1/shared_types.go default requests 100m/512Mi and 10m/32Mi).
 * A Gateway without an EnvoyProxy gets none: its defaults place nothing.
 */
function envoyProxies(gw: Any, objects: Any[]): StandIn[] {
  const ref = gw.spec?.infrastructure?.parametersRef;
  if (!ref || ref.kind !== 'EnvoyProxy') return [];
  const proxy = objects.find((o) => o?.kind === 'EnvoyProxy' && o.metadata?.name === ref.name && o.metadata?.namespace === gw.metadata.namespace);
  if (!proxy) fail(gw, 'spec.infrastructure.parametersRef', `an EnvoyProxy ${ref.name} applied with it`);
  const d = proxy.spec?.provider?.kubernetes?.envoyDeployment ?? {};
  const labels: Labels = {
    'app.kubernetes.io/name': 'envoy',
    'app.kubernetes.io/component': 'proxy',
    'app.kubernetes.io/managed-by': 'envoy-gateway',
    'gateway.envoyproxy.io/owning-gateway-namespace': gw.metadata.namespace,
    'gateway.envoyproxy.io/owning-gateway-name': gw.metadata.name,
  };
  const securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } };
  const pdb = proxy.spec?.provider?.kubernetes?.envoyPDB;
  return [build({
    cr: gw, component: 'envoy', namespace: ENVOY_GATEWAY_NS,
    replicas: count(gw, 'EnvoyProxy envoyDeployment.replicas', d.replicas ?? 1),
    labels: { ...(d.pod?.labels ?? {}), ...labels }, selector: labels,
    pod: prune({ affinity: d.pod?.affinity, tolerations: d.pod?.tolerations, nodeSelector: d.pod?.nodeSelector, topologySpreadConstraints: d.pod?.topologySpreadConstraints, securityContext: d.pod?.securityContext }),
    containers: [
      { name: 'envoy', image: ENVOY_IMAGE, resources: d.container?.resources ?? { requests: { cpu: '100m', memory: '512Mi' } }, securityContext },
      { name: 'shutdown-manager', image: SHUTDOWN_MANAGER_IMAGE, resources: { requests: { cpu: '10m', memory: '32Mi' } }, securityContext: { ...securityContext, readOnlyRootFilesystem: true } },
    ],
    ...(pdb ? { pdb: { name: `${gw.metadata.name}-envoy`, minAvailable: pdb.minAvailable, maxUnavailable: pdb.maxUnavailable, selector: labels } } : {}),
    quorum: false,
  })];
}

