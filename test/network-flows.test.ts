// The flows the stack needs, evaluated with our own evaluator against the
// rendered NetworkPolicies of both namespaces (default-deny everywhere): every
// scrape a ServiceMonitor or PodMonitor asks for, Grafana to its datasources,
// Alloy to Loki, the Loki gateway to the components, Alertmanager peers, the
// switch's services to their stores and callees, the operators to their
// stores' pods. And a few flows that must stay closed, so "allowed" cannot
// mean "everything open". The list lives in support/flows.ts; this is the fast
// feedback, test/netpol-analyzer.test.ts checks the same list with np-guard's
// netpol-analyzer.
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../charts/render';
import { ENV_NAMES } from './support/bundled';
import { networkFlows, type Flow } from './support/flows';
import { NetworkPolicies } from './support/netpol';

describe.each(ENV_NAMES)('network flows in %s', (name) => {
  const flows = networkFlows(name);
  const np = new NetworkPolicies(flows.objects as Manifest[]);
  const expectFlows = (list: Flow[]) => {
    for (const { what, src, dst, port, allowed } of list) {
      expect(np.allows(src, dst, port), `${what} (${src.labels['app.kubernetes.io/name']} -> ${dst.labels['app.kubernetes.io/name'] ?? JSON.stringify(dst.labels)}:${port})`).toBe(allowed);
    }
  };

  it('Prometheus reaches every target a ServiceMonitor names, in both namespaces', () => expectFlows(flows.serviceMonitorScrapes()));
  it('Prometheus reaches every exporter a PodMonitor names (operator-managed pods included)', () => expectFlows(flows.podMonitorScrapes()));
  it('Grafana reaches its datasources; grafana-operator reaches Grafana; Prometheus reaches Alertmanager; Alertmanager peers gossip', () => expectFlows(flows.monitoring()));
  it('Alloy pushes to Loki; in distributed mode the gateway reaches the components it proxies, and they reach each other', () => expectFlows(flows.logs()));
  it('each switch service reaches its stores and the services it calls; each store admits its operator', () => expectFlows(flows.switch()));
  it('the migration Jobs reach their database and nothing else; the provisioning Job reaches the admin APIs', () => expectFlows(flows.jobs()));
  it('each gateway reaches the services its routes lead to; the admin APIs take the internal gateway and their callers only', () => {
    const list = flows.gateways();
    expect(list.filter((f) => f.allowed).length).toBeGreaterThan(10);
    expectFlows(list);
  });
  it('and what must stay closed stays closed', () => {
    const closed = flows.closed();
    expect(closed.every((f) => !f.allowed)).toBe(true);
    expectFlows(closed);
  });
});

describe('finding (issue 13, minor): the admin APIs accept traffic from any namespace', () => {
  it('the gateway flows catch it on the policy rendered before (API ingress open to every peer)', () => {
    const flows = networkFlows('prod');
    const ml = flows.env.namespaces.mojaloop.name;
    // The rule every API service had: `ingress: [{ ports: [http] }]`, no peers.
    const before = (flows.objects as Manifest[]).map((o) => (o.kind === 'NetworkPolicy' && o.metadata.namespace === ml && o.metadata.name === 'centralledger-service'
      ? { ...o, spec: { ...(o.spec as Record<string, unknown>), ingress: [{ ports: [{ protocol: 'TCP', port: 'http' }] }] } } : o));
    const np = new NetworkPolicies(before);
    const wrong = flows.gateways().filter((f) => np.allows(f.src, f.dst, f.port) !== f.allowed).map((f) => f.what);
    expect(wrong).toEqual([
      'the external gateway never reaches the admin API centralledger-service',
      'another namespace never reaches the admin API centralledger-service',
      'a Prometheus-labelled pod elsewhere does not reach the admin API centralledger-service either',
    ]);
  });
});

