// Checks beyond the schema: the rules a reviewer would otherwise have to
// check by eye. Each returns the field path to blame and what was expected.
import { NEVER_MERGE, NEVER_MERGE_WHEN, QUORUM_POOLS, isPoolName, type PoolName } from './node-pools';
import { enabledServices, enabledStores, poolsNeeded, SERVICES, type Feature } from '../mojaloop/catalog';
import { parseQuantity } from './quantity';
import type { EnvironmentFile } from './schema';
import type { Environment } from './environment';
import type { FieldPath } from './errors';
import { KAIROS_RELEASES } from './sections/kairos';
import { monitoringIssues } from './sections/monitoring';
import { apiVipIssues } from './sections/api-vip';
import { mirrorIssues } from './sections/mirrors';
import { participantIssues } from './sections/participants';
import { maintenanceIssues } from './sections/maintenance';
import { testingIssues } from './sections/testing';
import { gatewayIssues } from './sections/gateways';

export interface SemanticIssue { path: FieldPath; message: string }

/** Kubernetes object names that also serve as DNS labels (Services, pod hostnames, label values). */
export const MAX_NAME = 63;

/**
 * Pools every environment needs besides the switch's own: the gateways'
 * data planes run on API-GATEWAY-EXTERNAL (FSPIOP, DFSPs) and
 * API-GATEWAY-INTERNAL (admin APIs), charts/gateway/.
 */
const PLATFORM_POOL_USERS = {
  'K3S-CONTROL-PLANE': 'the K3S servers',
  'K3S-CLUSTER-SVCS': 'cert-manager, Vault and External Secrets (cluster services)',
  MONITORING: 'monitoring-core',
  'API-GATEWAY-EXTERNAL': 'the external FSPIOP gateway',
  'API-GATEWAY-INTERNAL': 'the internal admin gateway',
} as const;
const PLATFORM_POOLS = Object.keys(PLATFORM_POOL_USERS) as PoolName[];

export function semanticIssues(raw: EnvironmentFile, env: Environment): SemanticIssue[] {
  return [
    ...poolGroupIssues(raw, env),
    ...nodeIssues(env),
    ...coverageIssues(env),
    ...quorumIssues(env),
    ...replicaIssues(raw, env),
    ...nameIssues(env),
    ...operatorNameIssues(env),
    ...storeQuorumIssues(env),
    ...sizeIssues(env),
    ...kairosIssues(env),
    ...monitoringIssues(env.monitoring, env.productionLike, env.stage),
    ...apiVipIssues(env.apiVip, env.topology.nodes.filter((n) => n.role === 'server').length),
    ...mirrorIssues(env),
    ...participantIssues(env.participants, env.features),
    ...maintenanceIssues(raw.maintenance),
    ...testingIssues(env),
    ...gatewayIssues(env.gateways),
  ];
}

function poolGroupIssues(raw: EnvironmentFile, env: Environment): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  const seen = new Map<PoolName, string>();
  const neverMerge = new Set<PoolName>([
    ...NEVER_MERGE,
    ...(env.features.bulk ? NEVER_MERGE_WHEN.bulk : []),
    ...(env.features.thirdParty ? NEVER_MERGE_WHEN.thirdParty : []),
  ]);
  for (const [name, group] of Object.entries(raw.pools)) {
    if (!group.combines && !isPoolName(name)) {
      issues.push({ path: ['pools', name], message: `"${name}" is not a pool of the node-pool table; a group of pools needs "combines: [...]"` });
      continue;
    }
    const resolved = env.topology.groups.find((g) => g.name === name)!;
    for (const pool of resolved.pools) {
      const other = seen.get(pool);
      if (other) issues.push({ path: ['pools', name, 'combines'], message: `pool ${pool} is already in group ${other}; a pool lives in exactly one group` });
      else seen.set(pool, name);
      if (env.productionLike && !resolved.dedicated && neverMerge.has(pool)) {
        issues.push({
          path: ['pools', name, 'combines'],
          message: `${pool} must never share nodes with other pools in a ${env.stage} environment; give it a dedicated group`,
        });
      }
    }
  }
  return issues;
}

function nodeIssues(env: Environment): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  const first = new Map<string, string>();
  for (const g of env.topology.groups) {
    g.nodes.forEach((n, i) => {
      const where = first.get(n.name);
      if (where) issues.push({ path: [...g.path, 'nodes', i, 'name'], message: `node "${n.name}" is already listed under ${where}; node names must be unique` });
      else first.set(n.name, `pools.${g.name}`);
    });
  }
  return issues;
}

