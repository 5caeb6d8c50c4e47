import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvironment } from '../charts/environment/load';
import { errorBudget, RUNBOOK_PATH } from '../charts/environment/sections/slo';
import { browseUrlOf } from '../charts/environment/sections/sync';
import { MONITORING_SELECTOR_LABELS } from '../charts/monitoring-core/contract';
import { enabledServices } from '../charts/mojaloop/catalog';
import { CONSUMER_GROUPS, isHandler } from '../monitoring/mojaloop/consumer-groups';
import { ENV_NAMES, byKind, environment, objects } from './support/bundled';
import { promtool, tempFiles } from './support/promtool';

const ROOT = path.resolve(import.meta.dirname, '..');

describe.each(ENV_NAMES)('PrometheusRule of the switch in %s', (name) => {
  const env = environment(name);
  const [rule] = byKind(objects(name, 'mojaloop'), 'PrometheusRule') as any[];
  const alerts = rule.spec.groups.flatMap((g: any) => g.rules.filter((r: any) => r.alert));

  it('one PrometheusRule in the mojaloop namespace with the contract selector label', () => {
    expect(byKind(objects(name, 'mojaloop'), 'PrometheusRule')).toHaveLength(1);
    expect(rule.metadata.namespace).toBe(env.namespaces.mojaloop.name);
    expect(rule.metadata.labels).toMatchObject(MONITORING_SELECTOR_LABELS);
  });

  it('its spec passes promtool check rules', () => {
    const r = promtool(['check', 'rules', 'rules.yaml'], tempFiles({ 'rules.yaml': rule.spec }));
    expect(r.code, r.out).toBe(0);
  });

  it('burn-rate alerts use the environment\'s objective', () => {
    const budget = errorBudget(env.slo);
    const fast = alerts.find((a: any) => a.alert === 'MojaloopTransferErrorBudgetBurnFast');
    expect(fast.expr).toContain(`(14.4 * ${budget})`);
  });

  it('handler alerts cover every enabled handler and its consumer groups, with the release prefix', () => {
    const handlers = enabledServices(env.features).map((s) => s.name).filter(isHandler);
    const noReplica = alerts.find((a: any) => a.alert === 'MojaloopHandlerNoReadyReplica').expr;
    const empty = alerts.find((a: any) => a.alert === 'MojaloopKafkaConsumerGroupEmpty').expr;
    for (const h of handlers) {
      expect(noReplica).toContain(h);
      for (const g of CONSUMER_GROUPS[h] ?? []) expect(empty).toContain(g);
    }
    expect(noReplica).toContain(`deployment=~"${env.mojaloop.namePrefix}(`);
    if (env.features.bulk) expect(empty).toContain('cl-group-bulk-prepare');
    else expect(empty).not.toContain('bulk');
  });

  it('every alert\'s runbook_url points at a section of the runbooks', () => {
    const runbooks = readFileSync(path.join(ROOT, RUNBOOK_PATH), 'utf8');
    const anchors = new Set([...runbooks.matchAll(/^## (\S+)$/gm)].map((m) => m[1].toLowerCase()));
    for (const a of alerts) {
      const [base, anchor] = a.annotations.runbook_url.split('#');
      expect(base).toBe(env.slo.runbookBaseUrl);
      expect(anchors, a.alert).toContain(anchor);
    }
  });
});

describe('slo section of the environment file', () => {
  const file = (slo: string) => `stage: prod\ncluster: {name: c}\npools: {}\n${slo}`;
  const parse = (text: string) => parseEnvironment(text, 'x', 'environments/x.yaml');

  it('defaults by stage: 99.9% in production-like environments, looser in dev and test', () => {
    expect(environment('prod').slo.transferSuccess).toBe(99.9);
    expect(environment('staging').slo.transferSuccess).toBe(99.9);
    expect(environment('dev').slo.transferSuccess).toBeLessThan(99.9);
    expect(environment('prod').slo.window).toBe('30d');
    expect(errorBudget(environment('prod').slo)).toBe(0.001);
  });

  it('rejects an objective of 100% (no error budget) with file, field path and expectation', () => {
    let message = '';
    try { parse(file('slo: {transferSuccess: 100}')); } catch (e) { message = String(e); }
    expect(message).toMatch(/environments\/x\.yaml:\d+:\d+: slo\.transferSuccess: .*100/);
  });

  it('runbook links default to the runbooks file in the web view of the synced repository and branch', () => {
    const prod = environment('prod');
    expect(prod.sync.repository.browseUrl).toBe('https://gitlab.mojaloop.internal/platform/mojaloop-gitops/-/blob/main');
    expect(prod.slo.runbookBaseUrl).toBe(`https://gitlab.mojaloop.internal/platform/mojaloop-gitops/-/blob/main/${RUNBOOK_PATH}`);
    for (const name of ENV_NAMES) expect(environment(name).slo.runbookBaseUrl).toMatch(/^https:\/\/[^\s]+\/monitoring\/mojaloop\/runbooks\.md$/);
  });

  it('derives the web view from https and ssh clone URLs (GitLab style, GitHub on github.com); browseUrl and runbookBaseUrl override', () => {
    expect(browseUrlOf('https://gitlab.example.org:8443/ops/switch.git', 'release/1')).toBe('https://gitlab.example.org:8443/ops/switch/-/blob/release/1');
    expect(browseUrlOf('ssh://git@gitlab.example.org:2222/ops/switch.git', 'main')).toBe('https://gitlab.example.org/ops/switch/-/blob/main');
    expect(browseUrlOf('https://github.com/acme/switch', 'main')).toBe('https://github.com/acme/switch/blob/main');
    const dev = readFileSync(path.join(ROOT, 'environments', 'dev.yaml'), 'utf8');
    const withSync = (extra: string) => dev.replace(/^sync:\n(?:  .*\n)+/m, `sync:\n  repository:\n    url: ssh://git@git.example.org/ops/switch.git\n    branch: stable\n${extra}`);
    expect(withSync('')).not.toBe(dev);
    expect(parse(withSync('')).slo.runbookBaseUrl).toBe(`https://git.example.org/ops/switch/-/blob/stable/${RUNBOOK_PATH}`);
    expect(parse(withSync('    browseUrl: https://gitea.example.org/ops/switch/src/branch/stable/\n')).slo.runbookBaseUrl)
      .toBe(`https://gitea.example.org/ops/switch/src/branch/stable/${RUNBOOK_PATH}`);
    expect(parse(`${withSync('')}slo: {runbookBaseUrl: "https://wiki.example.org/switch-runbooks"}\n`).slo.runbookBaseUrl).toBe('https://wiki.example.org/switch-runbooks');
  });

  it('rejects unknown fields and malformed runbook addresses', () => {
    expect(() => parse(file('slo: {objective: 99}'))).toThrow(/slo/);
    expect(() => parse(file('slo: {runbookBaseUrl: "not a url"}'))).toThrow(/slo\.runbookBaseUrl/);
  });
});
