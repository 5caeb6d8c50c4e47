// The bootstrap runbook of one environment: from bare metal to the first
// transfer, in the order that works, naming this environment's files and
// nodes. Steps whose component this revision does not render yet say so
// instead of pretending. Every path it names is checked against the
// rendered files by test/runbook.test.ts.
import type { Environment } from '../environment/environment';
import { AURORABOOT_IMAGE } from '../environment/sections/kairos';
import { mirrorImage } from '../environment/sections/mirrors';
import type { Manifest } from '../render';
import { apiEndpoint, nodeRoles } from './kairos';
import { API_PORT } from './ports';
import { kairosOperatorInstall, UPGRADE_NAMESPACE, UPGRADES_FOLDER } from './upgrades';
import { UPSTREAM_SOURCES } from '../sync/upstream';
import { VAULT_NAMESPACE, vaultMembers } from '../cluster-services/vault';
import { CLUSTER_PKI_LAYER } from '../cluster-services/pki';
import { CLUSTER_SERVICES_LAYER } from '../cluster-services/chart';
import { ARGO_BOOTSTRAP_FILES, ARGOCD_NAMESPACE, SELF_APP } from '../sync/argocd';
import { APPLICATION_HEALTH_FILE, BOOTSTRAP_FOLDER } from '../sync/argocd-health';

export const RUNBOOK_HEADING = '## Bootstrap runbook';

