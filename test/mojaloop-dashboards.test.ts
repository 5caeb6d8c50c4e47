import { describe, expect, it } from 'vitest';
import { LayerChart } from '../charts/lib/layer';
import { MojaloopChart } from '../charts/mojaloop/chart';
import { App } from 'cdk8s';
import { GRAFANA_INSTANCE_LABELS, GRAFANA_PROMETHEUS_DATASOURCE } from '../charts/monitoring-core/contract';
import type { Environment } from '../charts/environment/environment';
import type { Manifest } from '../charts/render';
import { DASHBOARDS, UPSTREAM_DASHBOARDS } from '../monitoring/mojaloop/dashboards';
import { DASHBOARD_LIST, dashboardJson, generatedDashboard } from '../monitoring/mojaloop/dashboards/generated';
import { knownMetrics } from '../monitoring/mojaloop/metrics';
import { mojaloopRuleGroups } from '../monitoring/mojaloop/rules';
import { TEST_CONTEXT, TEST_SCRAPED } from '../monitoring/mojaloop/tests/context';
import { MOJALOOP_RELEASE } from '../charts/mojaloop/catalog';
import { ENV_NAMES, byKind, environment, objects } from './support/bundled';
import { labelValuesSelector, metricNames, substituteGrafanaVariables } from './support/promql';
import { promtool, tempFiles } from './support/promtool';

interface Query { dashboard: string; where: string; expr: string }

/** Every PromQL expression of a dashboard: panel targets and query variables (label_values selectors). */
function queries(uid: string, json: any): Query[] {
  const out: Query[] = [];
  const panels = (json.panels ?? []).flatMap((p: any) => [p, ...(p.panels ?? [])]);
  for (const p of panels) for (const t of p.targets ?? []) out.push({ dashboard: uid, where: `panel "${p.title}" ${t.refId}`, expr: t.expr });
  for (const v of json.templating?.list ?? []) {
    if (v.type !== 'query') continue;
    const sel = labelValuesSelector(typeof v.query === 'string' ? v.query : v.query.query);
    if (sel) out.push({ dashboard: uid, where: `variable ${v.name}`, expr: sel });
  }
  return out;
}

const built = DASHBOARDS.map((d) => ({ uid: d.uid, json: d.build() as any }));
const all = built.flatMap((d) => queries(d.uid, d.json));
const recorded = new Set(mojaloopRuleGroups(TEST_CONTEXT, TEST_SCRAPED).flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : []))));

describe('dashboards built as code', () => {
  it('generated/*.json is what the code builds (run "npm run dashboards" after changing a dashboard)', () => {
    expect(DASHBOARD_LIST.map((d) => [d.uid, d.title])).toEqual(DASHBOARDS.map((d) => [d.uid, d.title]));
    for (const d of DASHBOARDS) {
      const json = d.build() as any;
      expect([json.uid, json.title]).toEqual([d.uid, d.title]);
      expect(generatedDashboard(d.uid), `monitoring/mojaloop/dashboards/generated/${d.uid}.json is stale`).toBe(dashboardJson(json));
    }
  });

  it('have queries', () => {
    expect(built.map((d) => d.uid)).toEqual(['mojaloop-switch-overview', 'mojaloop-handlers-kafka', 'mojaloop-lookups-quotes', 'mojaloop-stores']);
    expect(all.length).toBeGreaterThan(60);
  });

  it('every query parses as PromQL once Grafana variables are substituted (promtool check rules)', () => {
    const rules = { groups: [{ name: 'dashboard-queries', rules: all.map((q, i) => ({ record: `dashboard:query:${i}`, expr: substituteGrafanaVariables(q.expr) })) }] };
    const r = promtool(['check', 'rules', 'queries.yaml'], tempFiles({ 'queries.yaml': rules }));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`SUCCESS: ${all.length} rules found`);
  });

  it('names only metrics the catalog\'s services, the exporters or our recording rules expose', () => {
    const known = knownMetrics();
    const unknown = all.flatMap((q) => metricNames(substituteGrafanaVariables(q.expr)).filter((m) => !known.has(m) && !recorded.has(m)).map((m) => `${q.dashboard} ${q.where}: ${m}`));
    expect(unknown).toEqual([]);
  });

  it('the metric-name check would catch an unknown metric', () => {
    expect(metricNames('sum by (fspId) (rate(moja_cl_transfer_prepare_cnt{namespace="x", fspId=~"a|b"}[5m])) / on (namespace) group_left foo_total')).toEqual(['moja_cl_transfer_prepare_cnt', 'foo_total']);
  });

  it('every query is scoped by the $cluster and $namespace variables, and every panel uses the $datasource', () => {
    for (const q of all.filter((q) => !q.where.startsWith('variable cluster') && !q.where.startsWith('variable namespace'))) {
      for (const sel of q.expr.match(/[A-Za-z_:][A-Za-z0-9_:]*\{[^}]*\}/g) ?? []) expect(sel, `${q.dashboard} ${q.where}`).toContain('cluster=~"$cluster", namespace="$namespace"');
    }
    for (const d of built) {
      for (const p of d.json.panels.filter((p: any) => p.type !== 'row')) expect(p.datasource, `${d.uid} ${p.title}`).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(d.json.templating.list.slice(0, 3).map((v: any) => v.name)).toEqual(['datasource', 'cluster', 'namespace']);
    }
  });

  it('panels do not overlap', () => {
    for (const d of built) {
      const cells = new Set<string>();
      for (const p of d.json.panels) {
        const { x, y, w, h } = p.gridPos;
        expect(x + w, `${d.uid} ${p.title}`).toBeLessThanOrEqual(24);
        for (let i = x; i < x + w; i++) for (let j = y; j < y + h; j++) {
          expect(cells.has(`${i},${j}`), `${d.uid} ${p.title} overlaps at ${i},${j}`).toBe(false);
          cells.add(`${i},${j}`);
        }
      }
    }
  });
});

