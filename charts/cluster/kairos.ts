// Kairos cloud-configs: one file per node of the environment, so every node's
// role, labels and taints can be reviewed in the merge request. The first
// K3S server initialises embedded etcd (--cluster-init); the other servers and
// every agent join through the API endpoint. Node labels and taints come from
// the resolved topology (charts/environment/sections/pools.ts), the same source
// workload placement reads, so a pool's workloads and its nodes cannot drift.
import type { Environment } from '../environment/environment';
import type { ResolvedNode } from '../environment/sections/pools';
import { toYaml } from '../lib/yaml';
import { ALLOY_STORAGE_HOST_PATH } from '../monitoring-core/alloy';
import { hardeningArgs } from './hardening';
import { nodeStages } from './node-stages';
import { addonNodeLabels, disabledAddons } from './k3s-addons';

/** Where the join token file is written on every node (the k3s --token-file). /etc/rancher persists on Kairos. */
export const TOKEN_FILE = '/etc/rancher/k3s/cluster-token';
export { API_PORT } from './ports';
import { API_PORT } from './ports';

export type KairosRole = 'init' | 'server' | 'agent';

export interface NodeConfig {
  node: ResolvedNode;
  role: KairosRole;
  /** k3s (server) or k3s-agent block. */
  block: 'k3s' | 'k3s-agent';
  args: string[];
}

/** The first server in file order initialises the cluster; the rest join it. */
export function nodeRoles(env: Environment): Array<{ node: ResolvedNode; role: KairosRole }> {
  const firstServer = env.topology.nodes.find((n) => n.role === 'server');
  if (!firstServer) throw new Error(`${env.file}: no K3S server: a pool group must hold K3S-CONTROL-PLANE`);
  return env.topology.nodes.map((node) => ({ node, role: node === firstServer ? 'init' : node.role }));
}

/** The address nodes join through and kubeconfigs use: the API virtual IP, else the endpoint name, else the single server. */
export function apiEndpoint(env: Environment): string {
  return env.apiVip?.address ?? env.kairos.apiEndpoint ?? env.topology.nodes.find((n) => n.role === 'server')!.name;
}

/**
 * Arguments are joined with spaces into the service's ExecStart by Kairos'
 * k3s provider; systemd keeps an item together only when the whole item is
 * quoted, so values with spaces (the cron schedule) are quoted whole.
 */
const arg = (flag: string, value?: string): string => {
  const item = value === undefined ? `--${flag}` : `--${flag}=${value}`;
  return /\s/.test(item) ? `"${item}"` : item;
};

export function k3sArgs(env: Environment, node: ResolvedNode, role: KairosRole): string[] {
  const endpoint = apiEndpoint(env);
  const servers = env.topology.nodes.filter((n) => n.role === 'server');
  const args: string[] = [];
  if (role === 'init') args.push(arg('cluster-init'));
  else args.push(arg('server', `https://${endpoint}:${API_PORT}`));
  args.push(arg('token-file', TOKEN_FILE), arg('node-name', node.name));
  for (const [key, value] of Object.entries({ ...node.labels, ...addonNodeLabels(node) })) args.push(arg('node-label', `${key}=${value}`));
  for (const t of node.taints) args.push(arg('node-taint', `${t.key}=${t.value}:${t.effect}`));
  if (role !== 'agent') {
    const sans = [...new Set([endpoint, ...(env.kairos.apiEndpoint ? [env.kairos.apiEndpoint] : []), ...servers.map((s) => s.name), ...env.kairos.tlsSans])];
    for (const san of sans) args.push(arg('tls-san', san));
    args.push(
      arg('secrets-encryption'),
      arg('etcd-snapshot-schedule-cron', env.kairos.etcdSnapshots.schedule),
      arg('etcd-snapshot-retention', String(env.kairos.etcdSnapshots.retention)),
      arg('write-kubeconfig-mode', '0600'),
      // K3S's packaged add-ons we do not run (charts/cluster/k3s-addons.ts says why).
      ...disabledAddons(env).map((a) => arg('disable', a)),
    );
  }
  // CIS hardening (charts/cluster/hardening.ts); secrets-encryption is one of its items.
  args.push(...hardeningArgs(role === 'agent' ? 'agent' : 'server').filter((a) => !args.includes(a)));
  return args;
}

export function nodeConfigs(env: Environment): NodeConfig[] {
  return nodeRoles(env).map(({ node, role }) => ({ node, role, block: role === 'agent' ? 'k3s-agent' : 'k3s', args: k3sArgs(env, node, role) }));
}

const ROLE_TEXT: Record<KairosRole, string> = {
  init: 'first K3S server: initialises embedded etcd (--cluster-init); install it first',
  server: 'joining K3S server: install after the first server is Ready, one at a time (etcd adds members one by one)',
  agent: 'K3S agent: install once the servers are Ready',
};

/** The cloud-config of one node, as Kairos reads it (must start with #cloud-config). */
export function renderNodeConfig(env: Environment, c: NodeConfig): string {
  const k = env.kairos;
  const config = {
    hostname: c.node.name,
    users: k.users.map((u) => ({ name: u.name, groups: ['admin'], lock_passwd: true, ssh_authorized_keys: u.sshKeys })),
    // bind_mounts: paths Kairos keeps on the persistent partition besides its own
    // list (kairos-init pkg/bundled/cloudconfigs/00_rootfs.yaml); Alloy's read positions.
    install: { auto: true, device: k.installDevice, reboot: true, bind_mounts: [ALLOY_STORAGE_HOST_PATH] },
    // The join token never lives in git: this fragment, served on the provisioning
    // network, writes it to the token file (see the README, "Join token").
    config_url: k.joinTokenUrl,
    [c.block]: { enabled: true, args: c.args },
    // Files and kernel settings written before K3S starts: hardening, trust, mirror, API VIP.
    stages: nodeStages(env, c.role),
  };
  const header = [
    '#cloud-config',
    `# ${env.name}/${c.node.name}: ${ROLE_TEXT[c.role]}.`,
    `# Pool group ${c.node.group}: ${c.node.pools.length > 8 ? 'all pools' : c.node.pools.join(', ')}.`,
    `# Image ${k.image}. Rendered by npm run synth from environments/${env.name}.yaml; do not edit.`,
  ];
  return `${header.join('\n')}\n${toYaml(config)}`;
}

/** dist/<env>/kairos/<node>.yaml for every node. */
export function kairosNodeFiles(env: Environment): Array<[string, string]> {
  return nodeConfigs(env).map((c) => [`${c.node.name}.yaml`, renderNodeConfig(env, c)]);
}
