// alertmanager.yaml of every environment: accepted by amtool, routes proven
// with `amtool config routes test`, inhibit rules asserted by structure and
// exercised on a short-lived local Alertmanager (127.0.0.1 only).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTMANAGER_CONFIG_FILE, ALERTMANAGER_CONFIG_SECRET } from '../charts/monitoring-core/alertmanager';
import { INHIBIT_RULES, SECRETS_DIR } from '../charts/monitoring-core/alertmanager-config';
import { ENV_NAMES, byKind, environment, objects, parseYaml, renderedFiles } from './support/bundled';
import { promBinary } from './support/prom-binaries';
import { run, tempDir, writeTemp } from './support/tools';

const configOf = (env: string) => renderedFiles(env).get(`monitoring-core/${ALERTMANAGER_CONFIG_FILE}`)!;

function routes(file: string, labels: string[]): string[] {
  const { status, output } = run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...labels]);
  expect(status, output).toBe(0);
  return output.split('\n').filter((l) => l && !l.startsWith('Warning')).join(',').split(',').map((s) => s.trim()).filter(Boolean).sort();
}

describe.each(ENV_NAMES)('alertmanager.yaml of %s', (env) => {
  const e = environment(env);
  const dir = tempDir(`am-${env}`);
  const file = writeTemp(dir, 'alertmanager.yaml', configOf(env));
  const receivers = e.monitoring.alertmanager.receivers;
  const expected = (severity: 'critical' | 'warning') => {
    const names = receivers.filter((r) => !r.heartbeat && r.severities.includes(severity)).map((r) => r.name);
    return names.length ? names.sort() : ['null'];
  };

  it('amtool check-config accepts it', () => {
    const { status, output } = run('amtool', ['check-config', file]);
    expect(status, output).toBe(0);
    expect(output).toContain('SUCCESS');
  });
  it('is turned into the CR\'s Secret by a secretGenerator without a name suffix', () => {
    const k = parseYaml(renderedFiles(env).get('monitoring-core/kustomization.yaml')!) as any;
    expect(k.secretGenerator).toContainEqual(expect.objectContaining({ name: ALERTMANAGER_CONFIG_SECRET, files: [ALERTMANAGER_CONFIG_FILE], options: expect.objectContaining({ disableNameSuffixHash: true }) }));
    const [am] = byKind(objects(env, 'monitoring-core'), 'Alertmanager') as any[];
    expect(am.spec.configSecret).toBe(ALERTMANAGER_CONFIG_SECRET);
  });
  it('holds no credential: every secret is a *_file under the mounted Secrets, and each is mounted', () => {
    const cfg = parseYaml(configOf(env)) as any;
    const text = JSON.stringify(cfg);
    expect(text).not.toMatch(/"(api_url|routing_key|service_key|api_key|auth_password|auth_secret|credentials|bot_token|password)":/);
    const [am] = byKind(objects(env, 'monitoring-core'), 'Alertmanager') as any[];
    const files = [...text.matchAll(/"[a-z_]+_file":"([^"]+)"/g)].map((m) => m[1]);
    for (const f of files) {
      expect(f.startsWith(`${SECRETS_DIR}/`)).toBe(true);
      expect(am.spec.secrets).toContain(path.relative(SECRETS_DIR, f).split('/')[0]);
    }
  });
  it('routes a critical alert to the critical receivers', () => {
    expect(routes(file, ['alertname=NodeRAIDDegraded', 'severity=critical', `cluster=${e.cluster.name}`])).toEqual(expected('critical'));
  });
  it('routes a warning to the warning receivers', () => {
    expect(routes(file, ['alertname=KubePodCrashLooping', 'severity=warning', 'namespace=mojaloop'])).toEqual(expected('warning'));
  });
  it('routes the Watchdog to the heartbeat receiver only', () => {
    const hb = receivers.filter((r) => r.heartbeat).map((r) => r.name);
    expect(routes(file, ['alertname=Watchdog', 'severity=none'])).toEqual(hb.length ? hb : ['null']);
  });
  it('sends info/none alerts nowhere', () => {
    expect(routes(file, ['alertname=Something', 'severity=info'])).toEqual(['null']);
  });
  it('carries the inhibit rules: node down mutes what ran on it, critical mutes the same warning', () => {
    const cfg = parseYaml(configOf(env)) as any;
    expect(cfg.inhibit_rules).toEqual(INHIBIT_RULES);
    const nodeDown = cfg.inhibit_rules.find((r: any) => r.source_matchers.includes('alertname="KubeNodeNotReady"'));
    expect(nodeDown.equal).toContain('node');
    expect(nodeDown.target_matchers).toContain('alertname!="KubeNodeNotReady"');
    const severity = cfg.inhibit_rules.find((r: any) => r.source_matchers.includes('severity="critical"'));
    expect(severity.target_matchers).toEqual(['severity="warning"']);
    expect(severity.equal).toContain('alertname');
  });
});

