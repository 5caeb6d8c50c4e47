// Maintenance windows as data: the environment's `maintenance` list becomes
// Alertmanager time intervals and mute routes. amtool accepts the rendered
// file, the route tree still reaches the same receivers, and a real
// Alertmanager (Debian's, as for the inhibitions) holds back exactly the
// notifications a window covers while it is active.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvironment } from '../charts/environment/load';
import { resolveMaintenance } from '../charts/environment/sections/maintenance';
import { alertmanagerConfig } from '../charts/monitoring-core/alertmanager-config';
import { toYaml } from '../charts/render';
import { renderedFiles } from './support/bundled';
import { run, tempDir, writeTemp } from './support/tools';
import { promBinary } from './support/prom-binaries';

const STAGING = fs.readFileSync(path.join(import.meta.dirname, '..', 'environments', 'staging.yaml'), 'utf8');

describe('windows become Alertmanager time intervals', () => {
  it('a weekly window across midnight is the evening of its days and the morning after', () => {
    const [w] = resolveMaintenance([{ name: 'w', weekly: { days: ['sunday', 'wednesday'], from: '22:00', to: '02:00' }, location: 'Europe/Berlin' }]);
    expect(w.intervals).toEqual([
      { weekdays: ['sunday', 'wednesday'], times: [{ start_time: '22:00', end_time: '24:00' }], location: 'Europe/Berlin' },
      { weekdays: ['monday', 'thursday'], times: [{ start_time: '00:00', end_time: '02:00' }], location: 'Europe/Berlin' },
    ]);
  });

  it('a one-off window over a month end is one entry per day', () => {
    const [w] = resolveMaintenance([{ name: 'o', once: { from: '2026-12-31T23:00', to: '2027-01-01T01:30' } }]);
    expect(w.intervals).toEqual([
      { times: [{ start_time: '23:00', end_time: '24:00' }], days_of_month: ['31'], months: ['12'], years: ['2026'] },
      { times: [{ start_time: '00:00', end_time: '01:30' }], days_of_month: ['1'], months: ['1'], years: ['2027'] },
    ]);
  });

  it('staging: amtool accepts the rendered file, warnings still route to their receiver, the Watchdog is never muted', () => {
    const text = renderedFiles('staging').get('monitoring-core/alertmanager.yaml')!;
    expect(text).toContain('time_intervals:\n  - name: weekly-patching\n');
    const dir = tempDir('am-maintenance');
    const file = writeTemp(dir, 'alertmanager.yaml', text);
    const check = run('amtool', ['check-config', file]);
    expect(check.status, check.output).toBe(0);
    const route = (...labels: string[]) => run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...labels]).output.split('\n')[0].trim();
    expect(route('alertname=KubePodCrashLooping', 'severity=warning')).toBe('platform-chat');
    expect(route('alertname=KubePodCrashLooping', 'severity=critical')).toBe('platform-chat');
    const watchdog = (parseYamlRoutes(text)[0] as { matchers: string[]; mute_time_intervals?: string[] });
    expect(watchdog.matchers).toEqual(['alertname="Watchdog"']);
    expect(watchdog.mute_time_intervals).toBeUndefined();
  });

  it('bad windows are reported at their line', () => {
    const bad = `${STAGING.replace(/\nmaintenance:[\s\S]*$/, '\n')}maintenance:\n  - name: a\n    once: {from: "2026-12-06T02:00", to: "2026-12-05T22:00"}\n  - name: a\n    weekly: {days: [monday], from: "01:00", to: "02:00"}\n    once: {from: "2026-12-05T22:00", to: "2026-12-06T02:00"}\n`;
    let message = '';
    try { parseEnvironment(bad, 'staging', 'environments/staging.yaml'); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/staging\.yaml:[0-9]+:[0-9]+: maintenance\[0\]\.once\.to: 2026-12-05T22:00: expected a moment after from/);
    expect(message).toMatch(/maintenance\[1\]\.name: "a" is already the name of another window/);
    expect(message).toMatch(/maintenance\[1\]: expected exactly one of weekly \(recurring\) or once \(one-off\)/);
  });
});

