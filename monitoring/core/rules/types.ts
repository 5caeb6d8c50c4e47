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

/** Runbooks of this repository for the alerts the community has none for. */
export const CORE_RUNBOOKS_PATH = 'monitoring/core/runbooks.md';
/** A section of CORE_RUNBOOKS_PATH: a repository path, made absolute by renderGroup. */
export const repositoryRunbook = (alert: string) => `${CORE_RUNBOOKS_PATH}#${alert.toLowerCase()}`;

/** An absolute runbook address: repository paths are put under the repository's web address. */
export const runbookUrl = (runbook: string, browseUrl?: string) =>
  /^https?:\/\//.test(runbook) || !browseUrl ? runbook : `${browseUrl}/${runbook}`;

/**
 * A rule group in Prometheus' rule-file format (also the PrometheusRule .spec.groups item).
 * `browseUrl` (sync.repository.browseUrl) turns repository runbooks into web addresses.
 */
export function renderGroup(g: RuleGroup, browseUrl?: string): Record<string, unknown> {
  return {
    name: g.name,
    ...(g.interval ? { interval: g.interval } : {}),
    rules: g.rules.map((r) => (isAlert(r)
      ? {
        alert: r.alert,
        expr: r.expr,
        ...(r.for ? { for: r.for } : {}),
        labels: { severity: r.severity, ...r.labels },
        annotations: { summary: r.summary, description: r.description, runbook_url: runbookUrl(r.runbook, browseUrl) },
      }
      : { record: r.record, expr: r.expr, ...(r.labels ? { labels: r.labels } : {}) })),
  };
}
