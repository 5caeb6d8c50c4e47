// What each rendered object asks of the nodes: groups of identical pods
// (replicas x requests) with their placement rules. Workload kinds say it in
// their pod template; operator custom resources in their own fields, read here
// the way each operator turns them into pods (field names from the CRDs in
// imports/schemas/). Input of the capacity check (./capacity.ts); a test keeps
// every rendered object that requires a pool label covered.
import { parseQuantity } from './quantity';

/**
 * On the objects that stand for an upstream workload at synth (charts/sync/upstream-workloads.ts,
 * never written to dist/): the upstream source that runs it.
 */
export const UPSTREAM_SOURCE_ANNOTATION = 'capacity.mojaloop.io/upstream-source';

export interface PodGroup {
  /** "Deployment/centralledger-handler-prepare", "PerconaXtraDBCluster/central-ledger-db/haproxy". */
  owner: string;
  /** The upstream source whose workload this is (not rendered by us). */
  upstream?: string;
  replicas: number;
  /** Node labels that every pod requires (required node affinity, first term: all our workloads use one). */
  requiredLabels: Record<string, string>;
  tolerations: Toleration[];
  /** Required pod anti-affinity on kubernetes.io/hostname: at most one pod of the group per node. */
  onePerNode: boolean;
  /** Topology spread constraints that block scheduling when violated. */
  spread: Array<{ topologyKey: string; maxSkew: number }>;
  /** Requests of one pod, CPU in cores, memory in bytes. */
  cpu: number;
  memory: number;
}

export interface Toleration { key?: string; operator?: string; value?: string; effect?: string }

type Any = Record<string, any>;

const q = (v: unknown): number => (v === undefined || v === null ? 0 : parseQuantity(String(v)));

interface Requests { cpu: number; memory: number }

/** The summed requests of containers an operator starts side by side (its CR's resources fields). */
function requests(rs: Array<Any | undefined>): Requests {
  return {
    cpu: rs.reduce((a, r) => a + q(r?.requests?.cpu), 0),
    memory: rs.reduce((a, r) => a + q(r?.requests?.memory), 0),
  };
}

/**
 * The requests of a pod spec as the scheduler counts them, per resource
 * (k8s.io/component-helpers v0.36.3 resource/helpers.go
 * AggregateContainerRequests): the containers plus the sidecars (init
 * containers with restartPolicy Always), or, when larger, what one init
 * container needs while it runs beside the sidecars started before it.
 */
export function podRequests(spec: Any): Requests {
  const of = (r: 'cpu' | 'memory'): number => {
    let sum = (spec.containers ?? []).reduce((a: number, c: Any) => a + q(c.resources?.requests?.[r]), 0);
    let sidecars = 0;
    let init = 0;
    for (const c of spec.initContainers ?? []) {
      const request = q(c.resources?.requests?.[r]);
      if (c.restartPolicy === 'Always') {
        sum += request;
        sidecars += request;
        init = Math.max(init, sidecars);
      } else {
        init = Math.max(init, request + sidecars);
      }
    }
    return Math.max(sum, init);
  };
  return { cpu: of('cpu'), memory: of('memory') };
}

/** A pod group from pod-spec-like fields (affinity, tolerations, topologySpreadConstraints) and the requests of one pod. */
function group(owner: string, replicas: number, spec: Any, perPod: Requests): PodGroup {
  const affinity = spec.affinity?.advanced ?? spec.affinity ?? {};
  const term = affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0];
  const requiredLabels: Record<string, string> = {};
  for (const e of term?.matchExpressions ?? []) if (e.operator === 'In' && e.values?.length === 1) requiredLabels[e.key] = e.values[0];
  return {
    owner,
    replicas,
    requiredLabels,
    tolerations: spec.tolerations ?? [],
    onePerNode: (affinity.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).some((t: Any) => t.topologyKey === 'kubernetes.io/hostname'),
    spread: (spec.topologySpreadConstraints ?? []).filter((c: Any) => c.whenUnsatisfiable === 'DoNotSchedule').map((c: Any) => ({ topologyKey: c.topologyKey, maxSkew: c.maxSkew })),
    ...perPod,
  };
}

