// Rules for the Prometheus JMX exporter that Strimzi runs in every Kafka pod
// (metricsConfig type jmxPrometheusExporter, served on port 9404
// "tcp-prometheus"). Broker, controller (KRaft raft-metrics) and request
// metrics, named kafka_<domain>_<type>_<name>, as Strimzi's examples name them,
// so that the upstream Strimzi dashboards work unchanged.
export const JMX_EXPORTER_RULES = `lowercaseOutputName: true
rules:
  # Per-topic/partition and per-client gauges.
  - pattern: "kafka.server<type=(.+), name=(.+), clientId=(.+), topic=(.+), partition=(.*)><>Value"
    name: kafka_server_$1_$2
    type: GAUGE
    labels:
      clientId: "$3"
      topic: "$4"
      partition: "$5"
  - pattern: "kafka.server<type=(.+), name=(.+), clientId=(.+), brokerHost=(.+), brokerPort=(.+)><>Value"
    name: kafka_server_$1_$2
    type: GAUGE
    labels:
      clientId: "$3"
      broker: "$4:$5"
  # Percentages (request handler / network processor idle).
  - pattern: "kafka.(\\\\w+)<type=(.+), name=(.+)Percent\\\\w*><>MeanRate"
    name: kafka_$1_$2_$3_percent
    type: GAUGE
  - pattern: "kafka.(\\\\w+)<type=(.+), name=(.+)Percent\\\\w*><>Value"
    name: kafka_$1_$2_$3_percent
    type: GAUGE
  # Rates as counters (messages, bytes in/out, failed requests), with up to two labels.
  - pattern: "kafka.(\\\\w+)<type=(.+), name=(.+)PerSec\\\\w*, (.+)=(.+), (.+)=(.+)><>Count"
    name: kafka_$1_$2_$3_total
    type: COUNTER
    labels:
      "$4": "$5"
      "$6": "$7"
  - pattern: "kafka.(\\\\w+)<type=(.+), name=(.+)PerSec\\\\w*, (.+)=(.+)><>Count"
    name: kafka_$1_$2_$3_total
    type: COUNTER
    labels:
      "$4": "$5"
  - pattern: "kafka.(\\\\w+)<type=(.+), name=(.+)PerSec\\\\w*><>Count"
    name: kafka_$1_$2_$3_total
    type: COUNTER
  # Gauges (under-replicated and offline partitions, ISR shrinks, active controller), up to two labels.
  - pattern: "kafka.(\\\\w+)<type=(.+), name=(.+), (.+)=(.+), (.+)=(.+)><>Value"
    name: kafka_$1_$2_$3
    type: GAUGE
    labels:
      "$4": "$5"
      "$6": "$7"
  - pattern: "kafka.(\\\\w+)<type=(.+), name=(.+), (.+)=(.+)><>Value"
    name: kafka_$1_$2_$3
    type: GAUGE
    labels:
      "$4": "$5"
  - pattern: "kafka.(\\\\w+)<type=(.+), name=(.+)><>Value"
    name: kafka_$1_$2_$3
    type: GAUGE
  # Request latency histograms as count + quantiles.
  - pattern: "kafka.(\\\\w+)<type=(.+), name=(.+), (.+)=(.+)><>Count"
    name: kafka_$1_$2_$3_count
    type: COUNTER
    labels:
      "$4": "$5"
  - pattern: "kafka.(\\\\w+)<type=(.+), name=(.+), (.+)=(.*)><>(\\\\d+)thPercentile"
    name: kafka_$1_$2_$3
    type: GAUGE
    labels:
      "$4": "$5"
      quantile: "0.$6"
  - pattern: "kafka.(\\\\w+)<type=(.+), name=(.+)><>Count"
    name: kafka_$1_$2_$3_count
    type: COUNTER
  # KRaft: the controller quorum (raft) and the brokers' metadata log.
  - pattern: "kafka.server<type=raft-metrics><>(.+-total|.+-max):"
    name: kafka_server_raftmetrics_$1
    type: COUNTER
  - pattern: "kafka.server<type=raft-metrics><>(current-state|.+):"
    name: kafka_server_raftmetrics_$1
    type: GAUGE
  - pattern: "kafka.server<type=broker-metadata-metrics><>(.+):"
    name: kafka_server_brokermetadatametrics_$1
    type: GAUGE
`;
