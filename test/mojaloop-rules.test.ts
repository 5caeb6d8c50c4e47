import { describe, expect, it } from 'vitest';
import { mojaloopRuleGroups } from '../monitoring/mojaloop/rules';
import { isAlert } from '../monitoring/mojaloop/rules/model';
import { ALERT_CASES, EXPR_CASES } from '../monitoring/mojaloop/tests/cases';
import { TEST_CONTEXT, TEST_SCRAPED } from '../monitoring/mojaloop/tests/context';
import { promtoolTests } from '../monitoring/mojaloop/tests/render';
import { ALERT_SEVERITIES, ALERT_TEAM_LABEL } from '../charts/monitoring-core/contract';
import { promtool, promtoolTestRules, tempFiles } from './support/promtool';

const groups = mojaloopRuleGroups(TEST_CONTEXT, TEST_SCRAPED);
const alerts = groups.flatMap((g) => g.rules.filter(isAlert));

describe('switch alert and recording rules', () => {
  it('promtool check rules: lint-clean', () => {
    const dir = tempFiles({ 'rules.yaml': { groups } });
    const r = promtool(['check', 'rules', 'rules.yaml'], dir);
    expect(r.out, r.out).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.code, r.out).toBe(0);
  });

  it('promtool test rules: every case green', () => {
    // One rule file and test file per group: promtool evaluates every rule of a
    // file at every step, so the slow SLO windows stay out of the other tests.
    const files: Record<string, unknown> = {};
    for (const g of groups) {
      const names = new Set(g.rules.map((r) => ('alert' in r ? r.alert : r.record)));
      files[`${g.name}.rules.yaml`] = { groups: [g] };
      files[`${g.name}.test.yaml`] = promtoolTests(`${g.name}.rules.yaml`, [g], ALERT_CASES.filter((c) => names.has(c.alert)), EXPR_CASES.filter((c) => names.has(c.expr)));
    }
    const testFiles = Object.keys(files).filter((f) => f.endsWith('.test.yaml'));
    const r = promtoolTestRules(tempFiles(files), testFiles);
    expect(r.code, r.out).toBe(0);
    expect(r.out.match(/SUCCESS/g)).toHaveLength(testFiles.length);
  });

  it('every case is about a rule that exists', () => {
    const names = new Set(groups.flatMap((g) => g.rules.map((r) => ('alert' in r ? r.alert : r.record))));
    for (const c of ALERT_CASES) expect(names, c.title).toContain(c.alert);
    for (const c of EXPR_CASES) expect(names, c.title).toContain(c.expr);
  });

  it.each(alerts.map((a) => [a.alert]))('%s has a firing and a silent case', (name) => {
    const cases = ALERT_CASES.filter((c) => c.alert === name);
    expect(cases.some((c) => c.fires.length > 0), 'a case where it fires').toBe(true);
    expect(cases.some((c) => c.fires.length === 0), 'a case where it stays silent').toBe(true);
  });

  it.each(alerts.map((a) => [a.alert, a]))('%s carries severity, team, summary, description, runbook_url', (_, a) => {
    expect(ALERT_SEVERITIES).toContain(a.labels.severity);
    expect(a.labels[ALERT_TEAM_LABEL]).toBe('mojaloop');
    expect(a.annotations.summary.length).toBeGreaterThan(10);
    expect(a.annotations.description.length).toBeGreaterThan(a.annotations.summary.length);
    expect(a.annotations.runbook_url).toBe(`${TEST_CONTEXT.runbookBaseUrl}#${a.alert.toLowerCase()}`);
  });

  it('every selector of the switch\'s series is scoped to its namespace', () => {
    for (const g of groups) for (const r of g.rules) {
      for (const sel of r.expr.match(/\b[a-zA-Z_:][a-zA-Z0-9_:]*\{[^}]*\}/g) ?? []) {
        if (sel.startsWith('vector')) continue;
        expect(sel, `${'alert' in r ? r.alert : r.record}`).toContain('namespace="mojaloop"');
      }
    }
  });

  it('burn-rate thresholds follow the SRE workbook for a 30-day window (14.4x, 6x, 3x, 1x)', () => {
    const fast = alerts.find((a) => a.alert === 'MojaloopTransferErrorBudgetBurnFast')!;
    const slow = alerts.find((a) => a.alert === 'MojaloopTransferErrorBudgetBurnSlow')!;
    expect(fast.expr).toContain('ratio_rate1h > (14.4 * 0.001) and namespace:mojaloop_transfer_errors:ratio_rate5m > (14.4 * 0.001)');
    expect(fast.expr).toContain('ratio_rate6h > (6 * 0.001) and namespace:mojaloop_transfer_errors:ratio_rate30m > (6 * 0.001)');
    expect(slow.expr).toContain('ratio_rate1d > (3 * 0.001) and namespace:mojaloop_transfer_errors:ratio_rate2h > (3 * 0.001)');
    expect(slow.expr).toContain('ratio_rate3d > (1 * 0.001) and namespace:mojaloop_transfer_errors:ratio_rate6h > (1 * 0.001)');
  });
});
