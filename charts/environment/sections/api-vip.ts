// The Kubernetes API endpoint of an HA control plane: a virtual IP that
// kube-vip announces (ARP, leader election among the K3S servers). It is the
// address agents and joining servers use (--server) and the one a kubeconfig
// points at; a DNS name (kairos.apiEndpoint), if any, should resolve to it.
import { Type, type Static } from '@sinclair/typebox';
import { Strict } from '../types';
import type { SemanticIssue } from '../semantic';

/** kube-vip release announced on the servers (ghcr.io/kube-vip/kube-vip; the release provider-kairos defaults to). */
export const KUBE_VIP_VERSION = 'v1.2.3';
export const KUBE_VIP_IMAGE = `ghcr.io/kube-vip/kube-vip:${KUBE_VIP_VERSION}`;

const IPV4 = '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$';

export const ApiVipSchema = Strict({
  address: Type.String({ pattern: IPV4, title: 'an IPv4 address such as 10.20.0.10', description: 'Free address in the servers\' subnet; kube-vip holds it on the leader server.' }),
  interface: Type.String({ pattern: '^[a-zA-Z0-9._-]{1,15}$', title: 'a Linux interface name such as eth0 or bond0', description: 'Interface of the servers on which the address is announced (the same name on every server).' }),
}, 'Virtual IP in front of the K3S servers (kube-vip, ARP mode).');

export type ApiVipFile = Static<typeof ApiVipSchema>;
export interface ApiVipConfig { address: string; interface: string }

export const resolveApiVip = (file: ApiVipFile | undefined): ApiVipConfig | undefined => (file ? { ...file } : undefined);

/** A VIP must not be needed by one server alone, and must not collide with a TLS SAN that is a server name. */
export function apiVipIssues(vip: ApiVipConfig | undefined, servers: number): SemanticIssue[] {
  if (vip && servers < 2) return [{ path: ['apiVip'], message: `a virtual IP needs at least two K3S servers to move between; this environment has ${servers} (remove apiVip)` }];
  return [];
}
