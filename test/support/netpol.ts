// A small NetworkPolicy evaluator (Kubernetes semantics, TCP only): is a
// connection from one pod to a port of another allowed by the policies of
// both namespaces? A pod no policy selects for a direction is not isolated in
// that direction; an isolated pod needs a rule whose peers and ports match.
// ipBlock peers are taken to match any address (0.0.0.0/0 is all we render),
// pod addresses included. Whether they match pods is left to the network
// plugin: Calico matches them (projectcalico/calico#6634), Cilium does not;
// K3S's kube-router matches CIDRs by ipset, so we assume it does.
// `ipBlockMatchesPods: false` takes the reading np-guard's netpol-analyzer
// takes (they never match pods), so the two can be compared.
import type { Manifest } from '../../charts/render';
import { selectorMatches, type LabelSelector } from '../../charts/mojaloop/monitoring/store-exporters';

/** A missing selector selects nothing (Kubernetes label-selector semantics otherwise). */
const matches = (sel: LabelSelector | undefined, labels: Record<string, string>): boolean => Boolean(sel) && selectorMatches(sel!, labels);

export interface Pod {
  namespace: string;
  labels: Record<string, string>;
  /** Container ports, by name where named (NetworkPolicies may name them). */
  ports: Array<{ name?: string; containerPort: number }>;
}


export class NetworkPolicies {
  private readonly policies: any[];
  private readonly nsLabels: Map<string, Record<string, string>>;

  constructor(objects: Manifest[], private readonly opts: { ipBlockMatchesPods?: boolean } = {}) {
    this.policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    this.nsLabels = new Map(objects.filter((o) => o.kind === 'Namespace').map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
  }

  private peerMatches(peer: any, policyNs: string, other: Pod): boolean {
    if (peer.ipBlock) return this.opts.ipBlockMatchesPods ?? true;
    const nsOk = peer.namespaceSelector
      ? matches(peer.namespaceSelector, this.nsLabels.get(other.namespace) ?? { 'kubernetes.io/metadata.name': other.namespace }) || Object.keys(peer.namespaceSelector).length === 0
      : other.namespace === policyNs;
    const podOk = peer.podSelector ? (Object.keys(peer.podSelector).length === 0 || matches(peer.podSelector, other.labels)) : true;
    return nsOk && podOk;
  }

  private portMatches(rulePorts: any[] | undefined, dst: Pod, port: number): boolean {
    if (!rulePorts || rulePorts.length === 0) return true;
    return rulePorts.some((p) => {
      if ((p.protocol ?? 'TCP') !== 'TCP') return false;
      if (p.port === undefined) return true;
      if (typeof p.port === 'number') return p.port === port || (p.endPort !== undefined && port >= p.port && port <= p.endPort);
      return dst.ports.some((c) => c.name === p.port && c.containerPort === port);
    });
  }

  private allowedOneWay(direction: 'Ingress' | 'Egress', self: Pod, other: Pod, dst: Pod, port: number): boolean {
    const selecting = this.policies.filter((p) => p.metadata.namespace === self.namespace
      && (p.spec.policyTypes ?? ['Ingress']).includes(direction)
      && (Object.keys(p.spec.podSelector ?? {}).length === 0 || matches(p.spec.podSelector, self.labels)));
    if (selecting.length === 0) return true;
    return selecting.some((p) => ((direction === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some((rule: any) => {
      const peers = direction === 'Ingress' ? rule.from : rule.to;
      const peerOk = !peers || peers.length === 0 || peers.some((peer: any) => this.peerMatches(peer, self.namespace, other));
      return peerOk && this.portMatches(rule.ports, dst, port);
    }));
  }

  /** Whether `src` may open a TCP connection to `dst` on `port` (a container port of dst). */
  allows(src: Pod, dst: Pod, port: number): boolean {
    return this.allowedOneWay('Egress', src, dst, dst, port) && this.allowedOneWay('Ingress', dst, src, dst, port);
  }
}
