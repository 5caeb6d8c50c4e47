// K3S registries.yaml (docs.k3s.io/installation/private-registry) on every
// node when the environment has a registry mirror: every upstream registry is
// mirrored to it, with the repository rewritten to <path>/<registry>/<repo> so
// one mirror holds them all, and the "*" entry sends any other registry there
// too. Images an operator creates at run time (Strimzi's Kafka, Percona's
// sidecars) are therefore pulled from the mirror even though we never see
// them. Images we render already name the mirror (mirrorImage).
import type { Environment } from '../environment/environment';
import { toYaml } from '../lib/yaml';
import { NODE_CA_FILE } from './node-trust';

export const REGISTRIES_FILE = '/etc/rancher/k3s/registries.yaml';

/** Registries our images and the upstream bundles come from. */
export const UPSTREAM_REGISTRIES = ['docker.io', 'quay.io', 'ghcr.io', 'registry.k8s.io'] as const;

export function registriesYaml(env: Environment): string | undefined {
  const registry = env.mirrors.registry;
  if (!registry) return undefined;
  const slash = registry.indexOf('/');
  const host = slash < 0 ? registry : registry.slice(0, slash);
  const prefix = slash < 0 ? '' : `${registry.slice(slash + 1)}/`;
  const mirror = (upstream: string) => ({
    endpoint: [`https://${host}`],
    // containerd asks the mirror for <prefix><upstream>/<repository>.
    rewrite: { '^(.*)$': `${prefix}${upstream}/$1` },
  });
  return toYaml({
    mirrors: {
      ...Object.fromEntries(UPSTREAM_REGISTRIES.map((r) => [r, mirror(r)])),
      // Any registry not listed: K3S' wildcard entry (no rewrite: the name is unknown).
      '*': { endpoint: [`https://${host}`] },
    },
    ...(env.trust.caBundle ? { configs: { [host]: { tls: { ca_file: NODE_CA_FILE } } } } : {}),
  });
}