function coverageIssues(env: Environment): SemanticIssue[] {
  const needed = new Set<PoolName>([...PLATFORM_POOLS, ...poolsNeeded(env.features)]);
  const users = (pool: PoolName) => [
    ...enabledServices(env.features).filter((s) => s.pool === pool),
    ...enabledStores(env.features).filter((s) => s.pool === pool || s.controllersPool === pool),
  ];
  return [...needed].filter((p) => !env.topology.groupOf(p)).map((pool) => {
    const workloads = users(pool);
    const names = workloads.map((w) => w.name).join(', ');
    // Needed only by an optional feature's workloads: blame the feature switch that asks for them.
    const features = [...new Set(workloads.map((w) => w.feature))];
    if (features.length === 1 && features[0] !== 'core') {
      const feature = features[0] as Exclude<Feature, 'core'>;
      return {
        path: ['features', feature],
        message: `${feature} is on, but no group holds pool ${pool}, needed by ${names}; add the pool (dedicated or to a group's "combines") or turn ${feature} off`,
      };
    }
    return {
      path: ['pools'],
      message: `no group holds pool ${pool}, needed by ${names || PLATFORM_POOL_USERS[pool as keyof typeof PLATFORM_POOL_USERS]}; add it dedicated or to a group's "combines"`,
    };
  });
}

/** Production-like: every group odd and >= 3 (grown in steps of two). test: the quorum pools. */
function quorumIssues(env: Environment): SemanticIssue[] {
  if (env.stage === 'dev') return [];
  const issues: SemanticIssue[] = [];
  for (const g of env.topology.groups) {
    const holdsQuorum = g.pools.some((p) => QUORUM_POOLS.includes(p));
    if (!env.productionLike && !holdsQuorum) continue;
    const n = g.nodes.length;
    if (n < 3 || n % 2 === 0) {
      const why = env.productionLike ? `a ${env.stage} environment` : `pools holding a quorum (${g.pools.filter((p) => QUORUM_POOLS.includes(p)).join(', ')})`;
      issues.push({ path: [...g.path, 'nodes'], message: `${n} node(s): ${why} needs an odd number of nodes >= 3, so that a majority survives the loss of one` });
    }
  }
  const am = env.monitoring.alertmanager.replicas;
  if (env.productionLike && (am < 3 || am % 2 === 0)) {
    issues.push({ path: ['monitoring', 'alertmanager', 'replicas'], message: `${am}: expected an odd number >= 3 in a ${env.stage} environment` });
  }
  return issues;
}

/** One replica per node (required hostname anti-affinity): more replicas than nodes cannot be placed. */
function replicaIssues(raw: EnvironmentFile, env: Environment): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  for (const [name, replicas] of Object.entries(raw.mojaloop?.replicas ?? {})) {
    const svc = SERVICES.find((s) => s.name === name)!;
    const nodes = env.topology.nodesOf(svc.pool).length;
    const path = ['mojaloop', 'replicas', name];
    if (svc.singleton && replicas !== 1) issues.push({ path, message: `${replicas}: ${name} is a singleton (${svc.singleton}); expected 1` });
    else if (nodes > 0 && replicas! > nodes) {
      issues.push({ path, message: `${replicas} replicas cannot be placed: pool ${svc.pool} has ${nodes} node(s) and replicas need one node each` });
    }
  }
  const monitoringNodes = env.topology.nodesOf('MONITORING').length;
  const monitoringReplicas: Array<[string, string, number]> = [
    ['prometheus', 'replicas', env.monitoring.prometheus.replicas],
    ['alertmanager', 'replicas', env.monitoring.alertmanager.replicas],
    ...(env.monitoring.loki.mode === 'distributed' ? [['loki', 'ingesters', env.monitoring.loki.ingesters] as [string, string, number]] : []),
  ];
  for (const [component, field, r] of monitoringReplicas) {
    if (monitoringNodes > 0 && r > monitoringNodes) {
      issues.push({ path: ['monitoring', component, field], message: `${r} replicas cannot be placed: the MONITORING pool has ${monitoringNodes} node(s) and replicas need one node each` });
    }
  }
  return issues;
}

/** Names built from environment values must stay valid Kubernetes names. */
function nameIssues(env: Environment): SemanticIssue[] {
  const prefix = env.mojaloop.namePrefix;
  const names = [...enabledServices(env.features), ...enabledStores(env.features)].map((s) => s.name);
  const longest = names.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (prefix.length + longest.length <= MAX_NAME) return [];
  const over = names.filter((n) => prefix.length + n.length > MAX_NAME);
  return [{
    path: ['mojaloop', 'namePrefix'],
    message: `"${prefix}" makes ${over.length} object name(s) longer than ${MAX_NAME} characters (DNS labels), the longest "${prefix}${longest}" at ${prefix.length + longest.length}; expected a prefix of at most ${MAX_NAME - longest.length} characters`,
  }];
}