/** Renders the mojaloop layer for an environment with other names. */
function renderMojaloop(env: Environment): Manifest[] {
  const app = new App();
  return new MojaloopChart(app, env, new LayerChart(app, 'namespaces', env)).toJson() as Manifest[];
}

describe('no hard-coded namespace or release name in dashboards', () => {
  const base = environment('prod');
  const renamed: Environment = {
    ...base,
    namespaces: { ...base.namespaces, mojaloop: { ...base.namespaces.mojaloop, name: 'payments-switch' } },
    mojaloop: { ...base.mojaloop, namePrefix: 'rel7-' },
  };
  const json = (ms: Manifest[]) => Object.fromEntries((byKind(ms, 'GrafanaDashboard') as any[]).filter((d) => d.spec.json).map((d) => [JSON.parse(d.spec.json).uid, d.spec.json]));

  it('switching the namespace name and the release prefix changes no dashboard JSON', () => {
    const a = json(renderMojaloop(base));
    const b = json(renderMojaloop(renamed));
    expect(Object.keys(a)).toHaveLength(DASHBOARDS.length);
    expect(b).toEqual(a);
    for (const text of Object.values(b)) {
      expect(text).not.toContain('payments-switch');
      expect(text).not.toContain('rel7-');
    }
  });
});

describe.each(ENV_NAMES)('Grafana resources in %s', (name) => {
  const env = environment(name);
  const ms = objects(name, 'mojaloop');
  const dashboards = byKind(ms, 'GrafanaDashboard') as any[];
  const folders = byKind(ms, 'GrafanaFolder') as any[];

  it('one GrafanaFolder in the mojaloop namespace, attached to the core Grafana', () => {
    expect(folders).toHaveLength(1);
    expect(folders[0].metadata.namespace).toBe(env.namespaces.mojaloop.name);
    expect(folders[0].spec.instanceSelector).toEqual({ matchLabels: GRAFANA_INSTANCE_LABELS });
    expect(folders[0].spec.allowCrossNamespaceImport).toBe(true);
  });

  it('every dashboard: in the folder, the contract instance selector, cross-namespace import allowed', () => {
    expect(dashboards.length).toBeGreaterThanOrEqual(DASHBOARDS.length + 7);
    for (const d of dashboards) {
      expect(d.metadata.namespace).toBe(env.namespaces.mojaloop.name);
      expect(d.spec.folderRef).toBe(folders[0].metadata.name);
      expect(d.spec.instanceSelector).toEqual({ matchLabels: GRAFANA_INSTANCE_LABELS });
      expect(d.spec.allowCrossNamespaceImport).toBe(true);
      expect([d.spec.json, d.spec.url, d.spec.grafanaCom].filter(Boolean), d.metadata.name).toHaveLength(1);
    }
  });

  it('upstream dashboards are pinned: URLs at a release tag, grafana.com by id and revision, datasource mapped', () => {
    for (const d of dashboards.filter((d) => !d.spec.json)) {
      expect(d.spec.datasources).toEqual([{ inputName: 'DS_PROMETHEUS', datasourceName: GRAFANA_PROMETHEUS_DATASOURCE }]);
      if (d.spec.url) expect(d.spec.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/v?\d+\.\d+\.\d+\//);
      else expect(d.spec.grafanaCom).toEqual({ id: expect.any(Number), revision: expect.any(Number) });
    }
    expect(dashboards.some((d) => d.spec.url?.includes(`/mojaloop/helm/${MOJALOOP_RELEASE}/monitoring/dashboards/mojaloop/`))).toBe(true);
    expect(dashboards.some((d) => d.spec.grafanaCom?.id === 2583 && d.spec.grafanaCom.revision === 2)).toBe(env.features.bulk || env.features.businessOps);
  });

  it('store dashboards only for store kinds the environment runs', () => {
    const names = dashboards.map((d) => d.metadata.name);
    for (const u of UPSTREAM_DASHBOARDS.filter((u) => u.store === 'mongodb')) {
      expect(names.includes(`${env.mojaloop.namePrefix}${u.name}`)).toBe(env.features.bulk || env.features.businessOps);
    }
  });
});
