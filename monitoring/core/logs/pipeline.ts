// The log pipeline of the Alloy agent, in Alloy's configuration syntax:
// discover this node's pods, label their streams (namespace, pod, container,
// app, node), tail their files under /var/log/pods with positions kept on the
// node, parse the CRI wrapper and the Mojaloop log line, push to Loki.

/**
 * The Mojaloop log line, as @mojaloop/central-services-logger writes it
 * (src/ConsoleTransport.js: `${timestamp} - ${level}: ${message}${contextString}`,
 * the level always coloured by winston's colorize):
 * `2026-11-30T04:14:41.874Z - \x1b[32minfo\x1b[39m: message -\t{"json":"context"}`.
 * The colour codes stay out of `level`; the context suffix is optional; `msg`
 * keeps continuation lines (a stack trace) joined by the multiline stage.
 */
export const MOJALOOP_LOG_LINE = String.raw`^(?P<time>\d{4}-\d{2}-\d{2}T\S+Z) - (?:\x1b\[[0-9;]*m)*(?P<level>[a-z]+)(?:\x1b\[[0-9;]*m)*: (?P<msg>(?s:.*))$`;

/** The context suffix of `msg`, when the line has one: ` -\t{...}`. A second stage, so a line without context extracts no empty `context`. */
export const MOJALOOP_CONTEXT = String.raw`^(?s)(?P<msg>.*?) -\t(?P<context>\{.*\})$`;

/** A Mojaloop entry starts with its timestamp; lines that do not (stack traces, pretty-printed JSON) continue the previous one. */
export const MOJALOOP_FIRST_LINE = String.raw`^\d{4}-\d{2}-\d{2}T\S+Z - `;

/** Stream labels; anything else with high cardinality stays in the line or structured metadata. */
export const STREAM_LABELS = ['namespace', 'pod', 'container', 'app', 'node'] as const;

/** Alloy string literal (double-quoted, Go escaping). */
const str = (s: string) => JSON.stringify(s);

export interface PipelineOptions {
  /** Loki push endpoint, e.g. http://loki-gateway.monitoring-core.svc.cluster.local/loki/api/v1/push */
  pushUrl: string;
  /** Namespace whose logs follow the Mojaloop line format. */
  mojaloopNamespace: string;
  cluster: string;
}

export function alloyConfig(o: PipelineOptions): string {
  return `// Rendered by monitoring/core/logs/pipeline.ts; do not edit.
logging {
  level  = "info"
  format = "json"
}

// Only the pods of the node this agent runs on (HOSTNAME is the node name).
discovery.kubernetes "pods" {
  role = "pod"
  selectors {
    role  = "pod"
    field = "spec.nodeName=" + sys.env("HOSTNAME")
  }
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets

  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_container_name"]
    target_label  = "container"
  }
  // app: app.kubernetes.io/name, else the legacy "app" label, else the container name.
  rule {
    source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name", "__meta_kubernetes_pod_label_app", "__meta_kubernetes_pod_container_name"]
    separator     = ";"
    regex         = ${str('^;*([^;]+).*$')}
    target_label  = "app"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_node_name"]
    target_label  = "node"
  }
  // The container's log files: /var/log/pods/<namespace>_<pod>_<uid>/<container>/<n>.log
  rule {
    source_labels = ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"]
    separator     = "/"
    replacement   = "/var/log/pods/*$1/*.log"
    target_label  = "__path__"
  }
  // Init containers that finished long ago and pods without containers produce no files.
  rule {
    source_labels = ["__meta_kubernetes_pod_phase"]
    regex         = "Pending|Succeeded|Failed"
    action        = "drop"
  }
}

local.file_match "pods" {
  path_targets = discovery.relabel.pods.output
}

// Positions live in Alloy's storage path, a hostPath on the node that Kairos
// persists (install.bind_mounts): a restarted agent, or a rebooted node,
// resumes where it stopped instead of re-sending or skipping lines. A file seen
// for the first time is read from its start (tail_from_end = false), so what a
// container wrote before discovery (a crash loop's startup errors) is kept.
loki.source.file "pods" {
  targets       = local.file_match.pods.targets
  forward_to    = [loki.process.pods.receiver]
  tail_from_end = false
}

loki.process "pods" {
  forward_to = [loki.write.default.receiver]

  stage.cri {}

  stage.match {
    selector = ${str(`{namespace="${o.mojaloopNamespace}"}`)}

    stage.multiline {
      firstline     = ${str(MOJALOOP_FIRST_LINE)}
      max_wait_time = "3s"
    }
    stage.regex {
      expression = ${str(MOJALOOP_LOG_LINE)}
    }
    stage.regex {
      source     = "msg"
      expression = ${str(MOJALOOP_CONTEXT)}
    }
    stage.timestamp {
      source = "time"
      format = "RFC3339Nano"
    }
    stage.labels {
      values = { level = "" }
    }
    stage.structured_metadata {
      values = { context = "" }
    }
  }
}

loki.write "default" {
  endpoint {
    url = ${str(o.pushUrl)}
  }
  external_labels = { cluster = ${str(o.cluster)} }
}
`;
}
