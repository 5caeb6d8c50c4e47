// Air-gapped sites: where nodes pull images and where the sync tool fetches
// upstream sources when the public internet is out of reach. With `registry`
// set, every image we render is rewritten to <registry>/<original registry>/<path>
// and K3S' registries.yaml sends every pull (including images that operators
// create at run time) to the mirror; nothing points at a public registry.
import { Type, type Static } from '@sinclair/typebox';
import { Strict } from '../types';
import type { SemanticIssue } from '../semantic';

export const MirrorsSchema = Strict({
  registry: Type.Optional(Type.String({
    pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9._-]+)*$',
    title: 'a registry host[:port][/path] such as registry.mojaloop.internal:5000/mirror',
    description: 'OCI registry mirroring docker.io, quay.io, ghcr.io and registry.k8s.io under a path per upstream registry (<registry>/docker.io/grafana/loki:3.7.6). Served over HTTPS.',
  })),
  sources: Type.Optional(Type.String({
    pattern: '^https://[^\\s]+[^/\\s]$',
    title: 'an https URL without a trailing slash',
    description: 'Base URL under which the upstream git repositories are mirrored as <base>/<owner>/<repo> (github.com paths kept), e.g. https://git.mojaloop.internal/mirror/github.',
  })),
}, 'Mirrors for air-gapped sites.');

export type MirrorsFile = Static<typeof MirrorsSchema>;
export interface MirrorsConfig { registry?: string; sources?: string }

export const resolveMirrors = (file: MirrorsFile | undefined): MirrorsConfig => ({ registry: file?.registry, sources: file?.sources });

/** The registry an unqualified image name belongs to (the containerd / Docker rule). */
export function qualifyImage(image: string): string {
  const first = image.split('/')[0];
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return image;
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

/** docker.io/grafana/loki:3.7.6 -> <registry>/docker.io/grafana/loki:3.7.6; unchanged without a mirror. */
export function mirrorImage(mirrors: MirrorsConfig, image: string): string {
  if (!mirrors.registry) return image;
  if (image.startsWith(`${mirrors.registry}/`)) return image;
  return `${mirrors.registry}/${qualifyImage(image)}`;
}

/** https://github.com/<owner>/<repo> -> <sources>/<owner>/<repo>; unchanged without a mirror. */
export function mirrorSource(mirrors: MirrorsConfig, url: string): string {
  if (!mirrors.sources) return url;
  const u = new URL(url);
  if (u.hostname !== 'github.com') throw new Error(`mirrors.sources: ${url} is not on github.com; only github.com sources are mapped`);
  return `${mirrors.sources}${u.pathname.replace(/\.git$/, '')}`;
}

/** An air-gapped node cannot fetch its operators' keys from GitHub at boot. */
export function mirrorIssues(env: { mirrors: MirrorsConfig; kairos: { users: Array<{ name: string; sshKeys: string[] }> } }): SemanticIssue[] {
  if (!env.mirrors.registry && !env.mirrors.sources) return [];
  const issues: SemanticIssue[] = [];
  env.kairos.users.forEach((u, i) => u.sshKeys.forEach((k, j) => {
    if (k.startsWith('github:')) issues.push({ path: ['kairos', 'users', i, 'sshKeys', j], message: `"${k}" is fetched from github.com at boot, which an air-gapped site (mirrors set) cannot reach; expected the public key itself ("ssh-ed25519 AAAA... comment")` });
  }));
  return issues;
}
