// Unit tests of rules/stack.ts.
import type { RuleTest } from './types';

const ns = 'monitoring-core';

export const STACK_TESTS: RuleTest[] = [
  {
    name: 'Watchdog always fires (by design it has no silent case)',
    series: [],
    alerts: [
      { at: '1m', alert: 'Watchdog', fires: [{ labels: {} }] },
    ],
  },
  {
    name: 'targets: 1 of 2 down fires, all up does not',
    series: [
      { series: `up{job="node-exporter",namespace="${ns}",service="node-exporter",instance="n1"}`, values: '0x20' },
      { series: `up{job="node-exporter",namespace="${ns}",service="node-exporter",instance="n2"}`, values: '1x20' },
      { series: `up{job="kube-state-metrics",namespace="${ns}",service="kube-state-metrics",instance="ksm"}`, values: '1x20' },
    ],
    alerts: [
      { at: '15m', alert: 'TargetDown', fires: [{ labels: { job: 'node-exporter', namespace: ns, service: 'node-exporter' } }] },
      { at: '5m', alert: 'TargetDown', fires: [] },
    ],
  },
  {
    name: 'Prometheus: failing rule evaluations and a bad config fire; a healthy replica is silent',
    series: [
      { series: `prometheus_rule_evaluation_failures_total{job="prometheus",namespace="${ns}",pod="prometheus-core-0",rule_group="g"}`, values: '0+1x30' },
      { series: `prometheus_rule_evaluation_failures_total{job="prometheus",namespace="${ns}",pod="prometheus-core-1",rule_group="g"}`, values: '0x30' },
      { series: `prometheus_config_last_reload_successful{job="prometheus",namespace="${ns}",pod="prometheus-core-0"}`, values: '0x30' },
      { series: `prometheus_config_last_reload_successful{job="prometheus",namespace="${ns}",pod="prometheus-core-1"}`, values: '1x30' },
    ],
    alerts: [
      { at: '25m', alert: 'PrometheusRuleFailures', fires: [{ labels: { job: 'prometheus', namespace: ns, pod: 'prometheus-core-0', rule_group: 'g' } }] },
      { at: '10m', alert: 'PrometheusRuleFailures', fires: [] },
      { at: '20m', alert: 'PrometheusBadConfig', fires: [{ labels: { job: 'prometheus', namespace: ns, pod: 'prometheus-core-0' } }] },
      { at: '5m', alert: 'PrometheusBadConfig', fires: [] },
    ],
  },
  {
    name: 'Alertmanager: a failed reload fires, a good one does not',
    series: [
      { series: `alertmanager_config_last_reload_successful{job="alertmanager",namespace="${ns}",pod="alertmanager-core-0"}`, values: '0x30' },
      { series: `alertmanager_config_last_reload_successful{job="alertmanager",namespace="${ns}",pod="alertmanager-core-1"}`, values: '1x30' },
    ],
    alerts: [
      { at: '20m', alert: 'AlertmanagerFailedReload', fires: [{ labels: { job: 'alertmanager', namespace: ns, pod: 'alertmanager-core-0' } }] },
      { at: '5m', alert: 'AlertmanagerFailedReload', fires: [] },
    ],
  },
  {
    name: 'Loki: discarded samples and failing pushes fire; clean traffic does not',
    series: [
      { series: `loki_discarded_samples_total{job="loki-distributor",namespace="${ns}",reason="rate_limited",tenant="fake"}`, values: '0+10x40' },
      { series: `loki_discarded_samples_total{job="loki-distributor",namespace="${ns}",reason="line_too_long",tenant="fake"}`, values: '0x40' },
      { series: `loki_request_duration_seconds_count{job="loki-distributor",namespace="${ns}",route="loki_api_v1_push",status_code="500"}`, values: '0+50x40' },
      { series: `loki_request_duration_seconds_count{job="loki-distributor",namespace="${ns}",route="loki_api_v1_push",status_code="204"}`, values: '0+50x40' },
      { series: `loki_request_duration_seconds_count{job="loki-query-frontend",namespace="${ns}",route="loki_api_v1_query_range",status_code="200"}`, values: '0+50x40' },
    ],
    alerts: [
      { at: '30m', alert: 'LokiDiscardingSamples', fires: [{ labels: { job: 'loki-distributor', namespace: ns, reason: 'rate_limited' } }] },
      { at: '10m', alert: 'LokiDiscardingSamples', fires: [] },
      { at: '30m', alert: 'LokiRequestErrors', fires: [{ labels: { job: 'loki-distributor', namespace: ns, route: 'loki_api_v1_push' } }] },
      { at: '10m', alert: 'LokiRequestErrors', fires: [] },
    ],
  },
];