function parseYamlRoutes(text: string): unknown[] {
  const m = /route:\n[\s\S]*?routes:\n([\s\S]*?)\ninhibit_rules:/.exec(text)!;
  // The first route: its receiver, matchers and nothing muting it.
  const first = m[1].split('\n    - ')[0];
  return [{ matchers: [...first.matchAll(/- (alertname="[^"]+")/g)].map((x) => x[1]), mute_time_intervals: first.includes('mute_time_intervals') ? [] : undefined }];
}

// The real program: Alertmanager with a configuration rendered from an
// environment whose one-off window is active now and mutes warnings.
// Alertmanager v0.33.1, the version we deploy, built from tools/alertmanager.
const AM_BIN = promBinary('alertmanager');
describe('a live Alertmanager holds back what an active window mutes', () => {
  const port = 19600 + Math.floor(Math.random() * 300);
  const received: Array<{ labels: Record<string, string> }> = [];
  let hook: http.Server;
  let proc: ReturnType<typeof spawn>;
  beforeAll(async () => {
    hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { received.push(...(JSON.parse(body) as { alerts: Array<{ labels: Record<string, string> }> }).alerts); res.end(); });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    const hookPort = (hook.address() as { port: number }).port;
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    const hour = 3_600_000;
    const text = STAGING
      .replace(/receivers:\n {6}- name: platform-chat\n {8}slack: .*\n/, `groupWait: 1s\n    groupInterval: 1s\n    receivers:\n      - name: platform-chat\n        webhook: {url: "http://127.0.0.1:${hookPort}/hook"}\n`)
      .replace(/\nmaintenance:[\s\S]*$/, `\nmaintenance:\n  - name: now\n    once: {from: "${iso(Date.now() - hour)}", to: "${iso(Date.now() + hour)}"}\n    mute: {severities: [warning]}\n`);
    const env = parseEnvironment(text, 'staging', 'environments/staging.yaml');
    const dir = tempDir('am-maintenance-live');
    const file = writeTemp(dir, 'alertmanager.yaml', toYaml(alertmanagerConfig(env)));
    expect(run('amtool', ['check-config', file]).status).toBe(0);
    proc = spawn(AM_BIN!, [`--config.file=${file}`, `--storage.path=${dir}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`http://127.0.0.1:${port}/-/ready`)).ok) return; } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('local alertmanager did not become ready');
  });
  afterAll(() => { proc?.kill(); hook?.close(); });

  it('the critical alert is delivered, the warning is not', async () => {
    const alert = (name: string, severity: string) => ({ labels: { alertname: name, severity, cluster: 'c', namespace: 'mojaloop' }, annotations: {}, startsAt: new Date(Date.now() - 60_000).toISOString() });
    const res = await fetch(`http://127.0.0.1:${port}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([alert('MojaloopTransferErrorBudgetBurnFast', 'critical'), alert('MojaloopKafkaConsumerLagGrowing', 'warning')]),
    });
    expect(res.ok).toBe(true);
    // Until the critical alert is delivered and the warning's group has been through the
    // notification pipeline, muted: Alertmanager marks a group muted in the stage that drops
    // its notifications (notify/mute.go TimeMuteStage at v0.33.1) and reports it as the
    // alerts' status.mutedBy in /api/v2/alerts/groups (api/v2/api.go).
    const mutedBy = async (name: string): Promise<string[]> => {
      const groups = await (await fetch(`http://127.0.0.1:${port}/api/v2/alerts/groups`)).json() as Array<{ alerts: Array<{ labels: Record<string, string>; status: { mutedBy?: string[] } }> }>;
      return groups.flatMap((g) => g.alerts).filter((a) => a.labels.alertname === name).flatMap((a) => a.status.mutedBy ?? []);
    };
    for (let i = 0; i < 200 && !(received.some((a) => a.labels.alertname === 'MojaloopTransferErrorBudgetBurnFast') && (await mutedBy('MojaloopKafkaConsumerLagGrowing')).length); i++) await new Promise((r) => setTimeout(r, 100));
    expect(received.map((a) => a.labels.alertname)).toContain('MojaloopTransferErrorBudgetBurnFast');
    expect(await mutedBy('MojaloopKafkaConsumerLagGrowing')).not.toEqual([]);
    expect(await mutedBy('MojaloopTransferErrorBudgetBurnFast')).toEqual([]);
    expect(received.map((a) => a.labels.alertname)).not.toContain('MojaloopKafkaConsumerLagGrowing');
  });
});
