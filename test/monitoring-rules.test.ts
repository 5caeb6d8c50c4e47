// Core rules: lint-clean for promtool, unit-tested with promtool test rules
// (at least one firing and one silent case per alert), and complete
// annotations. promtool cannot read a PrometheusRule object, so every
// rendered PrometheusRule's .spec is written to a temporary rule file.
import { describe, expect, it } from 'vitest';
import { toYaml } from '../charts/render';
import { CORE_RULE_SETS } from '../monitoring/core/rules';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CORE_RUNBOOKS_PATH, isAlert, renderGroup } from '../monitoring/core/rules/types';
import { RULE_TESTS } from '../monitoring/core/tests';
import { coverage, promtoolTestFile } from '../monitoring/core/tests/types';
import { ALERT_SEVERITIES, MONITORING_SELECTOR_LABELS } from '../charts/monitoring-core/contract';
import { ENV_NAMES, byKind, environment, objects } from './support/bundled';
import { promtoolTestRules } from './support/promtool';
import { run, tempDir, writeTemp } from './support/tools';

describe.each(ENV_NAMES)('PrometheusRules rendered for %s', (env) => {
  const rules = byKind(objects(env, 'monitoring-core'), 'PrometheusRule') as any[];
  it('are the core rule sets, each carrying the contract selector label', () => {
    expect(rules.map((r) => r.metadata.name).sort()).toEqual(CORE_RULE_SETS.map((s) => s.name).sort());
    for (const r of rules) expect(r.metadata.labels).toMatchObject(MONITORING_SELECTOR_LABELS);
  });
  it('every runbook_url is an absolute https address; this repository\'s runbooks under its web address', () => {
    const browse = environment(env).sync.repository.browseUrl;
    const urls = rules.flatMap((r) => r.spec.groups.flatMap((g: any) => g.rules)).filter((x: any) => x.alert).map((x: any) => x.annotations.runbook_url as string);
    for (const u of urls) expect(u).toMatch(/^https:\/\/[^\s]+#?[a-z0-9-]*$/);
    expect(urls).toContain(`${browse}/${CORE_RUNBOOKS_PATH}#nodecpuhighusage`);
  });
  it.each(rules.map((r) => [r.metadata.name, r]))('%s: promtool check rules is clean (lint included)', (name, r) => {
    const dir = tempDir('rules');
    const file = writeTemp(dir, `${name}.yaml`, toYaml(r.spec));
    const { status, output } = run('promtool', ['check', 'rules', '--lint=all', '--lint-fatal', file]);
    expect(output).toContain('SUCCESS');
    expect(status, output).toBe(0);
  });
});

describe('core rule unit tests (promtool test rules)', () => {
  it.each(RULE_TESTS.map((t) => [t.set.name, t]))('%s', (name, { set, tests }) => {
    const dir = tempDir('rule-tests');
    writeTemp(dir, `${name}.rules.yaml`, toYaml({ groups: set.groups.map((g) => renderGroup(g)) }));
    writeTemp(dir, `${name}.test.yaml`, toYaml(promtoolTestFile(set, `${name}.rules.yaml`, tests)));
    const { code, out } = promtoolTestRules(dir, [`${name}.test.yaml`]);
    expect(code, out).toBe(0);
    expect(out).toContain('SUCCESS');
  });

  it.each(RULE_TESTS.map((t) => [t.set.name, t]))('%s: every alert has a firing and a silent case', (_, { set, tests }) => {
    const { firing, silent } = coverage(tests);
    for (const a of set.groups.flatMap((g) => g.rules).filter(isAlert)) {
      expect(firing, `${a.alert} has no firing case`).toContain(a.alert);
      // The Watchdog fires always, by design: a silent case would be a bug.
      if (a.alert !== 'Watchdog') expect(silent, `${a.alert} has no silent case`).toContain(a.alert);
    }
  });

  it('a test case that expects the wrong thing fails (the harness can fail)', () => {
    const { set, tests } = RULE_TESTS[0];
    const broken = tests.map((t) => ({ ...t, alerts: t.alerts.map((a) => ({ ...a, fires: a.fires.length ? [] : a.fires })) }));
    const dir = tempDir('rule-tests-broken');
    writeTemp(dir, 'r.yaml', toYaml({ groups: set.groups.map((g) => renderGroup(g)) }));
    writeTemp(dir, 't.yaml', toYaml(promtoolTestFile(set, 'r.yaml', broken)));
    expect(promtoolTestRules(dir, ['t.yaml']).code).not.toBe(0);
  });
});

describe('every alert', () => {
  const alerts = CORE_RULE_SETS.flatMap((s) => s.groups.flatMap((g) => g.rules)).filter(isAlert);
  const runbooks = readFileSync(path.resolve(import.meta.dirname, '..', CORE_RUNBOOKS_PATH), 'utf8');
  const sections = new Set([...runbooks.matchAll(/^## (\S+)$/gm)].map((m) => m[1].toLowerCase()));
  it.each(alerts.map((a) => [`${a.alert}/${a.severity}`, a]))('%s has severity, summary, description and a runbook (community, or a section of ours)', (_, a) => {
    expect(ALERT_SEVERITIES).toContain(a.severity);
    expect(a.summary.length).toBeGreaterThan(10);
    expect(a.description.length).toBeGreaterThan(20);
    if (a.runbook.startsWith(`${CORE_RUNBOOKS_PATH}#`)) expect(sections, a.runbook).toContain(a.runbook.split('#')[1]);
    else expect(a.runbook).toMatch(/^https:\/\//);
  });
  it('a Watchdog that always fires (vector(1), no for)', () => {
    const w = alerts.find((a) => a.alert === 'Watchdog')!;
    expect(w.expr).toBe('vector(1)');
    expect(w.for).toBeUndefined();
  });
});