/**
 * The Percona operators build Service and StatefulSet names from the cluster
 * name and reject names longer than 22 characters.
 */
export const PERCONA_MAX_NAME = 22;

function operatorNameIssues(env: Environment): SemanticIssue[] {
  const prefix = env.mojaloop.namePrefix;
  const percona = enabledStores(env.features).filter((s) => s.kind === 'mysql' || s.kind === 'mongodb');
  const over = percona.filter((s) => prefix.length + s.name.length > PERCONA_MAX_NAME);
  if (over.length === 0) return [];
  const longest = Math.max(...percona.map((s) => s.name.length));
  return [{
    path: ['mojaloop', 'namePrefix'],
    message: `"${prefix}" makes the database cluster name(s) ${over.map((s) => `"${prefix}${s.name}"`).join(', ')} longer than the ${PERCONA_MAX_NAME} characters the Percona operators accept; expected a prefix of at most ${PERCONA_MAX_NAME - longest} characters`,
  }];
}

/**
 * Store members go one per node (required anti-affinity) and must keep a
 * majority after losing one: a store's pool needs 1 node (dev) or an odd
 * number >= 3. Two nodes would give a two-member quorum that no loss survives.
 * Outside dev, quorumIssues already holds these pools to odd sizes >= 3.
 */
function storeQuorumIssues(env: Environment): SemanticIssue[] {
  if (env.stage !== 'dev') return [];
  const issues: SemanticIssue[] = [];
  const seen = new Set<string>();
  for (const store of enabledStores(env.features)) {
    for (const pool of [store.pool, ...(store.controllersPool ? [store.controllersPool] : [])]) {
      const group = env.topology.groupOf(pool);
      if (!group || seen.has(group.name)) continue;
      const n = group.nodes.length;
      const ok = n === 1 || (n >= 3 && n % 2 === 1);
      if (!ok) {
        seen.add(group.name);
        issues.push({
          path: [...group.path, 'nodes'],
          message: `${n} node(s) cannot hold ${store.name} (${store.kind}, one member per node): expected 1 or an odd number >= 3 so that a majority of its members survives the loss of a node`,
        });
      }
    }
  }
  return issues;
}

function sizeIssues(env: Environment): SemanticIssue[] {
  const p = env.monitoring.prometheus;
  const sizeBytes = Number(/^[0-9.]+/.exec(p.retentionSize)![0]) * ({ B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15, EB: 1e18 }[/[A-Z]+$/.exec(p.retentionSize)?.[0] ?? 'B'] ?? 1);
  const volume = parseQuantity(p.storage);
  return sizeBytes > volume * 0.9
    ? [{ path: ['monitoring', 'prometheus', 'retentionSize'], message: `${p.retentionSize} leaves no headroom on a ${p.storage} volume; expected at most 90% of it` }]
    : [];
}

/** The node image must exist, and an HA control plane needs an endpoint that is not one of its servers. */
function kairosIssues(env: Environment): SemanticIssue[] {
  const issues: SemanticIssue[] = [];
  const k = env.kairos;
  const release = KAIROS_RELEASES[k.version];
  if (!release) {
    issues.push({ path: ['kairos', 'version'], message: `"${k.version}" is not a Kairos release this repository knows; expected one of: ${Object.keys(KAIROS_RELEASES).join(', ')} (add new ones to charts/environment/sections/kairos.ts after checking their release notes)` });
  } else if (!release.k3s.includes(k.k3s)) {
    issues.push({ path: ['kairos', 'k3s'], message: `"${k.k3s}" is not shipped by Kairos ${k.version}; expected one of: ${release.k3s.join(', ')}` });
  }
  const servers = env.topology.nodes.filter((n) => n.role === 'server');
  if (servers.length > 1 && !k.apiEndpoint && !env.apiVip) {
    issues.push({ path: ['apiVip'], message: `required with ${servers.length} K3S servers (or kairos.apiEndpoint naming a load balancer you run): nodes join and clients connect through a virtual IP in front of all servers, not through one of them` });
  }
  if (k.apiEndpoint && servers.some((n) => n.name === k.apiEndpoint)) {
    issues.push({ path: ['kairos', 'apiEndpoint'], message: `"${k.apiEndpoint}" is a server node; expected a name or virtual IP in front of all servers` });
  }
  return issues;
}
