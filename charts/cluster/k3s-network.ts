// K3S's cluster networking as every environment runs it: no environment sets
// --cluster-cidr, --service-cidr, --cluster-dns or --cluster-domain, so K3S's
// defaults apply (k3s pkg/cli/cmds/server.go: service-cidr "10.43.0.0/16",
// cluster-dns "default: 10.43.0.10", cluster-domain "cluster.local"). The
// kubelet of every node is given the cluster DNS address by K3S whether or not
// K3S deploys CoreDNS, so our CoreDNS Service must hold exactly that address.

/** K3S's default pod and Service address ranges (k3s server --cluster-cidr, --service-cidr). */
export const K3S_CLUSTER_CIDR = '10.42.0.0/16';
export const K3S_SERVICE_CIDR = '10.43.0.0/16';
/** k3s server --cluster-domain default. */
export const CLUSTER_DOMAIN = 'cluster.local';

/** The n-th address of an IPv4 CIDR (K3S takes the 10th of --service-cidr for the cluster DNS). */
export function indexedAddress(cidr: string, n: number): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m) throw new Error(`${cidr}: not an IPv4 CIDR`);
  const bits = Number(m[5]);
  const base = m.slice(1, 5).reduce((a, o) => a * 256 + Number(o), 0);
  const network = bits === 0 ? 0 : Math.floor(base / 2 ** (32 - bits)) * 2 ** (32 - bits);
  if (n >= 2 ** (32 - bits)) throw new Error(`${cidr} has no address number ${n}`);
  const a = network + n;
  return [24, 16, 8, 0].map((s) => Math.floor(a / 2 ** s) % 256).join('.');
}

/** The cluster DNS Service's address: the 10th of the Service range (K3S's 10.43.0.10). */
export const CLUSTER_DNS_ADDRESS = indexedAddress(K3S_SERVICE_CIDR, 10);
