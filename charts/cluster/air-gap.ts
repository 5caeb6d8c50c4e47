// What an air-gapped site must copy in before it can install this
// environment, and what is still fetched from the internet at run time:
// the "Air gap" section of dist/<env>/README.md, computed from the rendered
// objects so it cannot miss an image we render.
import type { Environment } from '../environment/environment';
import { AURORABOOT_IMAGE } from '../environment/sections/kairos';
import { KUBE_VIP_IMAGE } from '../environment/sections/api-vip';
import { qualifyImage } from '../environment/sections/mirrors';
import type { Manifest } from '../render';
import { imageStrings } from '../lib/image-strings';
import { UPSTREAM_SOURCES } from '../sync/upstream';
import { chartRepository } from '../sync/helm';
import { TEST_CASES } from '../mojaloop/testing/catalog';
import { testCasesZipUrl } from '../mojaloop/testing/golden-path';
import { FLUX_CONTROLLERS, FLUX_MANIFESTS, FLUX_VERSION } from '../sync/flux-self';
import { ARGOCD_REPOSITORY, ARGOCD_VERSION, argoInstallPath } from '../sync/argocd-self';
import { KAIROS_OPERATOR_IMAGE, KAIROS_OPERATOR_REPO, KAIROS_OPERATOR_VERSION } from './upgrades';
import { COREDNS_IMAGE } from './coredns';
import { LOCAL_PATH_HELPER_IMAGE, LOCAL_PATH_IMAGE } from './local-path';