export function bootstrapRunbook(env: Environment, manifests: Manifest[]): string[] {
  const d = `dist/${env.name}`;
  const roles = nodeRoles(env);
  const init = roles.find((r) => r.role === 'init')!.node.name;
  const servers = roles.filter((r) => r.role === 'server').map((r) => r.node.name);
  const agents = roles.filter((r) => r.role === 'agent').map((r) => r.node.name);
  const endpoint = apiEndpoint(env);
  const user = env.kairos.users[0].name;
  const aurora = mirrorImage(env.mirrors, AURORABOOT_IMAGE);
  const has = (kind: string, re: RegExp) => manifests.some((m) => m.kind === kind && re.test(m.metadata.name));
  const vault = UPSTREAM_SOURCES.find((s) => s.helm?.chart === 'vault');
  const members = Array.from({ length: vaultMembers(env) }, (_, i) => `vault-${i}`);
  const provisioning = has('Job', /provision/);
  const netboot = (role: string, nodes: string[]) => [
    `for node in ${nodes.join(' ')}; do`,
    `  docker run --rm --net host -v "$PWD/${d}/kairos:/kairos:ro" ${aurora} \\`,
    `    --cloud-config "/kairos/$node.yaml" /kairos/auroraboot-${role}.yaml &`,
    '  aurora=$!',
    '  ipmitool -H "$node-bmc" -U "$BMC_USER" -E chassis bootdev pxe && ipmitool -H "$node-bmc" -U "$BMC_USER" -E chassis power cycle',
    '  until kubectl get node "$node" -o jsonpath=\'{.status.conditions[?(@.type=="Ready")].status}\' 2>/dev/null | grep -q True; do sleep 20; done',
    '  kill "$aurora"',
    'done',
  ];
  return [
    RUNBOOK_HEADING, '',
    `Bare metal to the first transfer for \`${env.name}\`. Run from a Linux host on the nodes' provisioning network with Docker, \`kubectl\`, \`flux\`, \`ipmitool\` and a checkout of this repository.`, '',
    '1. **Before the first node.** Generate the join token and serve it at the join-token URL (see "Join token" above), over HTTPS with a certificate the nodes trust.',
    `   Reserve the API address \`${endpoint}\`${env.apiVip ? ' (a free IP in the servers\' subnet: kube-vip announces it)' : ''}. Check every node file: \`${d}/kairos/${init}.yaml\` and its siblings.`,
    '2. **Netboot the first server** (AuroraBoot answers PXE by ProxyDHCP and serves one cloud-config per run):', '',
    '   ```sh', ...netboot('init', [init]).map((l) => `   ${l}`), '   ```', '',
    `   Until the API answers, the loop's \`kubectl\` reads the kubeconfig of step 3; fetch it as soon as \`${init}\` has rebooted into the installed system.`,
    `3. **Kubeconfig.** K3S writes it on the servers (0600, root):`, '',
    '   ```sh',
    `   ssh ${user}@${init} sudo cat /etc/rancher/k3s/k3s.yaml | sed 's#https://127.0.0.1:${API_PORT}#https://${endpoint}:${API_PORT}#' > kubeconfig-${env.name}.yaml`,
    `   export KUBECONFIG=$PWD/kubeconfig-${env.name}.yaml && kubectl get nodes`,
    '   ```', '',
    '   Then the CIS 5.1.5 follow-up (K3S creates these ServiceAccounts): `kubectl patch serviceaccount default -n default -p \'{"automountServiceAccountToken": false}\'`, and the same for `kube-public` and `kube-node-lease`.',
    ...(servers.length ? [
      `4. **Joining servers**, one at a time (etcd adds one member at a time): ${servers.map((s) => `\`${s}\``).join(', ')}.`, '',
      '   ```sh', ...netboot('server', servers).map((l) => `   ${l}`), '   ```', '',
    ] : ['4. **Joining servers**: none in this environment (single server).', '']),
    agents.length
      ? `5. **Agents** (${agents.length}), in any order, with \`${d}/kairos/auroraboot-agent.yaml\`: the same loop with \`auroraboot-agent\` and the agent names of the "Pools" table.`
      : '5. **Agents**: none in this environment (every pool runs on the server).',
    `   Check: \`kubectl get nodes -L ${'workload-class.mojaloop.io/K3S-CONTROL-PLANE'}\` lists ${env.topology.nodes.length} Ready nodes.`,
    `6. **Sync tool.** Install ${env.sync.tool === 'flux' ? 'Flux' : 'Argo CD'} (the first commands of "Sync" below) and create the Secrets of "Secrets to create by hand" (below): the only ones made by hand.`,
    `7. **First sync.** ${env.sync.tool === 'flux' ? `\`kubectl apply -k ${d}/flux-system\`, then \`flux get kustomizations --watch\`: \`flux-system\` moves Flux's own controllers onto K3S-CLUSTER-SVCS, the upstream operators (External Secrets among them) become Ready, \`${CLUSTER_PKI_LAYER}\` issues the cluster CA and Vault's certificate, \`vault\` starts Vault, and \`${CLUSTER_SERVICES_LAYER}\` waits for it.` : `\`kubectl apply ${ARGO_BOOTSTRAP_FILES.map((f) => `-f ${d}/${ARGOCD_NAMESPACE}/${f}`).join(' ')}\` (once \`argocd-cm\` has the Application health check of \`${d}/${BOOTSTRAP_FOLDER}/${APPLICATION_HEALTH_FILE}\`, "Sync" below), then \`kubectl -n argocd get applications -w\`: \`${SELF_APP}\` creates the other Applications wave by wave, each wave once the one before is Healthy: \`argocd\` moves Argo CD itself onto K3S-CLUSTER-SVCS, the upstream operators (External Secrets among them) become Healthy, \`${CLUSTER_PKI_LAYER}\` issues the cluster CA and Vault's certificate, then \`vault\` starts Vault and stays Progressing until it is unsealed.`}`,
    `8. **Vault init and unseal**, then its configuration for External Secrets: the commands under "Secrets to create by hand". ${vault
      ? `Vault (chart ${vault.helm!.version}, namespace \`${VAULT_NAMESPACE}\`, ${members.length} raft member${members.length > 1 ? 's' : ''} on K3S-CLUSTER-SVCS) starts sealed; once \`vault-0\` is Running, initialise it once and unseal ${members.map((m) => `\`${m}\``).join(', then ')}${members.length > 1 ? ' (each joins vault-0 by raft retry_join over TLS; `vault operator raft list-peers` lists them all)' : ''}. Keep the unseal keys and the root token offline, split among key holders; a restarted member comes back sealed (no auto-unseal is configured) and is unsealed the same way.`
      : ''}`,
    `9. **Secrets.** Put the values of "Secrets Vault must hold" into Vault (the commands are there): External Secrets creates each Secret, \`${CLUSTER_SERVICES_LAYER}\` becomes Ready, and ${env.sync.tool === 'flux' ? 'the Kustomizations after it follow (monitoring-core, then mojaloop)' : `the Applications after it follow (monitoring-core, then mojaloop). Until then its ExternalSecrets are Degraded, so the \`${SELF_APP}\` Application's sync fails and retries, at most 10 minutes apart`}. Once the stores run, copy the operator-generated Secrets into Vault ("Secrets the operators generate").`,
    `10. **Node upgrades later** need the Kairos operator (namespace \`${UPGRADE_NAMESPACE}\`): \`kubectl apply -k ${kairosOperatorInstall(env)}\`, then \`kubectl apply --server-side --field-manager=mojaloop-gitops -f ${d}/${UPGRADES_FOLDER}/00-namespace.yaml\` (its upgrade Jobs need Pod Security "privileged"); see "Upgrading nodes".`,
    `11. **Provisioning.** ${provisioning ? `The provisioning Job of the mojaloop layer runs after the switch is Ready: \`kubectl -n ${env.namespaces.mojaloop.name} wait --for=condition=complete job -l app.kubernetes.io/component=provisioning --timeout=30m\`.` : 'The hub, DFSPs and currencies are not provisioned by this revision (the provisioning Job is issue 13): nothing to run yet.'}`,
    `12. **Ways in.** Point the load balancer of \`${env.gateways.external.host}\` at the ${env.topology.nodesOf('API-GATEWAY-EXTERNAL').map((n) => n.name).join(', ')} nodes on TCP ${env.gateways.external.nodePort}, and the one of \`${env.gateways.internal.host}\` at ${env.topology.nodesOf('API-GATEWAY-INTERNAL').map((n) => n.name).join(', ')} on TCP ${env.gateways.internal.nodePort} (both TLS passthrough). Hand each DFSP its client certificate: \`kubectl -n gateway get secret dfsp-<id>-client-tls\` (\`tls.crt\`, \`tls.key\`, and \`ca.crt\` to trust the gateway), out of band.`,
    `13. **First transfer.** ${env.testing.toolkit ? `The golden-path Job transfers between the Toolkit and the simulated DFSPs inside the cluster: \`kubectl -n ${env.namespaces.mojaloop.name} wait --for=condition=complete job -l app.kubernetes.io/name=golden-path --timeout=60m\`; its report: \`kubectl -n ${env.namespaces.mojaloop.name} logs -l app.kubernetes.io/name=golden-path -c golden-path\`. ` : ''}${provisioning ? `Send a test transfer between two provisioned DFSPs through \`https://${env.gateways.external.host}\` with their client certificates and check it in the transfers dashboard.` : 'Needs provisioning (step 11); not possible with this revision.'}`,
    '',
  ];
}
