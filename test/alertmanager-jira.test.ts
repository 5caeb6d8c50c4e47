// The Jira receiver (seeds/000: alerts go to Slack, email or Jira). The bundled
// test environment plus two Jira receivers, one per kind of Jira (Cloud with an
// API token, Data Center with a personal access token): what it renders passes
// amtool at the deployed Alertmanager version, routes as declared, reads its
// credentials only from mounted Secrets, and opens egress to Jira alone.
// Field names and rules: Alertmanager v0.33.1 notify/jira/config.go and
// docs/configuration.md (`<jira_config>`).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvironment, ENVIRONMENTS_DIR } from '../charts/environment/load';
import { renderEnvironment, renderLayers } from '../charts/render';
import { ALERTMANAGER_CONFIG_FILE } from '../charts/monitoring-core/alertmanager';
import { SECRETS_DIR } from '../charts/monitoring-core/alertmanager-config';
import { parseYaml } from './support/bundled';
import { promBinary } from './support/prom-binaries';
import { run, tempDir, writeTemp } from './support/tools';

const base = readFileSync(path.join(ENVIRONMENTS_DIR, 'test.yaml'), 'utf8');
const RECEIVERS = `
monitoring:
  alertmanager:
    receivers:
      - name: ops-jira
        severities: [critical]
        jira:
          apiUrl: https://jira.mojaloop.internal:8443/rest/api/2/
          apiType: datacenter
          project: OPS
          issueType: Incident
          token: {secret: alertmanager-receivers, key: jira-pat}
      - name: platform-tickets
        severities: [warning]
        jira:
          apiUrl: https://mojaloop.atlassian.net/rest/api/2/
          project: PLAT
          labels: [alertmanager, mojaloop-test]
          resolveTransition: Done
          reopenTransition: Reopen
          reopenDuration: 7d
          wontFixResolution: "Won't Do"
          basicAuth: {username: alerts@mojaloop.example.org, password: {secret: alertmanager-receivers, key: jira-api-token}}
`;
// The receivers go before the kairos section: top-level keys keep the bundled order.
const withJira = (receivers: string) => base.replace(/^kairos:/m, `${receivers.trimStart()}kairos:`);
const text = withJira(RECEIVERS);
const FILE = 'environments/test-jira.yaml';
const env = parseEnvironment(text, 'test-jira', FILE);
const objects = renderLayers(env).layers.find((l) => l.layer === 'monitoring-core')!.objects.map((o) => o.manifest) as any[];
const files = renderEnvironment(env);
const configText = files.get(`monitoring-core/${ALERTMANAGER_CONFIG_FILE}`)!;
const dir = tempDir('am-jira');
const file = writeTemp(dir, 'alertmanager.yaml', configText);
const cfg = parseYaml(configText) as any;
const receiver = (n: string) => cfg.receivers.find((r: any) => r.name === n);

