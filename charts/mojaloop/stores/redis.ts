// Redis stores through the OT redis-operator, persistence on (seeds/002: "on
// primary and secondaries"), redis-exporter sidecars on. proxy-cache is a
// RedisCluster (the services' PROXY_CACHE/PAYLOAD_CACHE client type is
// "redis-cluster", as in Mojaloop's IaC); auth-svc-redis is a RedisReplication
// (one primary, two replicas) failed over by a three-member RedisSentinel,
// because auth-service speaks to a single Redis host.
import type { Construct } from 'constructs';
import type { RedisClusterProps } from '../../../imports/rediscluster-redis.redis.opstreelabs.in';
import type { RedisReplicationProps } from '../../../imports/redisreplication-redis.redis.opstreelabs.in';
import type { RedisSentinelProps } from '../../../imports/redissentinel-redis.redis.opstreelabs.in';
import type { Environment } from '../../environment/environment';
import { typedCustomResource, wrapped } from '../../lib/crd';
import { standardLabels } from '../../lib/labels';
import { placement } from '../../lib/placement';
import { protectFromPrune } from '../../lib/prune';
import { STORE_IMAGES, type StoreEntry } from '../catalog';
import { REDIS_PORT, objectName } from '../endpoints';
import { SIDECARS, storeResourcesJson } from '../sizing';
import { storageClassName, volumeSize } from '../storage';
import { membersOf, plain, storeContainerSecurity, storePodSecurity } from './common';

const API = 'redis.redis.opstreelabs.in/v1beta2';
/** `redis` in the opstree images. */
const REDIS_UID = 1000;
/** Redis Cluster needs three primaries whatever the pool size. */
const CLUSTER_PRIMARIES = 3;

const wrapResources = (r: { requests: Record<string, string>; limits: Record<string, string> }) => ({
  requests: Object.fromEntries(Object.entries(r.requests).map(([k, v]) => [k, wrapped(v)])),
  limits: Object.fromEntries(Object.entries(r.limits).map(([k, v]) => [k, wrapped(v)])),
});

const exporter = () => ({
  enabled: true,
  image: STORE_IMAGES.redisExporter,
  resources: wrapResources({ requests: { cpu: SIDECARS.redisExporter.cpu, memory: SIDECARS.redisExporter.memory }, limits: { cpu: SIDECARS.redisExporter.cpuLimit, memory: SIDECARS.redisExporter.memoryLimit } }),
  securityContext: { ...plain(storeContainerSecurity()), readOnlyRootFilesystem: true },
});

const volume = (env: Environment, store: StoreEntry) => ({
  volumeClaimTemplate: {
    spec: {
      storageClassName: storageClassName(store.pool),
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: wrapped(volumeSize(env, store.volume)) } },
    },
  },
});

export function redisStore(scope: Construct, env: Environment, store: StoreEntry): void {
  if (store.redisMode === 'cluster') {
    protectFromPrune(typedCustomResource(scope, `redis-${store.name}`, { apiVersion: API, kind: 'RedisCluster' }, redisClusterProps(env, store)));
  } else {
    protectFromPrune(typedCustomResource(scope, `redis-${store.name}`, { apiVersion: API, kind: 'RedisReplication' }, redisReplicationProps(env, store)));
    // Part of the store: without its sentinels the replication loses automatic failover.
    protectFromPrune(typedCustomResource(scope, `redis-${store.name}-sentinel`, { apiVersion: API, kind: 'RedisSentinel' }, redisSentinelProps(env, store)));
  }
}

const metadata = (env: Environment, name: string, component: string) =>
  ({ name, namespace: env.namespaces.mojaloop.name, labels: standardLabels(env, { name: 'redis', instance: name, component, partOf: 'mojaloop' }) });

/**
 * Three primaries and, where the pool has the nodes, one replica each. Primaries
 * avoid each other's nodes, replicas too, and a replica never shares a node with
 * its own primary (same StatefulSet ordinal: matchLabelKeys on the pod index, as
 * Mojaloop's IaC does), so a node loss costs at most one primary and its replica
 * is elsewhere. Single-node dev: primaries only, side by side.
 * With fewer than six nodes that last rule is a preference, not a requirement:
 * six pods on three nodes must form a derangement, and the scheduler places pods
 * one at a time without backtracking, so a required rule can strand a pod
 * Pending for good (e2e showed it: leader-1 left with only its replica's node).
 */