/** Every string under an `image` key or passed as an image value, with the mirror prefix removed. */
export function upstreamImagesOf(env: Environment, manifests: Manifest[]): string[] {
  const prefix = env.mirrors.registry ? `${env.mirrors.registry}/` : '';
  const out = new Set<string>();
  const add = (image: string) => out.add(qualifyImage(prefix && image.startsWith(prefix) ? image.slice(prefix.length) : image));
  const { imageFields, values } = imageStrings(manifests);
  for (const v of imageFields) if (/^[a-z0-9]/.test(v)) add(v);
  for (const v of values) {
    const m = /^(?:--[A-Za-z0-9-]+=)?(\S+\/\S+:\S+)$/.exec(v);
    if (m && /^(docker\.io|quay\.io|ghcr\.io|registry\.k8s\.io)\//.test(m[1].slice(prefix.length))) add(m[1]);
  }
  return [...out].sort();
}

export function airGapReadme(env: Environment, manifests: Manifest[]): string[] {
  const rendered = upstreamImagesOf(env, manifests);
  const nodeImages: Array<[string, string]> = [
    [qualifyImage(env.kairos.image), 'every node (Kairos OS with K3S; also the upgrade image)'],
    [qualifyImage(AURORABOOT_IMAGE), 'the netboot host (AuroraBoot)'],
    ...(env.apiVip ? [[KUBE_VIP_IMAGE, 'the K3S servers (kube-vip)'] as [string, string]] : []),
    [COREDNS_IMAGE, 'the cluster DNS (our CoreDNS, written into K3S\'s auto-deploy folder by Kairos)'],
    [LOCAL_PATH_IMAGE, 'the local-path provisioner (written into K3S\'s auto-deploy folder by Kairos)'],
    [LOCAL_PATH_HELPER_IMAGE, 'the local-path provisioner\'s helper pods (create and remove each volume on its node)'],
    [KAIROS_OPERATOR_IMAGE, 'the Kairos operator (node upgrades; installed from its own kustomization, so the nodes\' registries.yaml redirects it)'],
  ];
  const bundle = UPSTREAM_SOURCES.flatMap((s) => (s.images ?? []).map((i) => ({ image: qualifyImage(i), source: s.name })));
  const runtime = UPSTREAM_SOURCES.flatMap((s) => (s.runtimeImages ?? []).map((i) => ({ image: i, source: s.name })));
  const dashboards = manifests.filter((m) => m.kind === 'GrafanaDashboard').map((m) => ({ name: m.metadata.name, spec: m.spec as { grafanaCom?: { id: number; revision: number }; url?: string } }))
    .filter((d) => d.spec.grafanaCom || d.spec.url);
  const reg = env.mirrors.registry;
  const lines = [
    '## Air gap', '',
    reg
      ? `Registry mirror \`${reg}\`: every image below is rendered as \`${reg}/<image>\`, and every node's \`/etc/rancher/k3s/registries.yaml\` sends docker.io, quay.io, ghcr.io, registry.k8s.io (and any other registry) there, so images that operators start at run time come from the mirror too.`
      : 'No registry mirror (`mirrors.registry` unset): nodes pull from the public registries. To run air-gapped, copy the images below into one registry under `<registry>/<image>` and set `mirrors.registry`.',
    env.mirrors.sources ? `Git mirror \`${env.mirrors.sources}\`: the upstream sources below are fetched as \`${env.mirrors.sources}/<owner>/<repo>\`.` : 'No git mirror (`mirrors.sources` unset): the sync tool fetches the upstream sources below from github.com.',
    '', '| image to mirror | used by |', '|---|---|',
    ...nodeImages.map(([i, by]) => `| \`${i}\` | ${by} |`),
    ...rendered.map((i) => `| \`${i}\` | rendered workloads |`),
    ...bundle.map((b) => `| \`${b.image}\` | upstream bundle ${b.source} |`),
    ...runtime.map((r) => `| \`${r.image}\` (tag of the bundle's release) | started at run time by ${r.source} |`),
    ...(env.sync.tool === 'flux'
      ? FLUX_CONTROLLERS.map((c) => `| \`ghcr.io/fluxcd/${c.name}:${c.version}\` | Flux ${FLUX_VERSION} (its \`flux-system\` Kustomization; bootstrapped once by the runbook) |`)
      : [`| \`quay.io/argoproj/argocd:${ARGOCD_VERSION}\` and the Redis, HAProxy and Dex images of its install manifests | Argo CD ${ARGOCD_VERSION} (its \`argocd\` Application; bootstrapped once by the runbook) |`]),
    '', '| upstream source to mirror | ref |', '|---|---|',
    ...UPSTREAM_SOURCES.filter((s) => !s.helm).map((s) => `| ${s.repository} (${s.path}) | \`${s.tag}\` |`),
    // Behind the registry mirror, a Helm chart is read as an OCI artifact (charts/sync/helm.ts chartRepository).
    ...UPSTREAM_SOURCES.filter((s) => s.helm).map((s) => `| Helm chart \`${s.helm!.chart}\` of ${s.helm!.repository}${reg ? `, pushed to \`${chartRepository(env, s.helm!.repository)}\`` : ' (to `oci://<registry>/<repository host and path>` behind a mirror)'} | \`${s.helm!.version}\` |`),
    ...(env.sync.tool === 'flux'
      ? [`| OCI artifact \`oci://${FLUX_MANIFESTS}\` (Flux's own manifests, registry mirror) | \`${FLUX_VERSION}\` |`]
      : [`| ${ARGOCD_REPOSITORY} (${argoInstallPath(env)}) | \`${ARGOCD_VERSION}\` |`]),
    ...UPSTREAM_SOURCES.filter((s) => s.argoHelm).map((s) => `| ${s.argoHelm!.repoURL.startsWith('https://') ? 'Helm chart' : 'OCI Helm chart'} \`${s.argoHelm!.repoURL.replace(/\/$/, '')}/${s.argoHelm!.chart}\` (Argo CD only) | \`${s.argoHelm!.version}\` |`),
    `| ${KAIROS_OPERATOR_REPO} (config/default, node upgrades) | \`${KAIROS_OPERATOR_VERSION}\` |`,
    '',
    'Fetched at run time from the internet even with both mirrors set, and how to avoid it:', '',
    ...dashboards.map((d) => d.spec.grafanaCom
      ? `- dashboard \`${d.name}\`: grafana-operator downloads grafana.com dashboard ${d.spec.grafanaCom.id} revision ${d.spec.grafanaCom.revision}. Avoid: serve its JSON (https://grafana.com/api/dashboards/${d.spec.grafanaCom.id}/revisions/${d.spec.grafanaCom.revision}/download) from an internal web server and point the dashboard at it with \`url\`.`
      : `- dashboard \`${d.name}\`: grafana-operator downloads ${d.spec.url}. Avoid: mirror the file internally and change the URL.`),
    ...(env.testing.toolkit ? [`- the golden-path Job downloads the test collection ${testCasesZipUrl(env)} at run time. Avoid: mirror ${TEST_CASES.repository} under \`mirrors.sources\` (the Job then downloads \`<sources>/mojaloop/testing-toolkit-test-cases/archive/${TEST_CASES.tag}.zip\`; the mirror must serve the tag's zip archive at that path, as GitHub, Gitea and Forgejo do).`] : []),
    ...(env.kairos.users.some((u) => u.sshKeys.some((k) => k.startsWith('github:'))) ? ['- SSH keys given as `github:<user>` are fetched from github.com at every boot. Avoid: list the public keys themselves (required once `mirrors` is set).'] : []),
    '',
  ];
  return lines;
}
