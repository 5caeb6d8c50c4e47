// The monitoring stack itself: targets down, rule evaluation and
// configuration reload failures, Loki ingestion errors, and the Watchdog
// that always fires (its absence, seen from outside, means alerting is down).
import { communityRunbook, type RuleSet } from './types';

export const STACK_RULES: RuleSet = {
  name: 'core-monitoring',
  groups: [{
    name: 'monitoring',
    rules: [
      {
        alert: 'Watchdog',
        expr: 'vector(1)',
        severity: 'none',
        summary: 'Alerting pipeline heartbeat.',
        description: 'Always firing. Routed to a dead man\'s switch outside the cluster, which alarms when it stops arriving: Prometheus, Alertmanager or the path between them is down.',
        runbook: communityRunbook('general', 'Watchdog'),
      },
      {
        alert: 'TargetDown',
        expr: '100 * (count by (job, namespace, service) (up == 0) / count by (job, namespace, service) (up)) > 10',
        for: '10m',
        severity: 'warning',
        summary: 'Targets of {{ $labels.job }} in {{ $labels.namespace }} are down.',
        description: 'More than 10% of the {{ $labels.job }}/{{ $labels.service }} targets in namespace {{ $labels.namespace }} cannot be scraped; their metrics and alerts are blind.',
        runbook: communityRunbook('general', 'TargetDown'),
      },
      {
        alert: 'PrometheusRuleFailures',
        expr: 'increase(prometheus_rule_evaluation_failures_total{job="prometheus"}[5m]) > 0',
        for: '15m',
        severity: 'critical',
        summary: 'Prometheus {{ $labels.pod }} fails to evaluate rules.',
        description: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} has failed rule evaluations for 15 minutes; alerts built on those rules cannot fire.',
        runbook: communityRunbook('prometheus', 'PrometheusRuleFailures'),
      },
      {
        alert: 'PrometheusBadConfig',
        expr: 'max_over_time(prometheus_config_last_reload_successful{job="prometheus"}[5m]) == 0',
        for: '10m',
        severity: 'critical',
        summary: 'Prometheus {{ $labels.pod }} failed to reload its configuration.',
        description: 'Prometheus {{ $labels.namespace }}/{{ $labels.pod }} runs an outdated configuration: new ServiceMonitors and rules are not applied.',
        runbook: communityRunbook('prometheus', 'PrometheusBadConfig'),
      },
      {
        alert: 'AlertmanagerFailedReload',
        expr: 'max_over_time(alertmanager_config_last_reload_successful{job="alertmanager"}[5m]) == 0',
        for: '10m',
        severity: 'critical',
        summary: 'Alertmanager {{ $labels.pod }} failed to reload its configuration.',
        description: 'Alertmanager {{ $labels.namespace }}/{{ $labels.pod }} runs an outdated configuration: receiver or routing changes are not applied.',
        runbook: communityRunbook('alertmanager', 'AlertmanagerFailedReload'),
      },
      {
        alert: 'LokiDiscardingSamples',
        expr: 'sum by (namespace, job, reason) (rate(loki_discarded_samples_total{job=~"loki.*"}[5m])) > 0',
        for: '15m',
        severity: 'warning',
        summary: 'Loki discards log lines ({{ $labels.reason }}).',
        description: 'Loki ({{ $labels.job }}) has been rejecting log lines for 15 minutes with reason {{ $labels.reason }}; those logs are lost.',
        runbook: 'https://grafana.com/docs/loki/latest/operations/request-validation-rate-limits/',
      },
      {
        alert: 'LokiRequestErrors',
        expr: '100 * sum by (namespace, job, route) (rate(loki_request_duration_seconds_count{job=~"loki.*",status_code=~"5.."}[5m])) / sum by (namespace, job, route) (rate(loki_request_duration_seconds_count{job=~"loki.*"}[5m])) > 10',
        for: '15m',
        severity: 'critical',
        summary: 'Loki {{ $labels.job }} fails {{ $labels.route }} requests.',
        description: 'More than 10% of {{ $labels.route }} requests to {{ $labels.job }} have failed for 15 minutes; log ingestion or queries are broken.',
        runbook: 'https://grafana.com/docs/loki/latest/operations/troubleshooting/',
      },
    ],
  }],
};
