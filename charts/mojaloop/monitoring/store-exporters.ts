// Where the stores' exporters run, as data: the pods each operator creates for a
// custom resource (their labels), the named port the exporter listens on, and
// what the CR must say for the exporter to exist. The PodMonitors are built from
// this table and a test checks each entry against the rendered store CRs.
// Expected of the store CRs (charts/mojaloop stores):
// - Strimzi Kafka: spec.kafka.metricsConfig set (broker metrics on port
//   tcp-prometheus, 9404) and spec.kafkaExporter set (its own Deployment, same port).
// - Percona XtraDB Cluster: a mysqld-exporter sidecar in spec.pxc.sidecars with a
//   port named "metrics" (prom/mysqld-exporter, 9104).
// - Percona Server for MongoDB: a mongodb-exporter sidecar in each
//   spec.replsets[].sidecars with a port named "metrics" (percona/mongodb_exporter, 9216).
// - OT redis-operator: spec.redisExporter.enabled (sidecar port "redis-exporter", 9121).
import type { StoreKind } from '../catalog';

export interface LabelSelector { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }> }

export interface ExporterTarget {
  /** Suffix of the PodMonitor name (after the store's name). */
  suffix: string;
  /** Kinds of the operator CR whose pods carry the exporter (any served version). */
  crKinds: readonly string[];
  /** Labels the operator puts on those pods, for a CR named `cr`. */
  podLabels: (cr: string) => Record<string, string>;
  /** The PodMonitor's selector for CR `cr` (matches podLabels). */
  selector: (cr: string) => LabelSelector;
  port: string;
  path: string;
  /** Whether a rendered CR turns this exporter on (with the port named `port`). */
  enabledIn: (spec: any) => boolean;
}

const hasPort = (containers: any[] | undefined, port: string) => (containers ?? []).some((c) => (c.ports ?? []).some((p: any) => p.name === port));

export const STORE_EXPORTERS: Readonly<Record<StoreKind, readonly ExporterTarget[]>> = {
  kafka: [
    {
      suffix: 'kafka',
      crKinds: ['Kafka'],
      // Strimzi labels every broker/controller pod of the cluster (node pools included) with these.
      // A representative broker of a node pool (pods are "<cr>-<pool>-<id>").
      podLabels: (cr) => ({ 'strimzi.io/cluster': cr, 'strimzi.io/kind': 'Kafka', 'strimzi.io/pool-name': 'brokers', 'strimzi.io/broker-role': 'true' }),
      // Every Kafka pod of the cluster (brokers and KRaft controllers) except the kafka-exporter,
      // which has its own PodMonitor; pods without the port (entity operator) yield no target.
      selector: (cr) => ({
        matchLabels: { 'strimzi.io/cluster': cr, 'strimzi.io/kind': 'Kafka' },
        matchExpressions: [{ key: 'strimzi.io/name', operator: 'NotIn', values: [`${cr}-kafka-exporter`] }],
      }),
      port: 'tcp-prometheus',
      path: '/metrics',
      enabledIn: (spec) => Boolean(spec?.kafka?.metricsConfig),
    },
    {
      suffix: 'kafka-exporter',
      crKinds: ['Kafka'],
      podLabels: (cr) => ({ 'strimzi.io/cluster': cr, 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': `${cr}-kafka-exporter` }),
      selector: (cr) => ({ matchLabels: { 'strimzi.io/cluster': cr, 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': `${cr}-kafka-exporter` } }),
      port: 'tcp-prometheus',
      path: '/metrics',
      enabledIn: (spec) => Boolean(spec?.kafkaExporter),
    },
  ],
  mysql: [{
    suffix: 'mysqld',
    crKinds: ['PerconaXtraDBCluster'],
    podLabels: (cr) => ({ 'app.kubernetes.io/instance': cr, 'app.kubernetes.io/component': 'pxc', 'app.kubernetes.io/name': 'percona-xtradb-cluster' }),
    selector: (cr) => ({ matchLabels: { 'app.kubernetes.io/instance': cr, 'app.kubernetes.io/component': 'pxc' } }),
    port: 'metrics',
    path: '/metrics',
    enabledIn: (spec) => hasPort(spec?.pxc?.sidecars, 'metrics'),
  }],
  mongodb: [{
    suffix: 'mongodb',
    crKinds: ['PerconaServerMongoDB'],
    podLabels: (cr) => ({ 'app.kubernetes.io/instance': cr, 'app.kubernetes.io/component': 'mongod', 'app.kubernetes.io/name': 'percona-server-mongodb' }),
    selector: (cr) => ({ matchLabels: { 'app.kubernetes.io/instance': cr, 'app.kubernetes.io/component': 'mongod' } }),
    port: 'metrics',
    path: '/metrics',
    enabledIn: (spec) => (spec?.replsets ?? []).length > 0 && spec.replsets.every((r: any) => hasPort(r.sidecars, 'metrics')),
  }],
  redis: [{
    suffix: 'redis',
    crKinds: ['RedisCluster', 'RedisReplication'],
    // RedisCluster pods are "<cr>-leader"/"<cr>-follower", RedisReplication pods "<cr>".
    podLabels: (cr) => ({ app: `${cr}-leader` }),
    selector: (cr) => ({ matchExpressions: [{ key: 'app', operator: 'In', values: [cr, `${cr}-leader`, `${cr}-follower`] }] }),
    port: 'redis-exporter',
    path: '/metrics',
    enabledIn: (spec) => spec?.redisExporter?.enabled === true,
  }],
};

/** Does a label selector match a set of labels? (Kubernetes semantics.) */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  if (!sel.matchLabels && !sel.matchExpressions) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = k(e.key, l);
    if (e.operator === 'In' && !(has && e.values!.includes(l[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values!.includes(l[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
const k = (key: string, l: Record<string, string>) => Object.prototype.hasOwnProperty.call(l, key);
