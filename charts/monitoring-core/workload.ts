// Building blocks shared by the monitoring-core components: identity and
// labels, containers with probes/resources/security context, pod templates on
// the MONITORING pool (or on every node for DaemonSets), ServiceAccounts with
// their RBAC, Services. Components stay declarative: what they run, not how.
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Environment } from '../environment/environment';
import { selectorLabels, standardLabels, type AppIdentity } from '../lib/labels';
import type { LayerChart } from '../lib/layer';
import { ONE_PER_NODE_STRATEGY, placement, podDisruptionBudget, type PlacementOptions, type Placement } from '../lib/placement';
import { presetFor, resources, type Preset, type ResourceSize } from '../lib/resources';
import { ServiceMonitor, type ServiceMonitorSpecEndpoints } from '../../imports/servicemonitor-monitoring.coreos.com';
import { MONITORING_SELECTOR_LABELS } from './contract';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, DEFAULT_UID } from '../lib/security';

export const PART_OF = 'monitoring-core';

export interface Component {
  env: Environment;
  namespace: string;
  id: AppIdentity;
  labels: Record<string, string>;
  selector: Record<string, string>;
}

export function component(chart: LayerChart, id: Omit<AppIdentity, 'partOf'>): Component {
  const full: AppIdentity = { ...id, partOf: PART_OF };
  return { env: chart.env, namespace: chart.env.namespaces.monitoring.name, id: full, labels: standardLabels(chart.env, full), selector: selectorLabels(full) };
}

/**
 * A component's labels without its version, for volume claim templates: a
 * StatefulSet's templates cannot change in place, so a version bump must not
 * touch them (the apply would fail; operators recreate the StatefulSet).
 */
export const claimLabels = (c: Component): Record<string, string> => standardLabels(c.env, { ...c.id, version: undefined });

/** Object name of a component: its instance, prefixed with its name unless it already is ("prometheus-core", "loki-ingester"). */
export function objectName(c: Component): string {
  const instance = c.id.instance ?? c.id.name;
  return instance.startsWith(c.id.name) ? instance : `${c.id.name}-${instance}`;
}

export const port = (n: number) => k8s.IntOrString.fromNumber(n);
export const portName = (s: string) => k8s.IntOrString.fromString(s);
export const qty = (s: string) => k8s.Quantity.fromString(s);

/** Requests/limits for this stage: a preset (one size smaller in dev) or explicit sizes by stage. */
export function sized(env: Environment, size: Preset | Partial<Record<Environment['stage'], Preset | ResourceSize>>): k8s.ResourceRequirements {
  if (typeof size === 'string') return resources(presetFor(env.stage, size));
  const s = size[env.stage];
  if (!s) throw new Error(`no size for stage ${env.stage}`);
  return resources(s);
}

export const httpProbe = (path: string, p: string | number, opts: Partial<k8s.Probe> = {}): k8s.Probe => ({
  httpGet: { path, port: typeof p === 'number' ? port(p) : portName(p) },
  periodSeconds: 10,
  timeoutSeconds: 5,
  failureThreshold: 3,
  ...opts,
});

export interface ContainerProps {
  name: string;
  image: string;
  args?: string[];
  env?: k8s.EnvVar[];
  envFrom?: k8s.EnvFromSource[];
  ports?: k8s.ContainerPort[];
  resources: k8s.ResourceRequirements;
  liveness: k8s.Probe;
  readiness: k8s.Probe;
  startup?: k8s.Probe;
  volumeMounts?: k8s.VolumeMount[];
  securityContext?: k8s.SecurityContext;
}

export const container = (p: ContainerProps): k8s.Container => ({
  name: p.name,
  image: p.image,
  imagePullPolicy: 'IfNotPresent',
  ...(p.args ? { args: p.args } : {}),
  ...(p.env ? { env: p.env } : {}),
  ...(p.envFrom ? { envFrom: p.envFrom } : {}),
  ...(p.ports ? { ports: p.ports } : {}),
  resources: p.resources,
  livenessProbe: p.liveness,
  readinessProbe: p.readiness,
  ...(p.startup ? { startupProbe: p.startup } : {}),
  ...(p.volumeMounts ? { volumeMounts: p.volumeMounts } : {}),
  securityContext: p.securityContext ?? restrictedContainerSecurityContext(),
});

export interface PodProps {
  serviceAccountName?: string;
  containers: k8s.Container[];
  volumes?: k8s.Volume[];
  securityContext?: k8s.PodSecurityContext;
  /** MONITORING-pool placement; omit for DaemonSets (every node). */
  placement?: Placement;
  terminationGracePeriodSeconds?: number;
  extra?: Partial<k8s.PodSpec>;
}

/** Tolerates every taint: node agents (DaemonSets) must run on every node, dedicated pools included. */
export const TOLERATE_ALL: k8s.Toleration[] = [{ operator: 'Exists' }];

export function podTemplate(c: Component, p: PodProps): k8s.PodTemplateSpec {
  return {
    metadata: { labels: c.labels, annotations: { 'kubectl.kubernetes.io/default-container': p.containers[0].name } },
    spec: {
      ...(p.serviceAccountName ? { serviceAccountName: p.serviceAccountName, automountServiceAccountToken: true } : { automountServiceAccountToken: false }),
      securityContext: p.securityContext ?? restrictedPodSecurityContext(DEFAULT_UID),
      containers: p.containers,
      ...(p.volumes ? { volumes: p.volumes } : {}),
      ...(p.placement
        ? { affinity: p.placement.affinity, tolerations: p.placement.tolerations, ...(p.placement.topologySpreadConstraints ? { topologySpreadConstraints: p.placement.topologySpreadConstraints } : {}) }
        : { tolerations: TOLERATE_ALL }),
      terminationGracePeriodSeconds: p.terminationGracePeriodSeconds ?? 30,
      enableServiceLinks: false,
      ...p.extra,
    },
  };
}

