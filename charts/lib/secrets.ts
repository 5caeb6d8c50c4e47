// Secrets are referenced, never rendered with values: every reference is
// recorded here with where its values come from. By default from Vault: the
// cluster-services layer declares an ExternalSecret for it
// (charts/cluster-services/external-secrets.ts). Two exceptions, each marked
// with its reason: bootstrap Secrets, created by hand because they are needed
// before Vault or the sync tool can run (dist/<env>/README.md gives the
// command for each), and Secrets an operator generates when they are absent.
import { Node, type IConstruct } from 'constructs';

export interface SecretRequirement {
  namespace: string;
  name: string;
  keys: string[];
  /** What it is for and where its values come from. */
  purpose: string;
  /** Created by hand before the first sync, never from Vault: why it cannot wait for Vault. */
  bootstrap?: string;
  /** Created by an operator when absent, never from Vault nor by hand: which operator, and the upstream source that says so. */
  generatedBy?: string;
  /** Operator-generated only: why a copy of it belongs in Vault (the README gives the command). */
  copyToVault?: string;
  /** Secret type where the consumer checks it (kubernetes.io/tls, kubernetes.io/dockerconfigjson); Opaque otherwise. */
  type?: string;
  /** Bootstrap only: the commands that create it, where a plain `kubectl create secret generic` is not enough (labels, known non-secret values). */
  commands?: string[];
}

/** Where a Secret's values come from. */
export type SecretOrigin = 'vault' | 'bootstrap' | 'operator';

export const originOf = (s: SecretRequirement): SecretOrigin => (s.bootstrap ? 'bootstrap' : s.generatedBy ? 'operator' : 'vault');

const registry = new WeakMap<IConstruct, Map<string, SecretRequirement>>();

/** Records that the cluster must hold this Secret; returns its name. Repeated calls merge keys; they must agree on the origin and type. */
export function requireSecret(scope: IConstruct, req: SecretRequirement): string {
  const root = Node.of(scope).root;
  const all = registry.get(root) ?? new Map<string, SecretRequirement>();
  registry.set(root, all);
  const id = `${req.namespace}/${req.name}`;
  const prior = all.get(id);
  if (prior && (originOf(prior) !== originOf(req) || (prior.type ?? 'Opaque') !== (req.type ?? 'Opaque'))) {
    throw new Error(`Secret ${id} is required twice with different origins or types (${originOf(prior)} ${prior.type ?? 'Opaque'}, ${originOf(req)} ${req.type ?? 'Opaque'}): one Secret has one source`);
  }
  all.set(id, prior ? { ...prior, keys: [...new Set([...prior.keys, ...req.keys])].sort() } : { ...req, keys: [...req.keys].sort() });
  return req.name;
}

/** An env var source that reads one key of a required Secret. */
export function secretKeyRef(scope: IConstruct, req: SecretRequirement, key: string) {
  requireSecret(scope, { ...req, keys: [key] });
  return { secretKeyRef: { name: req.name, key } };
}

export function requiredSecrets(scope: IConstruct): SecretRequirement[] {
  return [...(registry.get(Node.of(scope).root)?.values() ?? [])].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}
