// Kafka through Strimzi in KRaft mode (seeds/002's ZooKeeper ensemble is today's
// KRaft controller quorum): a controller node pool on KAFKA-CONTROL-PLANE, a
// broker node pool on KAFKA-DATA-PLANE, replication factor 3 and min in-sync
// replicas 2 (seeds/002; Mojaloop's IaC), kafka-exporter for consumer lag, JMX
// metrics through the Prometheus exporter, and the topics the services use.
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
// The real binding classes, not `import type`: their toJson renames fields
// (jvmOptions.xms -> -Xms), which a plain object would get wrong.
import {
  Kafka, type KafkaProps, type KafkaSpecKafkaListenersType, type KafkaSpecKafkaMetricsConfigType,
} from '../../../imports/strimzi-kafka-kafka.strimzi.io';
import {
  KafkaNodePool, type KafkaNodePoolProps, type KafkaNodePoolSpecRoles, type KafkaNodePoolSpecStorageType, type KafkaNodePoolSpecStorageVolumesType,
  type KafkaNodePoolSpecStorageVolumesKraftMetadata,
} from '../../../imports/strimzi-kafkanodepool-kafka.strimzi.io';
import { KafkaTopic, type KafkaTopicProps } from '../../../imports/strimzi-kafkatopic-kafka.strimzi.io';
import { wrapped } from '../../lib/crd';
import type { Environment } from '../../environment/environment';
import { RACK_LABEL, ZONE_LABEL, type PoolName } from '../../environment/node-pools';
import { standardLabels } from '../../lib/labels';
import { protectFromPrune } from '../../lib/prune';
import { STORE_IMAGES, enabledTopics, type StoreEntry } from '../catalog';
import { KAFKA_PORT, objectName } from '../endpoints';
import { heapOf, storeMemberSize } from '../sizing';
import { storageClassName, volumeSize } from '../storage';
import { membersOf, plain, storeContainerSecurity, storePlacement, storePodSecurity } from './common';
import { JMX_EXPORTER_RULES } from './kafka-metrics';

/** `kafka` in the Strimzi images. */
const KAFKA_UID = 1001;
export const METRICS_CONFIG_KEY = 'kafka-metrics-config.yml';

/** Replication: three copies where there are three brokers, and writes acknowledged by two. */
export function replication(brokers: number): { factor: number; minInSync: number } {
  const factor = Math.min(3, brokers);
  return { factor, minInSync: factor >= 3 ? 2 : 1 };
}

/**
 * The node label Strimzi reads as broker.rack (so that a partition's replicas
 * land in different failure domains): the widest domain the brokers' nodes
 * span, zone before rack. It must be a label the nodes really carry: Strimzi's
 * init container fails the broker when its node lacks it.
 */
export function brokerRackLabel(env: Environment, pool: PoolName): string | undefined {
  const nodes = env.topology.nodesOf(pool);
  const spans = (key: string) => new Set(nodes.map((n) => n.labels[key]).filter(Boolean)).size > 1;
  return [ZONE_LABEL, RACK_LABEL].find(spans);
}

const podTemplate = (env: Environment, pool: PoolName, selector: Record<string, string>, replicas: number) => {
  const p = storePlacement(env, pool, selector, replicas);
  return {
    affinity: plain(p.affinity) as never,
    tolerations: plain(p.tolerations) as never,
    ...(p.topologySpreadConstraints ? { topologySpreadConstraints: plain(p.topologySpreadConstraints) as never } : {}),
    securityContext: plain(storePodSecurity(KAFKA_UID)) as never,
  };
};
const container = () => ({ securityContext: plain(storeContainerSecurity()) as never });

