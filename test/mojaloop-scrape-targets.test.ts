import { describe, expect, it } from 'vitest';
import { enabledServices, enabledStores } from '../charts/mojaloop/catalog';
import { MONITORING_SELECTOR_LABELS } from '../charts/monitoring-core/contract';
import type { Manifest } from '../charts/render';
import { ENV_NAMES, byKind, environment, objects } from './support/bundled';
import { checkScrapeTargets } from './support/scrape-check';
import { selectorMatches } from '../charts/mojaloop/monitoring/store-exporters';
import { GRAFANA_PORT } from '../charts/monitoring-core/grafana';

const NS = 'mojaloop';
const service = (name: string, ports: string[], labels: Record<string, string> = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name }): Manifest =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS, labels }, spec: { ports: ports.map((p, i) => ({ name: p, port: 80 + i })) } });
const serviceMonitor = (name: string, port = 'http'): Manifest => ({
  apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name, namespace: NS },
  spec: { selector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name } }, endpoints: [{ port }] },
} as any);
const podMonitor = (name: string, selector: object, port: string): Manifest =>
  ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name, namespace: NS }, spec: { selector, podMetricsEndpoints: [{ port }] } } as any);
const kafka = (name: string, spec: object): Manifest => ({ apiVersion: 'kafka.strimzi.io/v1', kind: 'Kafka', metadata: { name, namespace: NS }, spec } as any);

describe('scrape-target cross-check (fixtures)', () => {
  it('passes when every monitor finds its Service or operator pods with the named port', () => {
    expect(checkScrapeTargets([
      service('centralledger-service', ['http']),
      serviceMonitor('centralledger-service'),
      kafka('kafka', { kafka: { metricsConfig: { type: 'jmxPrometheusExporter' } }, kafkaExporter: {} }),
      podMonitor('kafka-kafka', { matchLabels: { 'strimzi.io/cluster': 'kafka', 'strimzi.io/kind': 'Kafka' }, matchExpressions: [{ key: 'strimzi.io/name', operator: 'NotIn', values: ['kafka-kafka-exporter'] }] }, 'tcp-prometheus'),
    ])).toEqual([]);
  });
  it('fails a ServiceMonitor that selects nothing', () => {
    expect(checkScrapeTargets([service('other', ['http']), serviceMonitor('centralledger-service')])[0].message).toMatch(/selects no Service/);
  });
  it('fails a ServiceMonitor whose port name the Service lacks', () => {
    expect(checkScrapeTargets([service('quoting-service', ['api']), serviceMonitor('quoting-service')])[0].message).toMatch(/no port named "http"/);
  });
  it('fails a Service in another namespace', () => {
    const svc = service('quoting-service', ['http']);
    svc.metadata.namespace = 'elsewhere';
    expect(checkScrapeTargets([svc, serviceMonitor('quoting-service')])).toHaveLength(1);
  });
  it('fails a PodMonitor when the CR does not turn its exporter on', () => {
    const problems = checkScrapeTargets([
      kafka('kafka', { kafka: {} }),
      podMonitor('kafka-kafka-exporter', { matchLabels: { 'strimzi.io/cluster': 'kafka', 'strimzi.io/kind': 'Kafka', 'strimzi.io/name': 'kafka-kafka-exporter' } }, 'tcp-prometheus'),
    ]);
    expect(problems[0].message).toMatch(/does not turn on the exporter/);
  });
  it('fails a PodMonitor that selects no pods', () => {
    expect(checkScrapeTargets([podMonitor('x', { matchLabels: { app: 'nothing' } }, 'metrics')])[0].message).toMatch(/selects no pod/);
  });
  it('checks pod templates rendered by us for the container port', () => {
    const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: NS }, spec: { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', ports: [{ name: 'web' }] }] } } } } as any;
    expect(checkScrapeTargets([deploy, podMonitor('x', { matchLabels: { app: 'x' } }, 'metrics')])[0].message).toMatch(/no container port named "metrics"/);
  });
});

