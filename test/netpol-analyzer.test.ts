// Cross-check of our own NetworkPolicy evaluator (support/netpol.ts, the fast
// feedback in test/network-flows.test.ts) with a maintained analyzer:
// np-guard's netpol-analyzer v1.4.4 (tools/netpol). For each environment the
// rendered NetworkPolicies and Namespaces of every layer, the workloads the
// flows name and the operator- and CR-made pods go to a directory; `netpolicy
// list` computes the allowed connections; every flow of support/flows.ts must
// be allowed, or denied, as the list says. Disagreements name source,
// destination and port, with our evaluator's verdict next to the analyzer's.
// Then, for every pair of pods written and every TCP container port of the
// destination, our evaluator and the analyzer must agree, reading ipBlock
// peers as the analyzer does (they do not match pods); what is open only where
// a plugin lets ipBlock 0.0.0.0/0 match pod addresses is the last case below.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../charts/render';
import { ENV_NAMES, objects } from './support/bundled';
import { networkFlows, type Flow } from './support/flows';
import { NetworkPolicies, type Pod } from './support/netpol';
import { analyzerAllows, analyzerBinary, listConnections, writeAnalyzerInput, type Connectivity } from './support/netpol-analyzer';
import { tempDir } from './support/tools';

type Any = Record<string, any>;

let bin = '';
// A cold build compiles client-go and friends: minutes on 2 shared cores. Warm, it is instant.
beforeAll(() => { bin = analyzerBinary(); }, 30 * 60_000);

/** Flows where the analyzer's verdict is not the expected one, as readable lines. */
function disagreements(name: string, dir: string, { edit = (r: Any[]) => r, ipBlockMatchesPods = false } = {}): { flows: string[]; pairs: string[] } {
  const flows = networkFlows(name);
  const list: Flow[] = [...flows.serviceMonitorScrapes(), ...flows.podMonitorScrapes(), ...flows.monitoring(), ...flows.logs(), ...flows.switch(), ...flows.jobs(), ...flows.gateways(), ...flows.closed()];
  // What the cluster gets: every layer's policies and namespaces (namespaces have their own layer).
  const rendered = edit(objects(name) as Any[]);
  const policies = rendered.filter((o) => o.kind === 'NetworkPolicy');
  const namespaces = rendered.filter((o) => o.kind === 'Namespace');
  const { where, peers } = writeAnalyzerInput(dir, list, policies, namespaces);
  const conns = listConnections(bin, dir);
  const ours = new NetworkPolicies(edit(flows.objects) as Manifest[]);
  const verdict = (b: boolean) => (b ? 'allowed' : 'denied');
  const out: string[] = [];
  for (const f of list) {
    const { src, dst } = where.get(f)!;
    const theirs = analyzerAllows(conns, src, dst, f.port);
    if (theirs !== f.allowed) out.push(`${f.what}: ${src} -> ${dst} TCP ${f.port}: expected ${verdict(f.allowed)}, analyzer ${verdict(theirs)}, our evaluator ${verdict(ours.allows(f.src, f.dst, f.port))}`);
  }
  expect(list.length).toBeGreaterThan(30);
  // The analyzer does not match pod addresses with ipBlock peers; our evaluator does by default (see support/netpol.ts).
  return { flows: [...new Set(out)], pairs: pairDisagreements(peers, new NetworkPolicies(edit(flows.objects) as Manifest[], { ipBlockMatchesPods }), conns) };
}

/**
 * Beyond the listed flows: every ordered pair of pods written and every TCP
 * container port of the destination, our evaluator's verdict against the
 * analyzer's.
 */
function pairDisagreements(peers: Map<string, Pod>, ours: NetworkPolicies, conns: Connectivity): string[] {
  const out: string[] = [];
  for (const [s, src] of peers) {
    for (const [d, dst] of peers) {
      if (s === d) continue;
      for (const port of new Set(dst.ports.map((p) => p.containerPort))) {
        const a = ours.allows(src, dst, port);
        const b = analyzerAllows(conns, s, d, port);
        if (a !== b) out.push(`${s} -> ${d} TCP ${port}: our evaluator ${a ? 'allows' : 'denies'}, analyzer ${b ? 'allows' : 'denies'}`);
      }
    }
  }
  return out;
}