export function kafkaStore(scope: Construct, env: Environment, store: StoreEntry): void {
  const name = objectName(env, store.name);
  const namespace = env.namespaces.mojaloop.name;
  const labels = (component: string) => standardLabels(env, { name: 'kafka', instance: name, component, partOf: 'mojaloop' });
  const controllers = membersOf(env, store.controllersPool!);
  const brokers = membersOf(env, store.pool);
  const rf = replication(brokers);
  const metricsConfigMap = `${name}-metrics`;
  const rackKey = brokerRackLabel(env, store.pool);

  new k8s.KubeConfigMap(scope, `${store.name}-metrics`, {
    metadata: { name: metricsConfigMap, namespace, labels: labels('metrics') },
    data: { [METRICS_CONFIG_KEY]: JMX_EXPORTER_RULES },
  });

  const nodePool = (poolName: 'controllers' | 'brokers', role: KafkaNodePoolSpecRoles, pool: PoolName, replicas: number, share: number) => {
    const size = storeMemberSize(env, pool, share, 'large');
    const poolObject = objectName(env, poolName);
    const pool_: KafkaNodePoolProps & { metadata: { name: string } } = {
      metadata: { name: poolObject, namespace, labels: { ...labels(poolName), 'strimzi.io/cluster': name } },
      spec: {
        replicas,
        roles: [role],
        storage: {
          type: 'jbod' as KafkaNodePoolSpecStorageType,
          volumes: [{
            id: 0,
            type: 'persistent-claim' as KafkaNodePoolSpecStorageVolumesType,
            size: volumeSize(env, role === ('controller' as KafkaNodePoolSpecRoles) ? '20Gi' : store.volume),
            class: storageClassName(pool),
            // Never delete a member's data with its pod or the pool.
            deleteClaim: false,
            kraftMetadata: 'shared' as KafkaNodePoolSpecStorageVolumesKraftMetadata,
          }],
        },
        resources: {
          requests: { cpu: wrapped(size.cpu), memory: wrapped(size.memory) },
          limits: { cpu: wrapped(size.cpuLimit), memory: wrapped(size.memoryLimit) },
        },
        jvmOptions: { xms: heapOf(size.memory), xmx: heapOf(size.memory) },
        template: {
          pod: podTemplate(env, pool, { 'strimzi.io/cluster': name, 'strimzi.io/pool-name': poolObject }, replicas),
          kafkaContainer: container(),
          initContainer: container(),
        },
      },
    };
    protectFromPrune(new KafkaNodePool(scope, `${store.name}-${poolName}`, pool_));
  };
  nodePool('controllers', ('controller' as KafkaNodePoolSpecRoles), store.controllersPool!, controllers, 0.5);
  nodePool('brokers', ('broker' as KafkaNodePoolSpecRoles), store.pool, brokers, 1);

  // The entity operator and kafka-exporter are single Deployments: they sit with the controllers.
  const single = (component: string) => podTemplate(env, store.controllersPool!, { 'strimzi.io/name': `${name}-${component}` }, 1);
  const cluster: KafkaProps & { metadata: { name: string } } = {
    metadata: { name, namespace, labels: labels('broker') },
    spec: {
      kafka: {
        version: STORE_IMAGES.kafkaVersion,
        listeners: [
          { name: 'plain', port: KAFKA_PORT, type: 'internal' as KafkaSpecKafkaListenersType, tls: false },
          { name: 'tls', port: 9093, type: 'internal' as KafkaSpecKafkaListenersType, tls: true },
        ],
        config: {
          'default.replication.factor': rf.factor,
          'min.insync.replicas': rf.minInSync,
          'offsets.topic.replication.factor': rf.factor,
          'transaction.state.log.replication.factor': rf.factor,
          'transaction.state.log.min.isr': rf.minInSync,
          // An unclean leader would lose acknowledged transfers.
          'unclean.leader.election.enable': false,
        },
        ...(rackKey ? { rack: { topologyKey: rackKey } } : {}),
        metricsConfig: {
          type: 'jmxPrometheusExporter' as KafkaSpecKafkaMetricsConfigType,
          valueFrom: { configMapKeyRef: { name: metricsConfigMap, key: METRICS_CONFIG_KEY } },
        },
        template: {
          // Strimzi makes one budget for all the cluster's pods. One node at a time: where
          // controllers and brokers share nodes (a combined pool), a node carries one of
          // each, so its drain takes two, one per role; anti-affinity keeps the controller
          // quorum and min ISR 2 intact either way. With 1 here, that drain never ends
          // (the first evicted pod waits for its node's local volume; e2e's drill showed it).
          podDisruptionBudget: { maxUnavailable: kafkaPodsPerNode(env) },
        },
      },
      entityOperator: {
        topicOperator: {
          resources: {
            requests: { cpu: wrapped('100m'), memory: wrapped('256Mi') },
            limits: { cpu: wrapped('500m'), memory: wrapped('256Mi') },
          },
        },
        template: { pod: single('entity-operator'), topicOperatorContainer: container() },
      },
      kafkaExporter: {
        // Mojaloop consumer groups (cl-group-*, ml-group-*, group-quotes-* ...) and every topic.
        groupRegex: '.*',
        topicRegex: '.*',
        resources: {
          requests: { cpu: wrapped('50m'), memory: wrapped('64Mi') },
          limits: { cpu: wrapped('500m'), memory: wrapped('128Mi') },
        },
        template: { pod: single('kafka-exporter'), container: container() },
      },
    },
  };
  protectFromPrune(new Kafka(scope, `${store.name}-cluster`, cluster));

  for (const topic of enabledTopics(env.features)) {
    const props: KafkaTopicProps & { metadata: { name: string } } = {
      metadata: { name: objectName(env, topic.name), namespace, labels: { ...labels('topic'), 'strimzi.io/cluster': name } },
      spec: {
        topicName: topic.name,
        partitions: topic.partitions,
        replicas: rf.factor,
        config: { 'min.insync.replicas': rf.minInSync, 'retention.ms': 7 * 24 * 3600 * 1000 },
      },
    };
    // Deleting a KafkaTopic makes the topic operator delete the topic and its messages.
    protectFromPrune(new KafkaTopic(scope, `topic-${topic.name}`, props));
  }
}

/** Kafka pods one node carries: two where the controller and broker pools share nodes. */
function kafkaPodsPerNode(env: Environment): number {
  const controllers = env.topology.groupOf('KAFKA-CONTROL-PLANE');
  return controllers && controllers === env.topology.groupOf('KAFKA-DATA-PLANE') ? 2 : 1;
}
