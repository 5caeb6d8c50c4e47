// Upstream sources as an air-gapped environment reaches them: git URLs under
// mirrors.sources, Helm OCI repositories and bundle images under
// mirrors.registry. Without mirrors everything is as upstream publishes it.
import type { Environment } from '../environment/environment';
import { mirrorImage, mirrorSource, qualifyImage } from '../environment/sections/mirrors';
import type { UpstreamSource } from './upstream';

export const sourceUrl = (env: Environment, s: UpstreamSource): string => mirrorSource(env.mirrors, s.repository);

/**
 * A Helm repository under the registry mirror, as Argo CD names an OCI one
 * (no scheme): "quay.io/strimzi-helm" becomes "<registry>/quay.io/strimzi-helm".
 * An https chart repository is pushed to the mirror as OCI charts under its
 * host and path (the same convention as charts/sync/helm.ts chartRepository;
 * the air-gap README lists each chart to push).
 */
export function helmRepo(env: Environment, repoURL: string): string {
  if (!env.mirrors.registry) return repoURL;
  if (repoURL.startsWith('https://')) return `${env.mirrors.registry}/${repoURL.replace(/^https:\/\//, '').replace(/\/$/, '')}`;
  return `${env.mirrors.registry}/${qualifyImage(repoURL)}`;
}

/** Kustomize image overrides of a bundle: upstream's own tag fixes, plus the mirror's name for every bundle image. */
export function bundleImages(env: Environment, s: UpstreamSource): Array<{ name: string; newName?: string; newTag?: string }> {
  const byName = new Map<string, { name: string; newName?: string; newTag?: string }>();
  for (const i of s.fluxImages ?? []) byName.set(i.name, { name: i.name, newTag: i.newTag });
  if (env.mirrors.registry) {
    for (const image of s.images ?? []) {
      const name = image.slice(0, image.lastIndexOf(':'));
      byName.set(name, { ...byName.get(name), name, newName: mirrorImage(env.mirrors, name) });
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Argo CD's kustomize.images syntax: "name=newName:newTag", "name:newTag" or "name=newName". */
export const argoImage = (i: { name: string; newName?: string; newTag?: string }): string =>
  `${i.name}${i.newName ? `=${i.newName}` : ''}${i.newTag ? `:${i.newTag}` : ''}`;
