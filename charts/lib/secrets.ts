// Secrets are referenced, never rendered: every reference is recorded here so
// that dist/<env>/README.md lists what the cluster must hold before sync.
import { Node, type IConstruct } from 'constructs';

export interface SecretRequirement {
  namespace: string;
  name: string;
  keys: string[];
  /** What it is for and where its values come from. */
  purpose: string;
}

const registry = new WeakMap<IConstruct, Map<string, SecretRequirement>>();

/** Records that the cluster must hold this Secret; returns its name. Repeated calls merge keys. */
export function requireSecret(scope: IConstruct, req: SecretRequirement): string {
  const root = Node.of(scope).root;
  const all = registry.get(root) ?? new Map<string, SecretRequirement>();
  registry.set(root, all);
  const id = `${req.namespace}/${req.name}`;
  const prior = all.get(id);
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
