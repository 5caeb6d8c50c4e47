// Prometheus rules as typed data. An alert cannot be written without
// severity, summary, description and runbook; PrometheusRule CRs and the
// promtool input are both rendered from these objects.
import type { AlertSeverity } from '../../../charts/monitoring-core/contract';

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  severity: AlertSeverity;
  /** One line; may use {{ $labels.<name> }}. */
  summary: string;
  /** What is wrong and what it costs; may use {{ $labels.<name> }}. */
  description: string;
  runbook: string;
  labels?: Record<string, string>;
}

export interface RecordingRule { record: string; expr: string; labels?: Record<string, string> }

export type Rule = AlertRule | RecordingRule;

export interface RuleGroup { name: string; interval?: string; rules: Rule[] }

/** A set of groups rendered into one PrometheusRule object. */
export interface RuleSet { name: string; groups: RuleGroup[] }

export const isAlert = (r: Rule): r is AlertRule => 'alert' in r;

/** The prometheus-operator community runbooks, written for exactly these kube-prometheus style alerts. */
export const communityRunbook = (area: string, alert: string) => `https://runbooks.prometheus-operator.dev/runbooks/${area}/${alert.toLowerCase()}`;

/** A rule group in Prometheus' rule-file format (also the PrometheusRule .spec.groups item). */
export function renderGroup(g: RuleGroup): Record<string, unknown> {
  return {
    name: g.name,
    ...(g.interval ? { interval: g.interval } : {}),
    rules: g.rules.map((r) => (isAlert(r)
      ? {
        alert: r.alert,
        expr: r.expr,
        ...(r.for ? { for: r.for } : {}),
        labels: { severity: r.severity, ...r.labels },
        annotations: { summary: r.summary, description: r.description, runbook_url: r.runbook },
      }
      : { record: r.record, expr: r.expr, ...(r.labels ? { labels: r.labels } : {}) })),
  };
}
