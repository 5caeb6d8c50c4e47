// The "Nodes", "Air gap", "Upgrading nodes", "Bootstrap runbook" and "Sync"
// sections of dist/<env>/README.md: how this environment's cluster comes to
// exist, how it starts following git and how its nodes are upgraded. Every
// file the text names is a rendered file (test/runbook.test.ts checks it).
import type { Environment } from '../environment/environment';
import type { Manifest } from '../render';
import { apiEndpoint, nodeRoles, TOKEN_FILE } from './kairos';
import { API_PORT } from './ports';
import { hardeningReadme } from './hardening';
import { airGapReadme } from './air-gap';
import { bootstrapRunbook } from './runbook';
import { kairosOperatorInstall, UPGRADE_NAMESPACE, UPGRADES_FOLDER, upgradeFiles } from './upgrades';
import { NODE_CA_FILE } from './node-trust';
import { poolLabelKey } from '../environment/node-pools';
import { mirrorSource } from '../environment/sections/mirrors';
import { CLUSTER_SERVICES_POOL } from '../sync/upstream-placement';
import { FLUX_MANIFESTS, FLUX_SELF, FLUX_VERSION } from '../sync/flux-self';
import { ARGOCD_REPOSITORY, ARGOCD_SELF, ARGOCD_VERSION, argoInstallPath } from '../sync/argocd-self';
import { disabledAddons, K3S_MANIFESTS_DIR, needsTraefik } from './k3s-addons';
import { COREDNS_VERSION, corednsReplicas } from './coredns';
import { CLUSTER_DNS_ADDRESS } from './k3s-network';
import { LOCAL_PATH_VERSION, LOCAL_STORAGE_PATH } from './local-path';
import { APPLICATION_HEALTH_FILE, BOOTSTRAP_FOLDER } from '../sync/argocd-health';
import { ARGO_BOOTSTRAP_FILES, ARGOCD_NAMESPACE, SELF_APP } from '../sync/argocd';

