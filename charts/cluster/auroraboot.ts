// AuroraBoot configurations, one per node role: how the nodes of that role
// netboot. AuroraBoot pulls the pinned Kairos image, extracts kernel, initrd
// and rootfs, and answers PXE through ProxyDHCP (the site's DHCP server stays
// in charge of addresses). It serves ONE cloud-config per run, so each node is
// installed by a run that is given that node's file with --cloud-config.
import type { Environment } from '../environment/environment';
import { AURORABOOT_IMAGE } from '../environment/sections/kairos';
import { toYaml } from '../lib/yaml';
import { mirrorImage } from '../environment/sections/mirrors';
import { nodeRoles, type KairosRole } from './kairos';

const ORDER: Record<KairosRole, string> = {
  init: 'Step 1. Install this node first and wait until `kubectl get nodes` shows it Ready.',
  server: 'Step 2. Then each joining server, one at a time: etcd adds one member at a time, and each must be Ready before the next.',
  agent: 'Step 3. Then the agents, in any order, one AuroraBoot run per node.',
};

export function auroraBootFiles(env: Environment): Array<[string, string]> {
  const roles = nodeRoles(env);
  const out: Array<[string, string]> = [];
  for (const role of ['init', 'server', 'agent'] as const) {
    const nodes = roles.filter((r) => r.role === role).map((r) => r.node.name);
    if (nodes.length === 0) continue;
    const header = [
      `# AuroraBoot: netboot the ${role === 'init' ? 'first K3S server' : role === 'server' ? 'joining K3S servers' : 'K3S agents'} of ${env.name}.`,
      `# Nodes: ${nodes.join(', ')}.`,
      `# ${ORDER[role]}`,
      '# On a host in the nodes\' provisioning network (ports 67/udp, 69/udp, 8090/tcp free):',
      `#   docker run --rm -ti --net host -v "$PWD/dist/${env.name}/kairos:/kairos:ro" ${mirrorImage(env.mirrors, AURORABOOT_IMAGE)} \\`,
      `#     --cloud-config /kairos/<node>.yaml /kairos/auroraboot-${role}.yaml`,
      '# then set that one node to boot from the network once (BMC: ipmitool chassis bootdev pxe) and power',
      '# it on. It boots Kairos from RAM, installs to disk, reboots into the installed system and joins.',
      '# Boot only one machine per run: every machine that PXE-boots gets the same cloud-config.',
    ];
    const config = {
      container_image: mirrorImage(env.mirrors, env.kairos.image),
      // Netboot only: no ISO is built or served.
      disable_iso: true,
      disable_http_server: true,
      netboot: {
        // AuroraBoot prepends root= and config_url= (its served cloud-config).
        cmdline: 'rd.neednet=1 ip=dhcp rd.cos.disable netboot install-mode console=tty0 console=ttyS0,115200',
      },
    };
    out.push([`auroraboot-${role}.yaml`, `${header.join('\n')}\n${toYaml(config)}`]);
  }
  return out;
}