describe.each(ENV_NAMES)('scrape targets in %s', (name) => {
  const env = environment(name);
  const ms = objects(name, 'mojaloop');
  const monitors = [...byKind(ms, 'ServiceMonitor'), ...byKind(ms, 'PodMonitor')] as any[];

  it('a ServiceMonitor for every enabled service that serves /metrics (settlement has none upstream), on port http /metrics', () => {
    const expected = enabledServices(env.features).filter((s) => s.metricsPath).map((s) => `${env.mojaloop.namePrefix}${s.name}`).sort();
    const sms = byKind(ms, 'ServiceMonitor') as any[];
    expect(sms.map((m) => m.metadata.name).sort()).toEqual(expected);
    for (const m of sms) expect(m.spec.endpoints).toEqual([{ port: 'http', path: '/metrics' }]);
    if (env.features.bulk) expect(expected).toContain(`${env.mojaloop.namePrefix}bulk-api-adapter-service`);
    if (env.features.thirdParty) {
      for (const s of ['tp-api-svc', 'auth-service', 'consent-oracle']) expect(expected).toContain(`${env.mojaloop.namePrefix}${s}`);
    }
    expect(expected).toContain(`${env.mojaloop.namePrefix}als-msisdn-oracle`);
    expect(expected.some((n) => n.includes('centralsettlement'))).toBe(false);
  });

  it('PodMonitors for the exporters of every enabled store, labelling series with the store', () => {
    const pms = byKind(ms, 'PodMonitor') as any[];
    for (const store of enabledStores(env.features)) {
      const cr = `${env.mojaloop.namePrefix}${store.name}`;
      const own = pms.filter((p) => p.spec.podMetricsEndpoints[0].relabelings.some((r: any) => r.targetLabel === 'store' && r.replacement === cr));
      expect(own.length, store.name).toBeGreaterThan(0);
    }
  });

  it('every monitor carries the contract selector label and lives in the mojaloop namespace', () => {
    for (const m of monitors) {
      expect(m.metadata.labels).toMatchObject(MONITORING_SELECTOR_LABELS);
      expect(m.metadata.namespace).toBe(env.namespaces.mojaloop.name);
    }
  });

  // Strict cross-check against the rendered Services, Deployments and store CRs.
  it('every ServiceMonitor/PodMonitor selects a rendered Service/pod with the named port', () => {
    expect(byKind(ms, 'Service').length).toBeGreaterThan(0);
    expect(checkScrapeTargets(ms)).toEqual([]);
  });

  it('monitoring-core\'s own monitors find their targets, each pod once (the kubelet\'s Service is the operator\'s, in kube-system)', () => {
    const core = objects(name, 'monitoring-core') as any[];
    const services = core.filter((m) => m.kind === 'Service');
    const templates = core.filter((m) => m.spec?.template?.metadata);
    const sms = core.filter((m) => m.kind === 'ServiceMonitor' && m.metadata.name !== 'kubelet');
    expect(sms.length).toBeGreaterThan(5);
    for (const sm of sms) {
      const selected = services.filter((s) => selectorMatches(sm.spec.selector, s.metadata.labels));
      for (const ep of sm.spec.endpoints) {
        // Services without the port (headless, gossip) yield no target; at least one must have it.
        const serving = selected.filter((s) => s.spec.ports.some((p: any) => p.name === ep.port));
        expect(serving.length, `${sm.metadata.name}: no Service with port ${ep.port}`).toBeGreaterThan(0);
        // No pod behind two of them: it would be scraped twice.
        for (const t of templates) {
          const via = serving.filter((s) => Object.entries(s.spec.selector).every(([k, v]) => t.spec.template.metadata.labels[k] === v));
          expect(via.length, `${t.kind} ${t.metadata.name} scraped by ${sm.metadata.name} through ${via.map((s) => s.metadata.name)}`).toBeLessThanOrEqual(1);
        }
      }
    }
    // Grafana's pods come from the Grafana CR (grafana-operator): its PodMonitor selects the CR's pod template.
    const grafana = core.find((m) => m.kind === 'Grafana');
    for (const pm of core.filter((m) => m.kind === 'PodMonitor')) {
      expect(selectorMatches(pm.spec.selector, grafana.spec.deployment.spec.template.metadata.labels), pm.metadata.name).toBe(true);
      expect(pm.spec.podMetricsEndpoints).toEqual([{ path: '/metrics', portNumber: GRAFANA_PORT }]);
    }
  });
});
