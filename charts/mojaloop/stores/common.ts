// What every store shares: how many members, where they go (the same
// placement helper as the services: required node affinity to the pool,
// one member per node, spread over racks/zones), and the restricted security
// context the operators' pods must carry in a "restricted" namespace.
import type { k8s } from 'cdk8s-plus-27';
import type { IConstruct } from 'constructs';
import type { Environment } from '../../environment/environment';
import type { PoolName } from '../../environment/node-pools';
import { wrapped } from '../../lib/crd';
import { placement } from '../../lib/placement';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../lib/security';
import { requireSecret } from '../../lib/secrets';
import type { StoreEntry } from '../catalog';
import { appUsersSecret, systemUsersSecret } from '../endpoints';
import { SIDECARS } from '../sizing';

/** Members of a quorum store: three (seeds/002: 3-node group replication, 3-member replica sets, 3 brokers), fewer only where the pool has fewer nodes (dev). */
export const QUORUM_MEMBERS = 3;
export const membersOf = (env: Environment, pool: PoolName): number => Math.min(QUORUM_MEMBERS, env.topology.nodesOf(pool).length);

/** Placement of a store's members, selecting its pods by the labels its operator puts on them. */
export function storePlacement(env: Environment, pool: PoolName, podLabels: Record<string, string>, members: number) {
  const p = placement(env, pool, podLabels, { replicas: members });
  return { affinity: p.affinity, tolerations: p.tolerations, topologySpreadConstraints: p.topologySpreadConstraints };
}

/**
 * The two Secrets of a Percona store, recorded for the README: the application
 * users' passwords (one key per user; the operator creates the users) and the
 * operator's system users, of which the exporter reads `systemKeys`.
 */
export function perconaSecrets(scope: IConstruct, env: Environment, store: StoreEntry, systemKeys: string[]) {
  const users = appUsersSecret(env, store.name);
  const system = systemUsersSecret(env, store.name);
  requireSecret(scope, { ...users, keys: (store.databases ?? []).map((d) => d.user) });
  requireSecret(scope, { ...system, keys: systemKeys });
  return { users, system };
}

/** Pod security for operator-managed pods: the same "restricted" profile as every pod of ours, as the image's numeric user. */
export const storePodSecurity = (uid: number) => restrictedPodSecurityContext(uid);

/**
 * Container security for the operators' database containers: "restricted", but
 * the root filesystem left as the operator has it (the databases and their
 * init scripts write sockets and temporary files there).
 */
export function storeContainerSecurity(): k8s.SecurityContext {
  const { readOnlyRootFilesystem: _writable, ...rest } = restrictedContainerSecurityContext();
  return rest;
}

/** Requests and limits as the CR bindings type them (quantities wrapped). */
export const wrapResources = (r: { requests: Record<string, string>; limits: Record<string, string> }) => ({
  requests: Object.fromEntries(Object.entries(r.requests).map(([k, v]) => [k, wrapped(v)])),
  limits: Object.fromEntries(Object.entries(r.limits).map(([k, v]) => [k, wrapped(v)])),
});
/** The same, from a size with explicit limits. */
export const crResources = (r: { cpu: string; memory: string; cpuLimit: string; memoryLimit: string }) =>
  ({ requests: { cpu: wrapped(r.cpu), memory: wrapped(r.memory) }, limits: { cpu: wrapped(r.cpuLimit), memory: wrapped(r.memoryLimit) } });

/**
 * A Prometheus exporter beside a database (the Percona operators integrate only
 * PMM): the port named `metrics` that the PodMonitors scrape, restricted with a
 * read-only root, and TCP probes (an HTTP probe of /metrics would query the
 * database and restart the exporter whenever the database is slow).
 */
export function exporterSidecar(p: { name: string; image: string; port: number; args: string[]; env: unknown[] }) {
  const probe = (periodSeconds: number, failureThreshold: number) => ({ tcpSocket: { port: wrapped('metrics') }, periodSeconds, timeoutSeconds: 5, failureThreshold });
  return {
    name: p.name,
    image: p.image,
    args: p.args,
    env: p.env as never,
    ports: [{ name: 'metrics', containerPort: p.port, protocol: 'TCP' }],
    resources: crResources(SIDECARS.exporter),
    readinessProbe: probe(10, 3),
    livenessProbe: probe(20, 6),
    securityContext: plain(restrictedContainerSecurityContext()),
  };
}

/** A plain copy (the operator bindings type these fields with their own, structurally equal, interfaces). */
export const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export type Affinity = k8s.Affinity;
