// Handlers and their Kafka consumer groups: a handler Deployment without an
// available replica (kube-state-metrics), a group that stopped committing while
// messages wait, a lag that keeps growing, a group without members
// (kafka-exporter), and a scrape target of the switch that is down.
import { alert, anyOf, inNs, num, type RuleContext, type RuleGroup } from './model';

/** Lag (messages) below which a growing trend is not worth a ticket. */
export const LAG_GROWING_MIN = 100;
export const LAG_RECORD = 'namespace_consumergroup_topic:kafka_consumergroup_lag:sum';

export function handlerKafkaRules(ctx: RuleContext, scraped: readonly string[]): RuleGroup {
  const ns = inNs(ctx);
  const deployments = `deployment=~"${ctx.namePrefix}(${anyOf(ctx.handlers)})"`;
  const groups = `consumergroup=~"${anyOf(ctx.consumerGroups)}"`;
  const byGroup = 'sum by (namespace, consumergroup, topic)';
  return {
    name: 'mojaloop-handlers-kafka',
    rules: [
      { record: LAG_RECORD, expr: `${byGroup} (kafka_consumergroup_lag{${ns},${groups}})` },
      alert(ctx, {
        name: 'MojaloopHandlerNoReadyReplica',
        expr: `kube_deployment_status_replicas_available{${ns},${deployments}} == 0 and kube_deployment_spec_replicas{${ns},${deployments}} > 0`,
        for: '5m',
        severity: 'critical',
        summary: 'Handler {{ $labels.deployment }} has no available replica',
        description: 'Deployment {{ $labels.deployment }} in {{ $labels.namespace }} wants replicas but none has been available for 5 minutes: its Kafka topic is not consumed and the transfers, quotes or notifications it handles stall.',
      }),
      alert(ctx, {
        name: 'MojaloopHandlerNotConsuming',
        expr: `${byGroup} (kafka_consumergroup_lag{${ns},${groups}}) > 0 and ${byGroup} (delta(kafka_consumergroup_current_offset{${ns},${groups}}[10m])) <= 0`,
        for: '5m',
        severity: 'critical',
        summary: 'Consumer group {{ $labels.consumergroup }} stopped consuming {{ $labels.topic }}',
        description: '{{ $value }} messages wait on {{ $labels.topic }} but consumer group {{ $labels.consumergroup }} in {{ $labels.namespace }} has committed no offset for 15 minutes: its handler is stuck or disconnected from Kafka.',
      }),
      alert(ctx, {
        name: 'MojaloopKafkaConsumerLagGrowing',
        expr: `${LAG_RECORD} > ${num(LAG_GROWING_MIN)} and delta(${LAG_RECORD}[15m]) > 0`,
        for: '15m',
        severity: 'warning',
        summary: 'Kafka lag of {{ $labels.consumergroup }} on {{ $labels.topic }} keeps growing',
        description: 'Consumer group {{ $labels.consumergroup }} in {{ $labels.namespace }} is {{ $value }} messages behind on {{ $labels.topic }} and falling further behind for 30 minutes: the handler cannot keep up (scale it out, or look for slow database calls).',
      }),
      alert(ctx, {
        name: 'MojaloopKafkaConsumerGroupEmpty',
        expr: `kafka_consumergroup_members{${ns},${groups}} == 0`,
        for: '5m',
        severity: 'critical',
        summary: 'Consumer group {{ $labels.consumergroup }} has no members',
        description: 'No consumer is attached to group {{ $labels.consumergroup }} in {{ $labels.namespace }} for 5 minutes: nothing processes its topic.',
      }),
      alert(ctx, {
        name: 'MojaloopMetricsTargetDown',
        expr: `up{${ns},job=~"${anyOf(scraped)}"} == 0`,
        for: '10m',
        severity: 'warning',
        summary: '{{ $labels.job }} metrics cannot be scraped ({{ $labels.pod }})',
        description: 'Prometheus has failed to scrape /metrics of {{ $labels.pod }} ({{ $labels.job }}) in {{ $labels.namespace }} for 10 minutes: the pod is down or hung, and the switch alerts that depend on its metrics are blind.',
      }),
    ],
  };
}