/** The pod groups one rendered object stands for; [] for objects that run no pods (or run them on every node: DaemonSets, covered by the node reserve). */
export function podGroupsOf(m: Any): PodGroup[] {
  const spec = m.spec ?? {};
  const name = m.metadata?.name;
  const id = `${m.kind}/${name}`;
  const upstream = m.metadata?.annotations?.[UPSTREAM_SOURCE_ANNOTATION];
  switch (m.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return [{ ...group(id, spec.replicas ?? 1, spec.template.spec, podRequests(spec.template.spec)), ...(upstream ? { upstream } : {}) }];
    // Migration and provisioning Jobs (and the charts' hook Jobs): their pods run beside the services, parallelism at once.
    case 'Job':
      return [{ ...group(id, spec.parallelism ?? 1, spec.template.spec, podRequests(spec.template.spec)), ...(upstream ? { upstream } : {}) }];
    case 'Prometheus':
    case 'Alertmanager':
      return [group(id, spec.replicas ?? 1, spec, requests([spec.resources]))];
    case 'Grafana': {
      const d = spec.deployment?.spec;
      return d ? [group(id, d.replicas ?? 1, d.template?.spec ?? {}, podRequests(d.template?.spec ?? {}))] : [];
    }
    case 'PerconaXtraDBCluster':
      return [
        group(`${id}/pxc`, spec.pxc.size, spec.pxc, requests([spec.pxc.resources, ...(spec.pxc.sidecars ?? []).map((s: Any) => s.resources)])),
        ...(spec.haproxy?.enabled ? [group(`${id}/haproxy`, spec.haproxy.size, spec.haproxy, requests([spec.haproxy.resources, ...(spec.haproxy.sidecars ?? []).map((s: Any) => s.resources)]))] : []),
      ];
    case 'PerconaServerMongoDB':
      return (spec.replsets as Any[]).map((rs) => group(`${id}/${rs.name}`, rs.size, rs, requests([rs.resources, ...(rs.sidecars ?? []).map((s: Any) => s.resources)])));
    case 'KafkaNodePool':
      return [group(id, spec.replicas, spec.template?.pod ?? {}, requests([spec.resources]))];
    case 'Kafka':
      return [
        ...(spec.entityOperator ? [group(`${id}/entity-operator`, 1, spec.entityOperator.template?.pod ?? {}, requests([spec.entityOperator.topicOperator?.resources, spec.entityOperator.userOperator?.resources]))] : []),
        ...(spec.kafkaExporter ? [group(`${id}/kafka-exporter`, 1, spec.kafkaExporter.template?.pod ?? {}, requests([spec.kafkaExporter.resources]))] : []),
      ];
    case 'RedisCluster': {
      const exporter = spec.redisExporter?.enabled ? spec.redisExporter.resources : undefined;
      return (['redisLeader', 'redisFollower'] as const).filter((r) => spec[r]).map((r) =>
        group(`${id}/${r === 'redisLeader' ? 'leader' : 'follower'}`, spec[r].replicas ?? spec.clusterSize, spec[r], requests([spec.kubernetesConfig?.resources, exporter])));
    }
    case 'RedisReplication':
    case 'RedisSentinel':
      return [group(id, spec.clusterSize, spec, requests([spec.kubernetesConfig?.resources, spec.redisExporter?.enabled ? spec.redisExporter.resources : undefined]))];
    case 'EnvoyProxy': {
      // The Envoy proxies Envoy Gateway starts for a Gateway: envoy plus its shutdown-manager
      // sidecar, whose requests are fixed (internal/infrastructure/kubernetes/proxy/resource.go;
      // api/v1alpha1/shared_types.go DefaultShutdownManager*ResourceRequests and the Default
      // Deployment requests when none are given, Envoy Gateway v1.9.1).
      const d = spec.provider?.kubernetes?.envoyDeployment;
      if (!d) return [];
      const envoy = d.container?.resources ?? { requests: { cpu: '100m', memory: '512Mi' } };
      return [group(id, d.replicas ?? 1, d.pod ?? {}, requests([envoy, { requests: { cpu: '10m', memory: '32Mi' } }]))];
    }
    default:
      return [];
  }
}

