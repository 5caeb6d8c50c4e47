// Placement: a pool name becomes node affinity + tolerations + one replica per
// node (required hostname anti-affinity) + spread over racks/zones + a PDB
// that keeps a majority. Every workload of both namespaces is placed here.
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { poolLabelKey, POOL_LABEL_VALUE, RACK_LABEL, ZONE_LABEL, type PoolName } from '../environment/node-pools';

export interface Placement {
  pool: PoolName;
  replicas: number;
  affinity: k8s.Affinity;
  tolerations: k8s.Toleration[];
  topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
}

export interface PlacementOptions {
  /** Override the replica count (default: one per node of the pool). */
  replicas?: number;
  /** Exactly one replica, whatever the pool size. */
  singleton?: boolean;
}

/** Tolerations for a pool's dedicated taint (present on never-merge pools in production-like environments). */
export const poolTolerations = (pools: PoolName[]): k8s.Toleration[] =>
  pools.map((p) => ({ key: poolLabelKey(p), operator: 'Equal', value: POOL_LABEL_VALUE, effect: 'NoSchedule' }));

/** Required node affinity to a pool's label (the pool's nodes, whatever else they host). */
export const poolNodeAffinity = (pool: PoolName): k8s.NodeAffinity => ({
  requiredDuringSchedulingIgnoredDuringExecution: {
    nodeSelectorTerms: [{ matchExpressions: [{ key: poolLabelKey(pool), operator: 'In', values: [POOL_LABEL_VALUE] }] }],
  },
});

export function placement(env: Environment, pool: PoolName, selector: Record<string, string>, opts: PlacementOptions = {}): Placement {
  const nodes = env.topology.nodesOf(pool);
  if (nodes.length === 0) throw new Error(`${env.file}: pool ${pool} has no nodes in environment ${env.name}`);
  const replicas = opts.singleton ? 1 : (opts.replicas ?? nodes.length);
  const labelSelector = { matchLabels: selector };
  const spread = ([ZONE_LABEL, RACK_LABEL] as const)
    .filter((key) => new Set(nodes.map((n) => n.labels[key]).filter(Boolean)).size > 1)
    .map((topologyKey): k8s.TopologySpreadConstraint => ({ maxSkew: 1, topologyKey, whenUnsatisfiable: 'DoNotSchedule', labelSelector }));
  return {
    pool,
    replicas,
    affinity: {
      nodeAffinity: poolNodeAffinity(pool),
      // One replica per node: losing a node costs each workload at most one replica.
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector }],
      },
    },
    tolerations: poolTolerations([pool]),
    ...(spread.length > 0 && replicas > 1 ? { topologySpreadConstraints: spread } : {}),
  };
}

/**
 * Rolling updates must not surge: with one replica per node and every node
 * taken, a surge pod has nowhere to go and the rollout would hang.
 */
export const ONE_PER_NODE_STRATEGY: k8s.DeploymentStrategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromNumber(0), maxUnavailable: k8s.IntOrString.fromNumber(1) } };

/** The smallest majority of n. */
export const majority = (n: number): number => Math.floor(n / 2) + 1;

/**
 * A PodDisruptionBudget that keeps a majority available (a pair keeps one).
 * None for a single replica: it could never be drained otherwise.
 */
export function podDisruptionBudget(
  scope: Construct,
  props: { name: string; namespace: string; labels: Record<string, string>; selector: Record<string, string>; replicas: number },
): ApiObject | undefined {
  if (props.replicas < 2) return undefined;
  const budget: Pick<k8s.PodDisruptionBudgetSpec, 'minAvailable' | 'maxUnavailable'> = props.replicas === 2
    ? { maxUnavailable: k8s.IntOrString.fromNumber(1) }
    : { minAvailable: k8s.IntOrString.fromNumber(majority(props.replicas)) };
  return new k8s.KubePodDisruptionBudget(scope, `${props.name}-pdb`, {
    metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
    spec: { ...budget, selector: { matchLabels: props.selector } },
  });
}
