// Building blocks of the switch's dashboards (grafana-foundation-sdk). Every
// query selects by the $cluster and $namespace variables: nothing in a dashboard
// names a namespace or a release, so one JSON serves every environment.
import {
  DashboardBuilder, DashboardCursorSync, DatasourceVariableBuilder, QueryVariableBuilder, RowBuilder,
  VariableHide, VariableRefresh, VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

/** The datasource of every panel: the dashboard's $datasource variable. */
export const DS = { type: 'prometheus', uid: '${datasource}' };

/** Label matchers every query starts with. */
export const SCOPE = 'cluster=~"$cluster", namespace="$namespace"';

/** A metric every switch deployment exposes, to list clusters and namespaces (central-ledger's process metrics). */
const ANCHOR = 'moja_cl_process_cpu_seconds_total';

export interface PanelSpec { title: string; description?: string; unit?: string; queries: Array<[expr: string, legend: string]>; width?: number; height?: number; min?: number; max?: number }

export type Panel = TimeseriesBuilder | StatBuilder;

const target = ([expr, legend]: [string, string], i: number) =>
  new DataqueryBuilder().expr(expr).legendFormat(legend).refId(String.fromCharCode(65 + i)).datasource(DS);

export function timeseries(p: PanelSpec): TimeseriesBuilder {
  const b = new TimeseriesBuilder().title(p.title).datasource(DS).unit(p.unit ?? 'short').gridPos({ x: 0, y: 0, w: p.width ?? 12, h: p.height ?? 8 });
  if (p.description) b.description(p.description);
  if (p.min !== undefined) b.min(p.min);
  if (p.max !== undefined) b.max(p.max);
  p.queries.forEach((q, i) => b.withTarget(target(q, i)));
  return b;
}

export function stat(p: PanelSpec): StatBuilder {
  const b = new StatBuilder().title(p.title).datasource(DS).unit(p.unit ?? 'short').gridPos({ x: 0, y: 0, w: p.width ?? 6, h: p.height ?? 4 });
  if (p.description) b.description(p.description);
  p.queries.forEach((q, i) => b.withTarget(target(q, i)));
  return b;
}

/** A dashboard with the standard variables: datasource, cluster, namespace (+ extra query variables). */
export function switchDashboard(uid: string, title: string, description: string, extra: QueryVariableBuilder[] = []): DashboardBuilder {
  const datasource = new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus');
  const cluster = new QueryVariableBuilder('cluster').label('Cluster').datasource(DS)
    .query(`label_values(${ANCHOR}, cluster)`).definition(`label_values(${ANCHOR}, cluster)`)
    // Only the central (remote-write) view has a cluster label; locally "All" (.*) also matches its absence.
    .includeAll(true).allValue('.*').refresh(VariableRefresh.OnTimeRangeChanged).sort(VariableSort.AlphabeticalAsc);
  const namespace = new QueryVariableBuilder('namespace').label('Namespace').datasource(DS)
    .query(`label_values(${ANCHOR}{cluster=~"$cluster"}, namespace)`).definition(`label_values(${ANCHOR}{cluster=~"$cluster"}, namespace)`)
    .refresh(VariableRefresh.OnTimeRangeChanged).sort(VariableSort.AlphabeticalAsc);
  const b = new DashboardBuilder(title).uid(uid).description(description).tags(['mojaloop', 'generated'])
    .editable().tooltip(DashboardCursorSync.Crosshair).refresh('1m').time({ from: 'now-6h', to: 'now' }).timezone('browser')
    .withVariable(datasource).withVariable(cluster).withVariable(namespace);
  for (const v of extra) b.withVariable(v);
  return b;
}

/** A query variable over a label of the switch's series in the selected namespace. */
export function labelVariable(name: string, label: string, metric: string, labelName: string): QueryVariableBuilder {
  const q = `label_values(${metric}{${SCOPE}}, ${labelName})`;
  return new QueryVariableBuilder(name).label(label).datasource(DS).query(q).definition(q)
    .multi(true).includeAll(true).allValue('.*').refresh(VariableRefresh.OnTimeRangeChanged).sort(VariableSort.AlphabeticalAsc).hide(VariableHide.DontHide);
}

/** Lays rows of panels out left to right, top to bottom (24 columns). */
export function layout(b: DashboardBuilder, rows: Array<[title: string, panels: Panel[]]>): DashboardBuilder {
  let y = 0;
  for (const [title, panels] of rows) {
    b.withRow(new RowBuilder(title).gridPos({ x: 0, y, w: 24, h: 1 }));
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const p of panels) {
      const { w = 12, h = 8 } = p.build().gridPos ?? {};
      if (x + w > 24) { y += rowHeight; x = 0; rowHeight = 0; }
      p.gridPos({ x, y, w, h });
      b.withPanel(p);
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    y += rowHeight;
  }
  return b;
}

export interface DashboardSource { uid: string; title: string; build: () => Dashboard }

/** histogram_quantile over a central-services-metrics histogram, by `by`. */
export const quantile = (q: number, metric: string, filter: string, by: string[] = []) =>
  `histogram_quantile(${q}, sum by (${['le', ...by].join(', ')}) (rate(${metric}_bucket{${SCOPE}${filter}}[$__rate_interval])))`;
export const rate = (metric: string, filter = '', by: string[] = []) =>
  `sum${by.length ? ` by (${by.join(', ')})` : ''} (rate(${metric}{${SCOPE}${filter}}[$__rate_interval]))`;