function routes(labels: string[]): string[] {
  const { status, output } = run('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...labels]);
  expect(status, output).toBe(0);
  return output.split('\n').filter((l) => l && !l.startsWith('Warning')).join(',').split(',').map((s) => s.trim()).filter(Boolean).sort();
}

function errorOf(yaml: string): string {
  try { parseEnvironment(yaml, 'test-jira', FILE); } catch (e) { return (e as Error).message; }
  return '';
}

describe('a test environment with Jira receivers', () => {
  it('the fixture really is the bundled test environment plus the receivers', () => {
    expect(text).not.toBe(base);
    expect(env.stage).toBe('test');
    expect(env.monitoring.alertmanager.receivers.map((r) => r.name)).toEqual(['ops-jira', 'platform-tickets']);
  });

  it('amtool (the deployed Alertmanager version) accepts the rendered alertmanager.yaml', () => {
    const version = run('amtool', ['--version']);
    expect(version.output).toMatch(/amtool, version 0\.33\.1 /);
    const check = run('amtool', ['check-config', file]);
    expect(check.status, check.output).toBe(0);
    expect(check.output).toContain('SUCCESS');
  });

  it('renders jira_configs with upstream\'s field names, credentials only as files in the mounted Secret', () => {
    expect(receiver('ops-jira').jira_configs).toEqual([{
      api_url: 'https://jira.mojaloop.internal:8443/rest/api/2/',
      api_type: 'datacenter',
      project: 'OPS',
      issue_type: 'Incident',
      send_resolved: true,
      http_config: { authorization: { type: 'Bearer', credentials_file: '/etc/alertmanager/secrets/alertmanager-receivers/jira-pat' } },
    }]);
    expect(receiver('platform-tickets').jira_configs).toEqual([{
      api_url: 'https://mojaloop.atlassian.net/rest/api/2/',
      project: 'PLAT',
      issue_type: 'Bug',
      labels: ['alertmanager', 'mojaloop-test'],
      resolve_transition: 'Done',
      reopen_transition: 'Reopen',
      reopen_duration: '7d',
      wont_fix_resolution: 'Won\'t Do',
      send_resolved: true,
      http_config: { basic_auth: { username: 'alerts@mojaloop.example.org', password_file: '/etc/alertmanager/secrets/alertmanager-receivers/jira-api-token' } },
    }]);
    expect(configText).not.toMatch(/\b(password|credentials):/);
    const [am] = objects.filter((o) => o.kind === 'Alertmanager');
    expect(am.spec.secrets).toContain('alertmanager-receivers');
  });

  it('routes critical alerts to the Data Center project and warnings to the Cloud one; the Watchdog to neither', () => {
    expect(routes(['alertname=KubeNodeNotReady', 'severity=critical', 'node=n1'])).toEqual(['ops-jira']);
    expect(routes(['alertname=KubePodCrashLooping', 'severity=warning', 'namespace=mojaloop'])).toEqual(['platform-tickets']);
    expect(routes(['alertname=Watchdog', 'severity=none'])).toEqual(['null']);
  });

  it('Alertmanager may leave the namespace towards the Jira ports only', () => {
    const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-alertmanager');
    const open = (policy.spec.egress as any[]).filter((r) => JSON.stringify(r.to ?? []).includes('0.0.0.0/0')).flatMap((r) => r.ports.map((x: any) => x.port));
    expect(open.sort((a: number, b: number) => a - b)).toEqual([443, 8443]);
  });

  it('the README of the environment lists the Secret keys Jira reads', () => {
    const readme = files.get('README.md')!;
    for (const k of ['alertmanager-receivers', 'jira-pat', 'jira-api-token']) expect(readme).toContain(`\`${k}\``);
  });
});

describe('a Jira receiver that cannot work is rejected', () => {
  const bad = (from: string, to: string) => {
    expect(RECEIVERS).toContain(from);
    return errorOf(withJira(RECEIVERS.replace(from, to)));
  };
  const at = (field: string) => new RegExp(`^environments/test-jira\\.yaml:\\d+:\\d+: monitoring\\.alertmanager\\.receivers${field.replace(/[.[\]]/g, '\\$&')}: `, 'm');

  it('with both credentials, or none, naming the receiver\'s jira field', () => {
    const both = bad('          token: {secret: alertmanager-receivers, key: jira-pat}\n', '          token: {secret: alertmanager-receivers, key: jira-pat}\n          basicAuth: {username: a@b.org, password: {secret: s, key: k}}\n');
    expect(both).toMatch(at('[0].jira'));
    expect(both).toContain('both basicAuth and token; expected exactly one of basicAuth');
    const none = bad('          token: {secret: alertmanager-receivers, key: jira-pat}\n', '');
    expect(none).toMatch(at('[0].jira'));
    expect(none).toContain('no credentials');
  });

  it('pointed at REST API v3, whose description format the default template does not produce', () => {
    const v3 = bad('https://mojaloop.atlassian.net/rest/api/2/', 'https://mojaloop.atlassian.net/rest/api/3/');
    expect(v3).toMatch(at('[1].jira.apiUrl'));
    expect(v3).toContain('ending in /rest/api/2/');
  });

  it('with reopen settings but no reopen transition', () => {
    const e = bad('          reopenTransition: Reopen\n', '');
    expect(e).toMatch(at('[1].jira.reopenDuration'));
    expect(e).toMatch(at('[1].jira.wontFixResolution'));
  });

  it('without a project, or with an unknown api type or key', () => {
    expect(bad('          project: OPS\n', '')).toMatch(at('[0].jira.project'));
    expect(bad('apiType: datacenter', 'apiType: server')).toMatch(at('[0].jira.apiType'));
    const typo = bad('issueType: Incident', 'issue_type: Incident');
    expect(typo).toMatch(at('[0].jira.issue_type'));
    expect(typo).toContain('unknown key "issue_type"; expected one of: apiUrl');
  });

  it('amtool itself rejects a jira_config without issue_type, so its check can fail', () => {
    const broken = writeTemp(tempDir('am-jira-bad'), 'alertmanager.yaml', configText.replace(/^( *)issue_type: Incident\n/m, ''));
    const check = run('amtool', ['check-config', broken]);
    expect(check.status).not.toBe(0);
    expect(check.output).toContain('missing issue_type in jira_config');
  });
});

// The deployed Alertmanager release runs the rendered configuration and opens an
// issue. Jira itself is not available here: a local HTTP listener records what
// Alertmanager sends and answers as Jira's REST API v2 does (no existing issue,
// then the created issue's key). Only the URL, the Secret mount directory and the
// grouping delay are changed, so the notification happens within the test.
describe('the rendered Jira receiver on a local Alertmanager', () => {
  const requests: Array<{ method: string; url: string; auth: string; body: any }> = [];
  let jira: Server;
  let proc: ReturnType<typeof spawn>;
  let base = '';
  beforeAll(async () => {
    jira = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization ?? '', body: body ? JSON.parse(body) : undefined });
        res.setHeader('content-type', 'application/json');
        res.end(req.url!.endsWith('/search') ? '{"total":0,"issues":[]}' : '{"id":"10001","key":"OPS-1"}');
      });
    });
    await new Promise<void>((r) => jira.listen(0, '127.0.0.1', r));
    const jiraUrl = `http://127.0.0.1:${(jira.address() as AddressInfo).port}/rest/api/2/`;
    const dir = tempDir('am-jira-live');
    const secrets = path.join(dir, 'secrets');
    mkdirSync(path.join(secrets, 'alertmanager-receivers'), { recursive: true });
    writeFileSync(path.join(secrets, 'alertmanager-receivers', 'jira-pat'), 'pat-from-the-secret\n');
    writeFileSync(path.join(secrets, 'alertmanager-receivers', 'jira-api-token'), 'api-token-from-the-secret\n');
    const live = configText.replaceAll('https://jira.mojaloop.internal:8443/rest/api/2/', jiraUrl)
      .replaceAll(`${SECRETS_DIR}/`, `${secrets}/`).replace(/^( *)group_wait: .*$/m, '$1group_wait: 0s');
    expect(live).not.toContain(SECRETS_DIR);
    const file = writeTemp(dir, 'alertmanager.yaml', live);
    const port = 19600 + Math.floor(Math.random() * 300);
    base = `http://127.0.0.1:${port}`;
    proc = spawn(promBinary('alertmanager'), [`--config.file=${file}`, `--storage.path=${dir}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${base}/-/ready`)).ok) return; } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('local alertmanager did not become ready');
  });
  afterAll(() => { proc?.kill(); jira?.close(); });

  it('a critical alert opens an issue in the Data Center project, authenticated with the token read from the Secret file', async () => {
    const res = await fetch(`${base}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: { alertname: 'NodeRAIDDegraded', severity: 'critical', cluster: 'mojaloop-test', instance: 'n1' }, annotations: { summary: 'RAID degraded on n1' } }]),
    });
    expect(res.ok).toBe(true);
    for (let i = 0; i < 100 && !requests.some((r) => r.url.endsWith('/issue')); i++) await new Promise((r) => setTimeout(r, 100));
    const search = requests.find((r) => r.url === '/rest/api/2/search');
    const create = requests.find((r) => r.url === '/rest/api/2/issue');
    expect(search?.method).toBe('POST');
    expect(search?.body.jql).toMatch(/^statusCategory != Done and project="OPS" and labels="ALERT\{[0-9a-f]+\}"/);
    expect(create?.method).toBe('POST');
    expect(create?.auth).toBe('Bearer pat-from-the-secret');
    expect(create?.body.fields).toMatchObject({ project: { key: 'OPS' }, issuetype: { name: 'Incident' }, priority: { name: 'High' } });
    expect(create?.body.fields.summary).toContain('NodeRAIDDegraded');
    expect(requests.every((r) => r.auth === 'Bearer pat-from-the-secret')).toBe(true);
  });
});
