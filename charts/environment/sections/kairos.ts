// How the nodes of an environment boot: the Kairos OS image (with K3S), who
// may log in, the API endpoint, and the embedded-etcd snapshot policy.
// Versions are pinned per environment so that an upgrade is promoted like any
// other change: dev, then test, staging, prod, one merge request each.
import { Type, type Static } from '@sinclair/typebox';
import { DnsLabel, Strict } from '../types';
import { byStage, type Stage } from './stage';

/**
 * Kairos releases we have checked, with the base flavor their standard images
 * are built on and the K3S versions they ship. Kairos v4 builds its images on
 * Hadron (Kairos' own minimal, systemd-based distribution) only. The seed's
 * kairos-alpine-ubuntu:v2.0.3-k3sv1.21.14 is long out of support: Kubernetes
 * 1.21 reached end of life in June 2022 and Kairos v2 gets no more fixes.
 * Add a release here after reading its release notes; the semantic checks
 * reject a version pair that is not in this table.
 */
export const KAIROS_RELEASES: Readonly<Record<string, { flavor: string; flavorRelease: string; k3s: readonly string[] }>> = {
  // Kairos v4.2.0 (August 2026), AuroraBoot v0.26.2; K3S 1.36 is the current Kubernetes minor.
  'v4.2.0': { flavor: 'hadron', flavorRelease: 'v0.5.1', k3s: ['v1.36.3+k3s1'] },
};

/** AuroraBoot release used to netboot the nodes (the one Kairos v4.2.0 is built and documented with). */
export const AURORABOOT_IMAGE = 'quay.io/kairos/auroraboot:v0.26.2';

const SshKey = Type.String({
  pattern: '^(github:[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})|(ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|sk-ssh-ed25519@openssh\\.com|ssh-rsa) [A-Za-z0-9+/]+={0,3}( [^\\n]*)?)$',
  title: 'an OpenSSH public key ("ssh-ed25519 AAAA... comment") or "github:<user>" (keys fetched from GitHub at boot)',
  description: 'Public key of an operator. Public keys are not secrets; private keys never come near this repository.',
});

const Cron = Type.String({
  pattern: '^(\\S+\\s+){4}\\S+$',
  title: 'a five-field cron expression such as "0 */6 * * *"',
  description: 'When embedded-etcd snapshots are taken (node-local time).',
});

export const KairosSchema = Strict({
  version: Type.String({ pattern: '^v[0-9]+\\.[0-9]+\\.[0-9]+$', title: 'a Kairos release such as v4.2.0', description: 'Kairos release of the node images.' }),
  k3s: Type.String({ pattern: '^v1\\.[0-9]+\\.[0-9]+\\+k3s[0-9]+$', title: 'a K3S release such as v1.36.3+k3s1', description: 'K3S version; must be one the Kairos release ships.' }),
  apiEndpoint: Type.Optional(Type.String({
    pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$',
    title: 'a DNS name or IPv4 address',
    description: 'Address of the Kubernetes API that nodes join through and clients use: a DNS name or virtual IP in front of every server. Required with more than one server.',
  })),
  tlsSans: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z0-9*]([-a-z0-9.]*[a-z0-9])?$' }), { uniqueItems: true, description: 'Extra names/addresses in the API server certificate (the endpoint and server names are always in).' })),
  users: Type.Array(Strict({
    name: DnsLabel('Login name; the user joins the "admin" group (sudo). Passwords stay locked: SSH keys only.'),
    sshKeys: Type.Array(SshKey, { minItems: 1, uniqueItems: true }),
  }), { minItems: 1, description: 'Operators who may log in to the nodes.' }),
  joinTokenUrl: Type.String({
    pattern: '^https://[^\\s]+$',
    title: 'an https URL',
    description: 'Where a node fetches the cloud-config fragment that writes the K3S join token file at install (served from the provisioning network, never from git).',
  }),
  installDevice: Type.Optional(Type.String({ pattern: '^(auto|/dev/[A-Za-z0-9/_.:-]+)$', title: '"auto" or a device path', description: 'Disk Kairos installs to; "auto" picks the largest. Use /dev/disk/by-path/... on servers with several disks.' })),
  etcdSnapshots: Type.Optional(Strict({
    schedule: Type.Optional(Cron),
    retention: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Snapshots kept per server.' })),
  }, 'Embedded-etcd snapshots on the K3S servers.')),
}, 'Kairos node images and K3S: versions, access, API endpoint, etcd snapshots.');

export type KairosFile = Static<typeof KairosSchema>;

export interface KairosConfig {
  version: string;
  k3s: string;
  /** OCI image every node boots (Kairos standard image with K3S). */
  image: string;
  apiEndpoint?: string;
  tlsSans: string[];
  users: Array<{ name: string; sshKeys: string[] }>;
  joinTokenUrl: string;
  installDevice: string;
  etcdSnapshots: { schedule: string; retention: number };
}

/** quay.io/kairos/<flavor>:<flavor_release>-standard-amd64-generic-<kairos>-k3s<k3s with + as -> (Kairos artifact naming). */
export function kairosImage(version: string, k3s: string): string | undefined {
  const release = KAIROS_RELEASES[version];
  if (!release) return undefined;
  return `quay.io/kairos/${release.flavor}:${release.flavorRelease}-standard-amd64-generic-${version}-k3s${k3s.replace('+', '-')}`;
}

export function resolveKairos(file: KairosFile, stage: Stage): KairosConfig {
  return {
    version: file.version,
    k3s: file.k3s,
    image: kairosImage(file.version, file.k3s) ?? '',
    apiEndpoint: file.apiEndpoint,
    tlsSans: file.tlsSans ?? [],
    users: file.users,
    joinTokenUrl: file.joinTokenUrl,
    installDevice: file.installDevice ?? 'auto',
    etcdSnapshots: {
      // Every 6 hours (k3s' default is 12); four a day kept for a week in prod.
      schedule: file.etcdSnapshots?.schedule ?? '0 */6 * * *',
      retention: file.etcdSnapshots?.retention ?? byStage(stage, { dev: 5, test: 8, staging: 14, prod: 28 }),
    },
  };
}
