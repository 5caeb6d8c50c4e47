// Upstream sources as an air-gapped environment reaches them: git URLs under
// mirrors.sources, Helm OCI repositories and bundle images under
// mirrors.registry. Without mirrors everything is as upstream publishes it.
import type { Environment } from '../environment/environment';
import { mirrorImage, mirrorSource, qualifyImage } from '../environment/sections/mirrors';
import type { UpstreamSource } from './upstream';

export const sourceUrl = (env: Environment, s: UpstreamSource): string => mirrorSource(env.mirrors, s.repository);

/**
 * An OCI Helm repository ("quay.io/strimzi-helm") under the registry mirror.
 * An https chart repository is not an OCI registry: the registry mirror
 * cannot serve it, so an air-gapped Argo CD environment is refused at synth.
 */
export function helmRepo(env: Environment, repoURL: string): string {
  if (!env.mirrors.registry) return repoURL;
  if (repoURL.startsWith('https://')) throw new Error(`${env.file}: mirrors.registry: Argo CD would install a chart from ${repoURL}, an https Helm repository the registry mirror does not serve; mirroring https chart repositories is not implemented`);
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
