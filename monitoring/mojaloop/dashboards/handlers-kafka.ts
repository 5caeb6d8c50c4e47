// "Mojaloop / Handlers and Kafka": handler replicas and restarts, consumer-group
// lag, consumption and membership, and the services' event-loop lag.
import { labelVariable, layout, rate, SCOPE, switchDashboard, timeseries, type DashboardSource } from './common';

const GROUP = 'consumergroup=~"$consumergroup"';
const RI = '[$__rate_interval]';

export const handlersKafka: DashboardSource = {
  uid: 'mojaloop-handlers-kafka',
  title: 'Mojaloop / Handlers and Kafka',
  build: () => layout(
    switchDashboard('mojaloop-handlers-kafka', 'Mojaloop / Handlers and Kafka', 'Kafka handlers of the switch: replicas, consumer-group lag and throughput.', [
      labelVariable('consumergroup', 'Consumer group', 'kafka_consumergroup_lag', 'consumergroup'),
    ]),
    [
      ['Handlers', [
        timeseries({
          title: 'Available replicas by handler', min: 0,
          queries: [[`sum by (deployment) (kube_deployment_status_replicas_available{${SCOPE}, deployment=~".*handler.*"})`, '{{deployment}}']],
        }),
        timeseries({
          title: 'Container restarts (1h)', min: 0,
          queries: [[`sum by (pod) (increase(kube_pod_container_status_restarts_total{${SCOPE}}[1h])) > 0`, '{{pod}}']],
        }),
        timeseries({
          title: 'Event-loop lag by service', unit: 's', width: 24,
          description: 'Node.js event-loop lag: a busy or blocked handler shows here before its Kafka lag grows.',
          queries: ['moja_cl_', 'moja_ml_', 'moja_als_', 'moja_qs_'].map((p) => [`max by (job) (${p}nodejs_eventloop_lag_seconds{${SCOPE}})`, '{{job}}'] as [string, string]),
        }),
      ]],
      ['Kafka consumer groups', [
        timeseries({ title: 'Lag by consumer group', queries: [[`sum by (consumergroup) (kafka_consumergroup_lag{${SCOPE}, ${GROUP}})`, '{{consumergroup}}']] }),
        timeseries({
          title: 'Consumed messages per second', unit: 'ops',
          queries: [[`sum by (consumergroup) (rate(kafka_consumergroup_current_offset{${SCOPE}, ${GROUP}}${RI}))`, '{{consumergroup}}']],
        }),
        timeseries({ title: 'Members by consumer group', min: 0, queries: [[`sum by (consumergroup) (kafka_consumergroup_members{${SCOPE}, ${GROUP}})`, '{{consumergroup}}']] }),
        timeseries({
          title: 'Produced messages per second by topic', unit: 'ops',
          queries: [[`sum by (topic) (rate(kafka_topic_partition_current_offset{${SCOPE}, topic!~"__.*"}${RI}))`, '{{topic}}']],
        }),
      ]],
      ['Notification handler', [
        timeseries({ title: 'Notifications processed per second by outcome', unit: 'ops', queries: [[rate('moja_ml_notification_event_count', '', ['success']), 'success={{success}}']] }),
        timeseries({ title: 'Callbacks per second by outcome', unit: 'reqps', queries: [[rate('moja_ml_notification_event_delivery_count', '', ['success']), 'success={{success}}']] }),
      ]],
    ],
  ).build(),
};