/** Placement on the MONITORING pool, one replica per node. */
export const onMonitoringPool = (c: Component, opts: PlacementOptions = {}): Placement => placement(c.env, 'MONITORING', c.selector, opts);

/** PDB for a component with more than one replica (none otherwise: a single replica could never be drained). */
export const pdb = (chart: LayerChart, c: Component, replicas: number, selector = c.selector): ApiObject | undefined =>
  podDisruptionBudget(chart, { name: objectName(c), namespace: c.namespace, labels: c.labels, selector, replicas });

/** The Deployment object of a component whose pods go one per node (no surge: every node of the pool may be taken). */
export function onePerNodeDeployment(chart: LayerChart, c: Component, replicas: number, template: k8s.PodTemplateSpec): void {
  const name = objectName(c);
  new k8s.KubeDeployment(chart, `${name}-deployment`, {
    metadata: { name, namespace: c.namespace, labels: c.labels },
    spec: { replicas, selector: { matchLabels: c.selector }, strategy: ONE_PER_NODE_STRATEGY, template },
  });
}

/** A stateless component on the MONITORING pool: Deployment, one replica per node, and a PDB once replicated. */
export function monitoringDeployment(chart: LayerChart, c: Component, replicas: number, pod: Omit<PodProps, 'placement'>): void {
  onePerNodeDeployment(chart, c, replicas, podTemplate(c, { ...pod, placement: onMonitoringPool(c, { replicas }) }));
  pdb(chart, c, replicas);
}

/** A node agent: a DaemonSet on every node (tolerating every taint), rolled 10% of the nodes at a time. */
export function nodeAgent(chart: LayerChart, c: Component, pod: Omit<PodProps, 'placement'>): void {
  const name = objectName(c);
  new k8s.KubeDaemonSet(chart, `${name}-daemonset`, {
    metadata: { name, namespace: c.namespace, labels: c.labels },
    spec: {
      selector: { matchLabels: c.selector },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromString('10%') } },
      template: podTemplate(c, pod),
    },
  });
}

export function serviceAccount(chart: LayerChart, c: Component, name = objectName(c)): string {
  new k8s.KubeServiceAccount(chart, `${name}-sa`, {
    metadata: { name, namespace: c.namespace, labels: c.labels },
    automountServiceAccountToken: false,
  });
  return name;
}

/** A ClusterRole + binding for cluster-scoped reads. */
export function clusterRole(chart: LayerChart, c: Component, name: string, sa: string, rules: k8s.PolicyRule[]): void {
  new k8s.KubeClusterRole(chart, `${name}-clusterrole`, { metadata: { name, labels: c.labels }, rules });
  new k8s.KubeClusterRoleBinding(chart, `${name}-clusterrolebinding`, {
    metadata: { name, labels: c.labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace: c.namespace }],
  });
}

/** A Role + binding in one namespace (possibly another than monitoring-core). */
export function role(chart: LayerChart, c: Component, name: string, namespace: string, sa: string, rules: k8s.PolicyRule[]): void {
  new k8s.KubeRole(chart, `${namespace}-${name}-role`, { metadata: { name, namespace, labels: c.labels }, rules });
  new k8s.KubeRoleBinding(chart, `${namespace}-${name}-rolebinding`, {
    metadata: { name, namespace, labels: c.labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace: c.namespace }],
  });
}

export function service(chart: LayerChart, c: Component, ports: k8s.ServicePort[], opts: { name?: string; headless?: boolean; selector?: Record<string, string>; publishNotReady?: boolean } = {}): string {
  const name = opts.name ?? objectName(c);
  new k8s.KubeService(chart, `${name}-svc`, {
    metadata: { name, namespace: c.namespace, labels: c.labels },
    spec: {
      selector: opts.selector ?? c.selector,
      ports,
      ...(opts.headless ? { clusterIp: 'None' } : {}),
      ...(opts.publishNotReady ? { publishNotReadyAddresses: true } : {}),
    },
  });
  return name;
}

export const tcp = (name: string, p: number, target: string | number = p): k8s.ServicePort => ({
  name, port: p, protocol: 'TCP', targetPort: typeof target === 'number' ? port(target) : portName(target),
});

/** The in-cluster DNS name of a Service of monitoring-core. */
export const svcHost = (c: { namespace: string }, name: string) => `${name}.${c.namespace}.svc.cluster.local`;

/** A ServiceMonitor for one of our own components, carrying the contract's selector label. */
export function selfMonitor(chart: LayerChart, c: Component, endpoints: ServiceMonitorSpecEndpoints[], opts: { name?: string; selector?: Record<string, string> } = {}): void {
  const name = opts.name ?? objectName(c);
  new ServiceMonitor(chart, `${name}-servicemonitor`, {
    metadata: { name, namespace: c.namespace, labels: { ...c.labels, ...MONITORING_SELECTOR_LABELS } },
    spec: {
      selector: { matchLabels: opts.selector ?? c.selector },
      namespaceSelector: { matchNames: [c.namespace] },
      endpoints,
    },
  });
}

/**
 * Core Kubernetes types (already checked against k8s.*) handed to a CRD
 * binding whose generated types are structurally the same but nominally
 * different (enums, quantity classes).
 */
export const asCr = <T>(value: unknown): T => value as T;