export function redisClusterProps(env: Environment, store: StoreEntry): RedisClusterProps & { metadata: { name: string } } {
  const name = objectName(env, store.name);
  const nodes = membersOf(env, store.pool);
  const spread = nodes >= CLUSTER_PRIMARIES;
  const role = (r: 'leader' | 'follower') => {
    const p = placement(env, store.pool, { app: `${name}-${r}` }, { replicas: CLUSTER_PRIMARIES });
    const ownPrimaryApart = { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { redis_setup_type: 'cluster' } }, matchLabelKeys: ['apps.kubernetes.io/pod-index'] };
    const roomy = nodes >= 2 * CLUSTER_PRIMARIES;
    const antiAffinity = spread
      ? {
        requiredDuringSchedulingIgnoredDuringExecution: [...p.affinity.podAntiAffinity!.requiredDuringSchedulingIgnoredDuringExecution!, ...(roomy ? [ownPrimaryApart] : [])],
        ...(roomy ? {} : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: ownPrimaryApart }] }),
      }
      : undefined;
    return {
      replicas: r === 'follower' && !spread ? 0 : CLUSTER_PRIMARIES,
      affinity: plain({ nodeAffinity: p.affinity.nodeAffinity, ...(antiAffinity ? { podAntiAffinity: antiAffinity } : {}) }) as never,
      tolerations: plain(p.tolerations) as never,
      ...(spread && p.topologySpreadConstraints ? { topologySpreadConstraints: plain(p.topologySpreadConstraints) as never } : {}),
      // One pod of each role at a time: the cluster keeps a majority of primaries.
      pdb: { enabled: spread, maxUnavailable: 1 },
      securityContext: plain(storeContainerSecurity()),
    };
  };
  return {
    metadata: metadata(env, name, 'cache'),
    spec: {
      clusterSize: CLUSTER_PRIMARIES,
      clusterVersion: 'v7',
      persistenceEnabled: true,
      port: REDIS_PORT,
      kubernetesConfig: {
        image: STORE_IMAGES.redis,
        imagePullPolicy: 'IfNotPresent',
        resources: wrapResources(storeResourcesJson(env, store.pool, 0.25, 'micro')),
      },
      podSecurityContext: plain(storePodSecurity(REDIS_UID)),
      redisLeader: role('leader'),
      redisFollower: role('follower'),
      redisExporter: exporter(),
      storage: {
        ...volume(env, store),
        // Each member keeps its nodes.conf (cluster identity) across restarts.
        nodeConfVolume: true,
        nodeConfVolumeClaimTemplate: { spec: { storageClassName: storageClassName(store.pool), accessModes: ['ReadWriteOnce'], resources: { requests: { storage: wrapped('1Gi') } } } },
      },
    },
  };
}

export function redisReplicationProps(env: Environment, store: StoreEntry): RedisReplicationProps & { metadata: { name: string } } {
  const name = objectName(env, store.name);
  const members = membersOf(env, store.pool);
  const p = placement(env, store.pool, { app: name }, { replicas: members });
  return {
    metadata: metadata(env, name, 'cache'),
    spec: {
      clusterSize: members,
      kubernetesConfig: {
        image: STORE_IMAGES.redis,
        imagePullPolicy: 'IfNotPresent',
        resources: wrapResources(storeResourcesJson(env, store.pool, 0.25, 'micro')),
      },
      affinity: plain(p.affinity) as never,
      tolerations: plain(p.tolerations) as never,
      ...(p.topologySpreadConstraints ? { topologySpreadConstraints: plain(p.topologySpreadConstraints) as never } : {}),
      pdb: { enabled: members > 1, maxUnavailable: 1 },
      podSecurityContext: plain(storePodSecurity(REDIS_UID)),
      securityContext: plain(storeContainerSecurity()),
      redisExporter: exporter(),
      // With storage set, the operator runs the opstree image with persistence on (AOF + RDB on the volume).
      storage: volume(env, store),
    },
  };
}

export function redisSentinelProps(env: Environment, store: StoreEntry): RedisSentinelProps & { metadata: { name: string } } {
  const replication = objectName(env, store.name);
  const name = `${replication}-sentinel`;
  const members = membersOf(env, store.pool);
  // The operator names the sentinel StatefulSet <CR name>-sentinel and labels its pods
  // app=<that> (redis-operator v0.26.0 internal/k8sutils/redis-sentinel.go).
  const p = placement(env, store.pool, { app: `${name}-sentinel` }, { replicas: members });
  return {
    metadata: metadata(env, name, 'sentinel'),
    spec: {
      clusterSize: members,
      kubernetesConfig: {
        image: STORE_IMAGES.redisSentinel,
        imagePullPolicy: 'IfNotPresent',
        resources: wrapResources({ requests: { cpu: SIDECARS.sentinel.cpu, memory: SIDECARS.sentinel.memory }, limits: { cpu: SIDECARS.sentinel.cpuLimit, memory: SIDECARS.sentinel.memoryLimit } }),
      },
      affinity: plain(p.affinity) as never,
      tolerations: plain(p.tolerations) as never,
      pdb: { enabled: members > 1, maxUnavailable: 1 },
      podSecurityContext: plain(storePodSecurity(REDIS_UID)),
      securityContext: plain(storeContainerSecurity()),
      redisSentinelConfig: {
        redisReplicationName: replication,
        // A majority of the sentinels must agree before a failover.
        quorum: String(Math.floor(members / 2) + 1),
        downAfterMilliseconds: '5000',
        failoverTimeout: '60000',
      },
    },
  };
}
