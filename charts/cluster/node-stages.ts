// The Kairos stages (yip) of one node: files and kernel settings that must be
// in place before K3S starts. Written in the initramfs stage, which Kairos
// runs at every boot after the persistent paths are mounted, so /etc (an
// overlay that does not persist) is rewritten each boot and an edited file
// reverts to what git says.
import type { Environment } from '../environment/environment';
import {
  ADMISSION_CONFIG, AUDIT_LOG_DIR, AUDIT_POLICY, KUBELET_SYSCTLS, SYSCTL_FILE, admissionConfig, auditPolicy, sysctlConf,
} from './hardening';
import { KUBE_VIP_MANIFEST, kubeVipManifest } from './kube-vip';
import { needsTraefik, TRAEFIK_CONFIG_MANIFEST, traefikPlacement } from './k3s-addons';
import { replacementAddons } from './auto-deploy';
import { toYamlDocuments } from '../lib/yaml';
import { NODE_CA_FILE } from './node-trust';
import { REGISTRIES_FILE, registriesYaml } from './registries';
import type { KairosRole } from './kairos';

// yip takes numeric modes; these are 0644, 0600 and 0700.
const MODE_PUBLIC = 0o644;
const MODE_PRIVATE = 0o600;
const MODE_DIR_PRIVATE = 0o700;

interface YipFile { path: string; permissions: number; content: string }
interface YipStep { name: string; files?: YipFile[]; directories?: Array<{ path: string; permissions: number }>; sysctl?: Record<string, string>; commands?: string[] }

export function nodeStages(env: Environment, role: KairosRole): { initramfs: YipStep[]; boot: YipStep[] } {
  const server = role !== 'agent';
  const initramfs: YipStep[] = [
    { name: 'CIS: kernel parameters for --protect-kernel-defaults', files: [{ path: SYSCTL_FILE, permissions: MODE_PUBLIC, content: sysctlConf() }] },
  ];
  if (server) {
    initramfs.push({
      name: 'CIS: admission (Pod Security, EventRateLimit) and audit configuration',
      directories: [{ path: AUDIT_LOG_DIR, permissions: MODE_DIR_PRIVATE }],
      files: [
        { path: ADMISSION_CONFIG, permissions: MODE_PRIVATE, content: admissionConfig() },
        { path: AUDIT_POLICY, permissions: MODE_PRIVATE, content: auditPolicy() },
      ],
    });
  }
  const ca = env.trust.caBundle;
  if (ca) initramfs.push({ name: 'Trust the internal CA (config_url, registry mirror)', files: [{ path: NODE_CA_FILE, permissions: MODE_PUBLIC, content: ca.pem }] });
  const registries = registriesYaml(env);
  if (registries) initramfs.push({ name: 'Pull every image through the registry mirror', files: [{ path: REGISTRIES_FILE, permissions: MODE_PRIVATE, content: registries }] });
  if (server && env.apiVip) {
    initramfs.push({ name: 'kube-vip: the API virtual IP', files: [{ path: KUBE_VIP_MANIFEST, permissions: MODE_PRIVATE, content: kubeVipManifest(env, env.apiVip) }] });
  }
  if (server) {
    // K3S's CoreDNS and local-path-provisioner are disabled (k3s-addons.ts); K3S applies ours from here.
    initramfs.push({
      name: 'Cluster DNS and local volumes on K3S-CLUSTER-SVCS (replacing K3S\'s packaged CoreDNS and local-storage)',
      files: replacementAddons(env).map((a) => ({ path: a.path, permissions: MODE_PRIVATE, content: toYamlDocuments(a.objects) })),
    });
  }
  if (server && needsTraefik(env)) {
    initramfs.push({ name: 'K3S Traefik on K3S-CLUSTER-SVCS', files: [{ path: TRAEFIK_CONFIG_MANIFEST, permissions: MODE_PRIVATE, content: traefikPlacement(env) }] });
  }
  const boot: YipStep[] = [{ name: 'CIS: apply the kubelet kernel parameters', sysctl: { ...KUBELET_SYSCTLS } }];
  if (server) {
    boot.push({
      name: 'CIS 1.1.20: K3S certificates 0600',
      commands: ['if [ -d /var/lib/rancher/k3s/server/tls ]; then find /var/lib/rancher/k3s/server/tls -name "*.crt" -exec chmod 600 {} +; fi'],
    });
  }
  return { initramfs, boot };
}