describe.each(ENV_NAMES)('netpol-analyzer agrees with the expected flows in %s', (name) => {
  it('every flow the stack needs is allowed, every flow that must stay closed is denied', () => {
    const dir = tempDir(`netpol-${name}`);
    try {
      const { flows, pairs } = disagreements(name, path.join(dir, 'in'));
      expect(flows, `netpol-analyzer disagrees on ${flows.length} flows:\n${flows.join('\n')}`).toEqual([]);
      expect(pairs, `our evaluator and netpol-analyzer disagree on ${pairs.length} pod pairs and ports:\n${pairs.join('\n')}`).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Each case runs the analyzer twice on prod (a minute or more on 2 shared cores).
describe('the analyzer checks fail on a broken input', () => {
  it('prod without the mojaloop policy admitting Prometheus: the analyzer denies the scrapes into mojaloop', () => {
    const ml = networkFlows('prod').env.namespaces.mojaloop.name;
    const dir = tempDir('netpol-broken');
    try {
      const before = new Set(disagreements('prod', path.join(dir, 'good')).flows);
      const after = disagreements('prod', path.join(dir, 'broken'), { edit: (r) => r.filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-prometheus-scrape' && o.metadata.namespace === ml)) }).flows;
      const caught = after.filter((l) => !before.has(l));
      expect(caught.length).toBeGreaterThan(5);
      const scrapeIntoMojaloop = new RegExp(`^scrape .* -> ${ml}/\\S+ TCP \\d+: expected allowed, analyzer denied`);
      expect(caught.filter((l) => !scrapeIntoMojaloop.test(l)), caught.join('\n')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('prod with an allow-all ingress policy in mojaloop: the analyzer allows the flows that must stay closed', () => {
    const ml = networkFlows('prod').env.namespaces.mojaloop.name;
    const dir = tempDir('netpol-open');
    try {
      const openAll = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-all-ingress', namespace: ml }, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}] } };
      const caught = disagreements('prod', path.join(dir, 'in'), { edit: (r) => [...r, openAll] }).flows;
      expect(caught.length).toBeGreaterThan(0);
      // Only ingress opens: flows that egress policies also stop stay denied.
      expect(caught.filter((l) => !/expected denied, analyzer allowed/.test(l)), caught.join('\n')).toEqual([]);
      expect(caught.some((l) => l.startsWith('an unknown operator cannot reach the ledger database: default/')), caught.join('\n')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('prod read by an evaluator that lets ipBlock 0.0.0.0/0 match pods: the pair check reports what a callback egress rule open to every port would open', () => {
    const dir = tempDir('netpol-ipblock');
    try {
      // The callback rule is limited to the DFSPs' callback ports, which no pod listens on; opened to
      // every port (as it was before), what it would open inside the cluster shows in the pair check.
      const everyPort = (r: Any[]) => r.map((o) => (o.kind !== 'NetworkPolicy' ? o : {
        ...o, spec: { ...o.spec, egress: o.spec.egress?.map((e: Any) => (e.to?.some((p: Any) => p.ipBlock) ? { to: e.to } : e)) },
      }));
      expect(disagreements('prod', path.join(dir, 'limited'), { ipBlockMatchesPods: true }).pairs).toEqual([]);
      const { pairs } = disagreements('prod', path.join(dir, 'in'), { ipBlockMatchesPods: true, edit: everyPort });
      expect(pairs.length).toBeGreaterThan(0);
      expect(pairs.filter((l) => !/: our evaluator allows, analyzer denies$/.test(l)), pairs.join('\n')).toEqual([]);
      // e.g. the account lookup service, which may call any FSP, reaching the quoting service.
      expect(pairs.some((l) => /\/account-lookup-service -> \S+\/quoting-service TCP/.test(l)), pairs.join('\n')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