// A real Alertmanager (the deployed release, built with amtool) on 127.0.0.1 proves the inhibitions.
describe('inhibit rules on a local Alertmanager (dev config)', () => {
  const port = 19093 + Math.floor(Math.random() * 500);
  const base = `http://127.0.0.1:${port}`;
  let proc: ReturnType<typeof spawn>;
  beforeAll(async () => {
    const dir = tempDir('am-live');
    const file = writeTemp(dir, 'alertmanager.yaml', configOf('dev'));
    proc = spawn(promBinary('alertmanager'), [`--config.file=${file}`, `--storage.path=${dir}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${base}/-/ready`)).ok) return; } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('local alertmanager did not become ready');
  });
  afterAll(() => { proc?.kill(); });

  it('mutes alerts of a node that is not ready, and warnings with a critical twin', async () => {
    const alert = (labels: Record<string, string>) => ({ labels: { cluster: 'c', ...labels }, annotations: {}, startsAt: new Date(Date.now() - 60_000).toISOString() });
    const res = await fetch(`${base}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        alert({ alertname: 'KubeNodeNotReady', severity: 'critical', node: 'n1' }),
        alert({ alertname: 'KubePodCrashLooping', severity: 'warning', namespace: 'mojaloop', pod: 'a', node: 'n1' }),
        alert({ alertname: 'KubePodCrashLooping', severity: 'warning', namespace: 'mojaloop', pod: 'b', node: 'n2' }),
        alert({ alertname: 'KubePersistentVolumeFillingUp', severity: 'critical', namespace: 'mojaloop', persistentvolumeclaim: 'data-0' }),
        alert({ alertname: 'KubePersistentVolumeFillingUp', severity: 'warning', namespace: 'mojaloop', persistentvolumeclaim: 'data-0' }),
        alert({ alertname: 'KubePersistentVolumeFillingUp', severity: 'warning', namespace: 'mojaloop', persistentvolumeclaim: 'data-1' }),
      ]),
    });
    expect(res.ok).toBe(true);
    let state = new Map<string, string>();
    for (let i = 0; i < 50; i++) {
      const alerts = await (await fetch(`${base}/api/v2/alerts`)).json() as Array<{ labels: Record<string, string>; status: { state: string } }>;
      state = new Map(alerts.map((a) => [`${a.labels.alertname}/${a.labels.severity}/${a.labels.pod ?? a.labels.persistentvolumeclaim ?? a.labels.node}`, a.status.state]));
      if (state.size === 6 && state.get('KubePodCrashLooping/warning/a') === 'suppressed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(state.get('KubeNodeNotReady/critical/n1')).toBe('active');
    expect(state.get('KubePodCrashLooping/warning/a')).toBe('suppressed');
    expect(state.get('KubePodCrashLooping/warning/b')).toBe('active');
    expect(state.get('KubePersistentVolumeFillingUp/critical/data-0')).toBe('active');
    expect(state.get('KubePersistentVolumeFillingUp/warning/data-0')).toBe('suppressed');
    expect(state.get('KubePersistentVolumeFillingUp/warning/data-1')).toBe('active');
  });
});
