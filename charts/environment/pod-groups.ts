// What each rendered object asks of the nodes: groups of identical pods
// (replicas x requests) with their placement rules. Workload kinds say it in
// their pod template; operator custom resources in their own fields, read here
// the way each operator turns them into pods (field names from the CRDs in
// imports/schemas/). Input of the capacity check (./capacity.ts); a test keeps
// every rendered object that requires a pool label covered.
import { parseQuantity } from './quantity';

export interface PodGroup {
  /** "Deployment/centralledger-handler-prepare", "PerconaXtraDBCluster/central-ledger-db/haproxy". */
  owner: string;
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
  switch (m.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return [group(id, spec.replicas ?? 1, spec.template.spec, podRequests(spec.template.spec))];
    // Migration and provisioning Jobs: their pods run beside the services, parallelism at once.
    case 'Job':
      return [group(id, spec.parallelism ?? 1, spec.template.spec, podRequests(spec.template.spec))];
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
    // Upstream sources installed from a Helm chart: the chart's values, read the way the chart turns them into pods.
    case 'HelmRelease':
      return chartPodGroups(id, spec.chart?.spec?.chart, spec.values ?? {});
    case 'Application':
      return spec.source?.chart ? chartPodGroups(id, spec.source.chart, spec.source.helm?.valuesObject ?? {}) : [];
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

/**
 * cert-manager v1.21.2 (deploy/charts/cert-manager: deployment.yaml, webhook-deployment.yaml,
 * cainjector-deployment.yaml, startupapicheck-job.yaml) and vault-helm 0.34.1
 * (server-statefulset.yaml: ha.replicas when ha.enabled); other charts run no pods we place.
 */
function chartPodGroups(id: string, chart: string | undefined, v: Any): PodGroup[] {
  if (chart === 'cert-manager') {
    const component = (name: string, c: Any) => group(`${id}/${name}`, c.replicaCount ?? 1, c, requests([c.resources]));
    return [
      component('controller', v),
      component('webhook', v.webhook ?? {}),
      ...(v.cainjector?.enabled === false ? [] : [component('cainjector', v.cainjector ?? {})]),
      ...(v.startupapicheck?.enabled === false ? [] : [group(`${id}/startupapicheck`, 1, v.startupapicheck ?? {}, requests([v.startupapicheck?.resources]))]),
    ];
  }
  if (chart === 'vault') {
    const server = v.server ?? {};
    return [group(`${id}/server`, server.ha?.enabled ? server.ha.replicas ?? 3 : 1, server, requests([server.resources]))];
  }
  if (chart === 'external-secrets') {
    // external-secrets v1.3.2 deploy/charts/external-secrets: the controller (replicaCount, affinity, resources at
    // the top level), webhook.* and certController.* (templates/deployment.yaml, webhook-deployment.yaml,
    // cert-controller-deployment.yaml; webhook and certController are on by default).
    const component = (name: string, c: Any) => group(`${id}/${name}`, c.replicaCount ?? 1, c, requests([c.resources]));
    return [
      component('controller', v),
      ...(v.webhook?.create === false ? [] : [component('webhook', v.webhook ?? {})]),
      ...(v.certController?.create === false ? [] : [component('cert-controller', v.certController ?? {})]),
    ];
  }
  if (chart === 'gateway-helm') {
    // Envoy Gateway v1.9.1 charts/gateway-helm: templates/envoy-gateway-deployment.yaml (deployment.replicas,
    // deployment.pod.*, deployment.envoyGateway.resources, default 100m/256Mi in values.tmpl.yaml) and the
    // certgen Job (templates/certgen.yaml: certgen.job.*, no requests by default).
    const d = v.deployment ?? {};
    return [
      group(`${id}/envoy-gateway`, d.replicas ?? 1, d.pod ?? {}, requests([d.envoyGateway?.resources ?? { requests: { cpu: '100m', memory: '256Mi' } }])),
      group(`${id}/certgen`, 1, v.certgen?.job ?? {}, requests([v.certgen?.job?.resources])),
    ];
  }
  return [];
}