export function clusterReadme(env: Environment, manifests: Manifest[] = []): string[] {
  const k = env.kairos;
  const roles = nodeRoles(env);
  const init = roles.find((r) => r.role === 'init')!.node.name;
  const joining = roles.filter((r) => r.role === 'server').map((r) => r.node.name);
  const endpoint = apiEndpoint(env);
  const lines = [
    '## Nodes (Kairos + K3S)', '',
    `- image \`${k.image}\` (Kairos ${k.version}, K3S ${k.k3s}); one cloud-config per node in \`kairos/<node>.yaml\``,
    `- API endpoint \`https://${endpoint}:${API_PORT}\`${env.apiVip ? ` (virtual IP held by kube-vip on the servers, interface \`${env.apiVip.interface}\`${k.apiEndpoint ? `; \`${k.apiEndpoint}\` should resolve to it` : ''})` : ''}; first server \`${init}\` (--cluster-init)${joining.length ? `, then ${joining.map((n) => `\`${n}\``).join(', ')} one at a time` : ''}, then the agents`,
    `- etcd snapshots \`${k.etcdSnapshots.schedule}\`, ${k.etcdSnapshots.retention} kept per server; secrets encryption on`,
    '- netboot: `kairos/auroraboot-<role>.yaml` (the command is in each file\'s header)',
    ...(env.trust.caBundle ? [`- the internal CA (trust.caBundle) is written to \`${NODE_CA_FILE}\` on every node; K3S, containerd and kairos-agent trust it`] : []),
    `- K3S's packaged add-ons: ${disabledAddons(env).map((a) => `\`--disable=${a}\``).join(', ')} on every server. The cluster DNS is our CoreDNS ${COREDNS_VERSION} (${corednsReplicas(env)} replica(s), Service \`kube-system/kube-dns\` at ${CLUSTER_DNS_ADDRESS}) and the local-path provisioner ours at ${LOCAL_PATH_VERSION} (default StorageClass \`local-path\`, volumes under \`${LOCAL_STORAGE_PATH}\`), both written by Kairos into \`${K3S_MANIFESTS_DIR}\` on every server and run on ${CLUSTER_SERVICES_POOL}${needsTraefik(env) ? `; K3S's Traefik is placed there by a HelmChartConfig in the same folder` : ''}. A K3S upgrade leaves them as they are; node names resolve through the site's DNS (K3S's NodeHosts is not kept without its CoreDNS).`,
    '',
    ...hardeningReadme(env),
    '**Join token.** Never in git. Generate it once per cluster (`openssl rand -hex 32`) and keep it in your secret store.',
    `Every node fetches \`${k.joinTokenUrl}\` at install (Kairos \`config_url\`, merged into its configuration and kept`,
    'on the node\'s OEM partition). Serve it only on the provisioning network, over TLS, while nodes are being installed. Its content:', '',
    '```yaml', '#cloud-config', 'stages:', '  initramfs:', '    - name: k3s join token', '      files:',
    `        - path: ${TOKEN_FILE}`, '          permissions: 0600', '          content: "<token>"', '```', '',
    'K3S reads it through `--token-file`. Node labels and taints are applied when a node registers; to change them on a running node, `kubectl label`/`kubectl taint` it as well.', '',
    ...airGapReadme(env, manifests),
    '## Upgrading nodes', '',
    `Change \`kairos.version\`/\`kairos.k3s\` in \`environments/${env.name}.yaml\`, re-render, merge; the new node image is then in \`${UPGRADES_FOLDER}/\`.`,
    `The Kairos operator (\`kubectl apply -k ${kairosOperatorInstall(env)}\`, namespace \`${UPGRADE_NAMESPACE}\`, installed in step 10 of the runbook) upgrades one pool group per file, one node at a time, control plane first;`,
    'each node is cordoned and drained (PodDisruptionBudgets hold) before its upgrade Job and rebooted after. Apply the files one by one and wait for each:', '',
    '```sh',
    `for f in ${upgradeFiles(env).filter((u) => u.group).map((u) => `dist/${env.name}/${UPGRADES_FOLDER}/${u.file}`).join(' \\\n         ')}; do`,
    '  kubectl apply -f "$f"',
    `  kubectl -n ${UPGRADE_NAMESPACE} wait --for=jsonpath='{.status.phase}'=Completed -f "$f" --timeout=6h || break   # a Failed phase stops here: inspect, then resume`,
    'done',
    '```', '',
    ...upgradeFiles(env).filter((u) => u.group).map((u) => `- \`${UPGRADES_FOLDER}/${u.file}\`: pool group ${u.group}`),
    '',
    ...bootstrapRunbook(env, manifests),
    '## Sync', '',
  ];
  if (env.sync.tool === 'flux') {
    lines.push(
      `Flux follows \`${env.sync.repository.url}\` branch \`${env.sync.repository.branch}\`, folder \`dist/${env.name}/\`. Bootstrap once:`, '',
      '```sh',
      `flux version --client   # must print ${FLUX_VERSION}: flux install writes the manifests embedded in the CLI, those of its own release`,
      `flux install --version=${FLUX_VERSION}${env.mirrors.registry ? ` --registry=${env.mirrors.registry}/ghcr.io/fluxcd` : ''} --toleration-keys=${poolLabelKey(CLUSTER_SERVICES_POOL)}   # the four default controllers, as the flux-system Kustomization keeps them`,
      ...(env.sync.repository.secretName ? [`flux create secret git ${env.sync.repository.secretName} --url=${env.sync.repository.url} --username=<deploy-token-user> --password=<deploy-token>`] : []),
      `kubectl apply -k dist/${env.name}/flux-system   # from then on Flux applies this folder itself (Kustomization "sync") and its own controllers (Kustomization "${FLUX_SELF}", oci://${FLUX_MANIFESTS}:${FLUX_VERSION} with the placement patches)`,
      `flux get kustomizations --watch   # "${FLUX_SELF}" Ready: the controllers are rolled onto ${CLUSTER_SERVICES_POOL}`,
      '```', '',
    );
  } else {
    lines.push(
      `Argo CD follows \`${env.sync.repository.url}\` branch \`${env.sync.repository.branch}\`, folder \`dist/${env.name}/\`. Bootstrap once:`, '',
      '```sh',
      'kubectl create namespace argocd',
      `kubectl apply --server-side -n argocd -k '${mirrorSource(env.mirrors, ARGOCD_REPOSITORY)}//${argoInstallPath(env)}?ref=${ARGOCD_VERSION}'   # the release the "${ARGOCD_SELF}" Application pins`,
      `kubectl -n argocd patch configmap argocd-cm --patch-file dist/${env.name}/${BOOTSTRAP_FOLDER}/${APPLICATION_HEALTH_FILE}   # sync waves wait for Application health, which Argo CD does not assess by default; the "${ARGOCD_SELF}" Application keeps it`,
      ...(env.trust.caBundle ? ['# The internal CA for the git server: add it to argocd-tls-certs-cm under the git host name (Argo CD docs, "Repositories using self-signed TLS certificates").'] : []),
      ...(env.sync.repository.secretName ? [`kubectl -n argocd create secret generic ${env.sync.repository.secretName} --from-literal=type=git --from-literal=url=${env.sync.repository.url} --from-literal=username=<deploy-token-user> --from-literal=password=<deploy-token>`, `kubectl -n argocd label secret ${env.sync.repository.secretName} argocd.argoproj.io/secret-type=repository`] : []),
      `kubectl apply ${ARGO_BOOTSTRAP_FILES.map((f) => `-f dist/${env.name}/${ARGOCD_NAMESPACE}/${f}`).join(' ')}   # the project and the "${SELF_APP}" Application, which manages this folder: it creates the other Applications wave by wave, the "${ARGOCD_SELF}" Application (Argo CD itself, ${argoInstallPath(env)} at ${ARGOCD_VERSION}, placed on ${CLUSTER_SERVICES_POOL}) first`,
      '```', '',
    );
  }
  return lines;
}
