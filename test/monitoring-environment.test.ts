// Environment-file checks of the monitoring section: bad input names the
// file, the field path and what was expected.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS_DIR, parseEnvironment } from '../charts/environment/load';

const base = (name: string) => readFileSync(path.join(ENVIRONMENTS_DIR, `${name}.yaml`), 'utf8');
const errorOf = (text: string, name = 'x'): string => {
  try { parseEnvironment(text, name, `environments/${name}.yaml`); } catch (e) { return String((e as Error).message); }
  return '';
};

describe('monitoring section of environment files', () => {
  it('the bundled environments resolve receivers and storage', () => {
    const prod = parseEnvironment(base('prod'), 'prod', 'environments/prod.yaml');
    expect(prod.monitoring.alertmanager.receivers.map((r) => r.name)).toEqual(['oncall', 'platform-chat', 'platform-mail', 'deadmans-switch']);
    expect(prod.monitoring.alertmanager.receivers.find((r) => r.heartbeat)?.severities).toEqual([]);
    expect(prod.monitoring.loki.objectStorage?.region).toBe('us-east-1');
    const dev = parseEnvironment(base('dev'), 'dev', 'environments/dev.yaml');
    expect(dev.monitoring.grafana.anonymous).toBe(true);
    expect(dev.monitoring.loki.mode).toBe('monolithic');
  });
  it('distributed Loki without object storage is rejected with the field path', () => {
    const text = base('staging').replace(/  loki:\n    objectStorage:\n(      .*\n)+/, '');
    expect(errorOf(text, 'staging')).toMatch(/monitoring\.loki\.objectStorage: distributed Loki keeps chunks and index in object storage/);
  });
  it('a production-like environment without a critical receiver is rejected', () => {
    const text = base('staging').replace(/  alertmanager:\n    receivers:\n(      .*\n)+/, '');
    expect(errorOf(text, 'staging')).toMatch(/monitoring\.alertmanager\.receivers: a staging environment needs at least one receiver for critical alerts/);
  });
  it('a receiver with two integrations, a credential given as a value, or an unknown field is rejected', () => {
    const two = `${base('dev')}monitoring:\n  alertmanager:\n    receivers:\n      - name: both\n        slack: {channel: "#a", apiUrl: {secret: s, key: k}}\n        pagerduty: {routingKey: {secret: s, key: p}}\n`;
    expect(errorOf(two, 'dev')).toMatch(/monitoring\.alertmanager\.receivers\[0\]: receiver "both" has slack and pagerduty; expected exactly one/);
    const value = `${base('dev')}monitoring:\n  alertmanager:\n    receivers:\n      - name: chat\n        slack: {channel: "#a", apiUrl: "https://hooks.slack.com/services/T/B/X"}\n`;
    expect(errorOf(value, 'dev')).toMatch(/monitoring\.alertmanager\.receivers\[0\]\.slack\.apiUrl: expected an object; got string/);
    const typo = `${base('dev')}monitoring:\n  lokii: {}\n`;
    expect(errorOf(typo, 'dev')).toMatch(/lokii/);
  });
  it('monolithic Loki in prod, or fewer than 3 ingesters, is rejected', () => {
    expect(errorOf(base('prod').replace('  loki:\n', '  loki:\n    mode: monolithic\n'), 'prod')).toMatch(/monitoring\.loki\.mode: monolithic Loki/);
    expect(errorOf(base('prod').replace('  loki:\n', '  loki:\n    ingesters: 2\n'), 'prod')).toMatch(/monitoring\.loki\.ingesters: 2: the replication factor is 3/);
    expect(errorOf(base('prod').replace('  loki:\n', '  loki:\n    ingesters: 5\n'), 'prod')).toMatch(/monitoring\.loki\.ingesters: 5 replicas cannot be placed/);
  });
});
