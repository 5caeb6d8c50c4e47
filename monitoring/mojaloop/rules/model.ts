// Prometheus rule groups as typed data: the shape of a PrometheusRule's spec
// (and of a promtool rule file), plus the few facts about one environment the
// rules depend on.
import { ALERT_SEVERITY_LABEL, ALERT_TEAM_LABEL, type AlertSeverity } from '../../../charts/monitoring-core/contract';
import type { StoreKind } from '../../../charts/mojaloop/catalog';

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: { summary: string; description: string; runbook_url: string };
}
export interface RecordingRule { record: string; expr: string; labels?: Record<string, string> }
export type Rule = AlertRule | RecordingRule;
export interface RuleGroup { name: string; interval?: string; rules: Rule[] }

export const isAlert = (r: Rule): r is AlertRule => 'alert' in r;

/** What the rules of one environment need to know. */
export interface RuleContext {
  /** The mojaloop namespace: every series of the switch carries it. */
  namespace: string;
  /** Prefix of every object name (Deployments, store CRs). */
  namePrefix: string;
  /** Transfer success objective in percent (99.9). */
  objective: number;
  /** Length of the SLO compliance window in hours (720 for 30d). */
  windowHours: number;
  /** Base of every runbook_url; the alert name (lower case) is the anchor. */
  runbookBaseUrl: string;
  /** Enabled handlers (catalog names, without prefix). */
  handlers: readonly string[];
  /** Kafka consumer groups of the enabled handlers. */
  consumerGroups: readonly string[];
  /** Enabled stores: name of the operator CR (with prefix), kind and expected members. */
  stores: ReadonlyArray<{ name: string; kind: StoreKind; members: number }>;
  /** Database backups, when the environment configures them: the age past which a backup is stale. */
  backups?: { maxAgeHours: number };
}

/** The team label value every alert of the switch carries (routing). */
export const TEAM = 'mojaloop';

export interface AlertSpec {
  name: string;
  expr: string;
  for?: string;
  severity: AlertSeverity;
  summary: string;
  description: string;
  labels?: Record<string, string>;
}

export function alert(ctx: RuleContext, a: AlertSpec): AlertRule {
  return {
    alert: a.name,
    expr: a.expr,
    ...(a.for ? { for: a.for } : {}),
    labels: { [ALERT_SEVERITY_LABEL]: a.severity, [ALERT_TEAM_LABEL]: TEAM, ...a.labels },
    annotations: { summary: a.summary, description: a.description, runbook_url: `${ctx.runbookBaseUrl}#${a.name.toLowerCase()}` },
  };
}

/** `namespace="<ns>"`: every selector of the switch's own series starts with it. */
export const inNs = (ctx: RuleContext) => `namespace="${ctx.namespace}"`;

/** A regex alternation of exact names (PromQL anchors =~); names are plain DNS labels, so no escaping. */
export function anyOf(values: readonly string[]): string {
  for (const v of values) if (!/^[A-Za-z0-9_-]+$/.test(v)) throw new Error(`"${v}" is not a plain name for a regex alternation`);
  return [...values].sort().join('|');
}

/** Numbers in expressions: no floating-point noise (0.05 * 720 / 6 -> 6). */
export const num = (x: number): string => String(Number(x.toPrecision(6)));
