// Network flows of the mojaloop namespace: default deny, then exactly the
// flows the catalog declares; Prometheus admitted through the contract labels;
// charts/mojaloop imports nothing from monitoring-core but its contract.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MONITORING_NAMESPACE_LABELS, PROMETHEUS_POD_LABELS } from '../charts/monitoring-core/contract';
import { enabledServices, enabledStores } from '../charts/mojaloop/catalog';
import { ENV_NAMES, environment, objects } from './support/bundled';

type Any = Record<string, any>;

describe.each(ENV_NAMES)('mojaloop NetworkPolicies in %s', (name) => {
  const env = environment(name);
  const pols = (objects(name, 'mojaloop') as Any[]).filter((m) => m.kind === 'NetworkPolicy');
  const byName = (n: string) => pols.find((p) => p.metadata.name === n)!;

  it('Prometheus from the monitoring namespace may scrape every port a ServiceMonitor or PodMonitor names', () => {
    const p = byName('allow-prometheus-scrape');
    expect(p.spec.podSelector).toEqual({});
    expect(p.spec.ingress[0].from[0]).toEqual({ namespaceSelector: { matchLabels: MONITORING_NAMESPACE_LABELS }, podSelector: { matchLabels: PROMETHEUS_POD_LABELS } });
    const admitted = p.spec.ingress[0].ports.map((x: Any) => x.port);
    const ms = objects(name, 'mojaloop') as Any[];
    const scraped = [
      ...ms.filter((m) => m.kind === 'ServiceMonitor').flatMap((m) => m.spec.endpoints.map((e: Any) => e.targetPort ?? e.port)),
      ...ms.filter((m) => m.kind === 'PodMonitor').flatMap((m) => m.spec.podMetricsEndpoints.map((e: Any) => e.port)),
    ];
    expect(scraped.length).toBeGreaterThan(0);
    // ServiceMonitors name the Service port; ours is called as the container port it targets.
    for (const port of new Set(scraped)) expect(admitted, `port ${port} is scraped but not admitted`).toContain(port);
  });

  it('each store admits its operator\'s pods, selected by the labels of the pinned upstream bundle', () => {
    const expected: Record<string, Record<string, string>> = {
      kafka: { 'strimzi.io/kind': 'cluster-operator' },
      mysql: { 'app.kubernetes.io/name': 'percona-xtradb-cluster-operator' },
      mongodb: { 'app.kubernetes.io/name': 'percona-server-mongodb-operator' },
      // redis-operator's kustomize base (config/manager/manager.yaml), not its Helm chart.
      redis: { 'control-plane': 'redis-operator' },
    };
    for (const store of enabledStores(env.features)) {
      const p = byName(`${env.mojaloop.namePrefix}${store.name}-store`);
      expect(p.spec.ingress, store.name).toContainEqual({ from: [{ namespaceSelector: {}, podSelector: { matchLabels: expected[store.kind] } }] });
    }
  });

  for (const svc of enabledServices(env.features)) {
    it(`${svc.name}: ingress only if an API, egress to its stores and callees only`, () => {
      const p = byName(`${env.mojaloop.namePrefix}${svc.name}`);
      expect(p.spec.podSelector.matchLabels['app.kubernetes.io/name']).toBe(svc.name);
      expect(p.spec.ingress.length).toBe(svc.role === 'api' ? 1 : 0);
      const open = p.spec.egress.filter((e: Any) => e.to?.[0]?.ipBlock);
      expect(open.length).toBe(svc.callbacks ? 1 : 0);
      if (svc.stores.includes('kafka')) expect(p.spec.egress.some((e: Any) => e.ports?.[0]?.port === 9092)).toBe(true);
    });
  }

  it('each store admits its own members, its clients on the client port and its operator', () => {
    const p = byName(`${env.mojaloop.namePrefix}central-ledger-db-store`);
    const clients = p.spec.ingress[1];
    expect(clients.ports).toEqual([{ protocol: 'TCP', port: 3306 }]);
    const names = clients.from.map((f: Any) => f.podSelector.matchLabels['app.kubernetes.io/name']);
    expect(names).toEqual(expect.arrayContaining(['centralledger-service', 'quoting-service', 'centralsettlement-service']));
    expect(names).not.toContain('ml-api-adapter-service');
  });
});

describe('contract boundary', () => {
  it('charts/mojaloop imports only contract.ts from monitoring-core', () => {
    const dir = path.resolve(import.meta.dirname, '../charts/mojaloop');
    const files = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(path.join(d, f)).isDirectory() ? files(path.join(d, f)) : [path.join(d, f)]));
    for (const f of files(dir).filter((x) => x.endsWith('.ts'))) {
      for (const [, spec] of readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)) {
        if (spec.includes('monitoring-core')) expect(spec, f).toMatch(/monitoring-core\/contract$/);
      }
    }
  });
});
