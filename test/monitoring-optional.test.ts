// The optional parts of monitoring-core that no bundled environment turns on
// all at once: Consul service discovery (ScrapeConfig CR), every receiver kind
// (Opsgenie and a plain webhook included) and remote-write. A variant of the
// staging file enables them; what it renders must validate, pass amtool,
// route as declared, open exactly the egress it needs and list its Secrets.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvironment, ENVIRONMENTS_DIR } from '../charts/environment/load';
import { renderEnvironment, renderLayers } from '../charts/render';
import { MONITORING_SELECTOR_LABELS } from '../charts/monitoring-core/contract';
import { ALERTMANAGER_CONFIG_FILE } from '../charts/monitoring-core/alertmanager';
import { checkFor } from '../scripts/lib/validate';
import { parseYaml } from './support/bundled';
import { run, tempDir, writeTemp } from './support/tools';

const staging = readFileSync(path.join(ENVIRONMENTS_DIR, 'staging.yaml'), 'utf8');
const OPTIONAL = `
  prometheus:
    remoteWrite:
      url: https://mimir.example.org:8443/api/v1/push
      basicAuth: {secret: remote-write-auth}
    consul:
      server: consul-server.consul.svc:8500
      tags: [metrics]
      token: {secret: consul-acl, key: token}
      targetPorts: [9100, 9273]
  alertmanager:
    receivers:
      - name: pager
        severities: [critical]
        opsgenie: {apiKey: {secret: am-receivers, key: opsgenie-key}, apiUrl: "https://api.eu.opsgenie.com/"}
      - name: tickets
        severities: [warning]
        webhook: {url: "http://ticket-bridge.tools.svc:9000/alerts", bearerToken: {secret: am-receivers, key: bridge-token}}
      - name: mail
        email: {to: ops@example.org, from: am@example.org, smarthost: "smtp.example.org:587", username: am, password: {secret: am-receivers, key: smtp}}
      - name: heartbeat
        heartbeat: true
        webhook: {url: "https://heartbeat.example.org/ping"}
`;
const text = staging.replace(/^monitoring:\n  prometheus:\n    retention: 15d\n  alertmanager:\n    receivers:\n(?: {6}.*\n)+/m, `monitoring:${OPTIONAL}`);
const env = parseEnvironment(text, 'optional', 'environments/optional.yaml');
const objects = renderLayers(env).layers.find((l) => l.layer === 'monitoring-core')!.objects.map((o) => o.manifest) as any[];
const files = renderEnvironment(env);

describe('monitoring-core with every optional part on', () => {
  it('the variant really turns them on', () => {
    expect(text).not.toBe(staging);
    expect(env.monitoring.prometheus.consul?.server).toBe('consul-server.consul.svc:8500');
    expect(env.monitoring.alertmanager.receivers.map((r) => r.name)).toEqual(['pager', 'tickets', 'mail', 'heartbeat']);
  });

  it('Consul discovery is a ScrapeConfig CR carrying the contract label, valid against its CRD, its token from a Secret', async () => {
    const sc = objects.find((o) => o.kind === 'ScrapeConfig');
    expect(sc.metadata.labels).toMatchObject(MONITORING_SELECTOR_LABELS);
    expect(sc.spec.consulSDConfigs).toEqual([{ server: 'consul-server.consul.svc:8500', tags: ['metrics'], tokenRef: { name: 'consul-acl', key: 'token' } }]);
    const check = await checkFor(sc.apiVersion, sc.kind);
    expect(check).not.toBeNull();
    expect(check!(sc)).toEqual([]);
    const [p] = objects.filter((o) => o.kind === 'Prometheus');
    expect(p.spec.scrapeConfigSelector).toEqual({ matchLabels: MONITORING_SELECTOR_LABELS });
    expect(p.spec.remoteWrite[0]).toMatchObject({ url: 'https://mimir.example.org:8443/api/v1/push', basicAuth: { username: { name: 'remote-write-auth' } } });
  });

  it('Prometheus may leave the monitored namespaces only towards Consul, the targets it discovers and remote-write; Alertmanager only towards its receivers\' ports', () => {
    const egress = (name: string) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === `allow-${name}`).spec.egress as any[];
    const open = (rules: any[]) => rules.filter((r) => JSON.stringify(r.to ?? []).includes('0.0.0.0/0')).flatMap((r) => r.ports.map((x: any) => x.port)).sort((a: number, b: number) => a - b);
    expect(open(egress('prometheus'))).toEqual([8443, 8500, 9100, 9273]);
    expect(open(egress('alertmanager'))).toEqual([443, 587, 9000]);
  });

  it('amtool accepts every receiver kind together, and routes critical to Opsgenie, warning to the webhook, the Watchdog to the heartbeat', () => {
    const dir = tempDir('am-optional');
    const file = writeTemp(dir, 'alertmanager.yaml', files.get(`monitoring-core/${ALERTMANAGER_CONFIG_FILE}`)!);
    const check = run('amtool', ['check-config', file]);
    expect(check.status, check.output).toBe(0);
    const cfg = parseYaml(readFileSync(file, 'utf8')) as any;
    const receiver = (n: string) => cfg.receivers.find((r: any) => r.name === n);
    expect(receiver('pager').opsgenie_configs[0]).toMatchObject({ api_key_file: '/etc/alertmanager/secrets/am-receivers/opsgenie-key', api_url: 'https://api.eu.opsgenie.com/' });
    expect(receiver('tickets').webhook_configs[0].http_config.authorization.credentials_file).toBe('/etc/alertmanager/secrets/am-receivers/bridge-token');
    const routes = (...labels: string[]) => run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...labels]).output
      .split('\n').filter((l) => l && !l.startsWith('Warning')).join(',').split(',').map((s) => s.trim()).filter(Boolean).sort();
    expect(routes('alertname=X', 'severity=critical')).toEqual(['mail', 'pager']);
    expect(routes('alertname=X', 'severity=warning')).toEqual(['mail', 'tickets']);
    expect(routes('alertname=Watchdog', 'severity=none')).toEqual(['heartbeat']);
  });

  it('Consul without the targets\' ports is rejected, naming the field', () => {
    let message = '';
    try { parseEnvironment(text.replace('      targetPorts: [9100, 9273]\n', ''), 'optional', 'environments/optional.yaml'); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/^environments\/optional\.yaml:\d+:\d+: monitoring\.prometheus\.consul\.targetPorts: required field is missing/m);
  });

  it('the README lists the Secrets these parts read', () => {
    const readme = files.get('README.md')!;
    for (const s of ['consul-acl', 'remote-write-auth', 'am-receivers']) expect(readme).toContain(`\`${s}\``);
    for (const k of ['opsgenie-key', 'bridge-token', 'smtp', 'token']) expect(readme).toContain(`\`${k}\``);
  });
});
