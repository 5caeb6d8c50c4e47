// alertmanager.yaml as data. Rendered as a plain file next to the objects and
// turned into a Secret by kustomize's secretGenerator, so amtool can check it
// and no credential is in it: every credential is a `*_file` path into a
// Secret that the Alertmanager CR mounts (spec.secrets ->
// /etc/alertmanager/secrets/<secret>/<key>).
//
// amtool is built at the deployed Alertmanager version (tools/alertmanager), so
// every field the deployed release accepts may be used.
import type { Environment } from '../environment/environment';
import type { Receiver, SecretKey } from '../environment/sections/monitoring';

export const SECRETS_DIR = '/etc/alertmanager/secrets';
/** Where the Alertmanager CR mounts spec.configMaps (prometheus-operator: /etc/alertmanager/configmaps/<name>). */
export const CONFIGMAPS_DIR = '/etc/alertmanager/configmaps';
export const secretFile = (s: SecretKey) => `${SECRETS_DIR}/${s.secret}/${s.key}`;

/** The receiver that gets what no route claims: visible in the UI only. */
export const DEFAULT_RECEIVER = 'null';
export const WATCHDOG = 'Watchdog';

/** Labels by which alerts are grouped into one notification. */
export const GROUP_BY = ['alertname', 'cluster', 'namespace', 'severity'];

export interface InhibitRule { source_matchers: string[]; target_matchers: string[]; equal: string[] }

/**
 * Inhibitions, in the order a human reads them:
 * - a node that is down mutes every other alert about that node (its pods,
 *   disks, exporters): the rules put a `node` label on what ran there;
 * - a critical alert mutes the warning of the same alert on the same object.
 */
export const INHIBIT_RULES: InhibitRule[] = [
  {
    source_matchers: ['alertname="KubeNodeNotReady"'],
    target_matchers: ['alertname!="KubeNodeNotReady"', `alertname!="${WATCHDOG}"`],
    equal: ['cluster', 'node'],
  },
  {
    source_matchers: ['severity="critical"'],
    target_matchers: ['severity="warning"'],
    equal: ['alertname', 'cluster', 'namespace', 'node', 'instance', 'pod', 'persistentvolumeclaim', 'mountpoint'],
  },
];

/**
 * TLS settings for receivers whose endpoint the environment names (webhook
 * URL, SMTP smarthost, Opsgenie API URL): those are internal and signed by
 * trust.caBundle. Slack and PagerDuty are the vendors' public services and
 * keep the public roots (a ca_file replaces them, it does not add to them).
 */
function internalTls(env: Environment): Record<string, unknown> | undefined {
  const b = env.trust.caBundle;
  return b ? { ca_file: `${CONFIGMAPS_DIR}/${b.configMap}/${b.key}` } : undefined;
}

function receiverConfig(env: Environment, r: Receiver): Record<string, unknown> {
  const tls = internalTls(env);
  if (r.slack) {
    return {
      slack_configs: [{
        api_url_file: secretFile(r.slack.apiUrl),
        channel: r.slack.channel,
        send_resolved: true,
        title: '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.cluster }})',
        text: '{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}',
      }],
    };
  }
  if (r.email) {
    return {
      email_configs: [{
        to: r.email.to,
        from: r.email.from,
        smarthost: r.email.smarthost,
        ...(r.email.username ? { auth_username: r.email.username } : {}),
        ...(r.email.password ? { auth_password_file: secretFile(r.email.password) } : {}),
        require_tls: true,
        ...(tls ? { tls_config: tls } : {}),
        send_resolved: true,
      }],
    };
  }
  if (r.webhook) {
    return {
      webhook_configs: [{
        url: r.webhook.url,
        send_resolved: !r.heartbeat,
        ...(r.webhook.bearerToken || tls ? {
          http_config: {
            ...(r.webhook.bearerToken ? { authorization: { type: 'Bearer', credentials_file: secretFile(r.webhook.bearerToken) } } : {}),
            ...(tls ? { tls_config: tls } : {}),
          },
        } : {}),
      }],
    };
  }
  if (r.pagerduty) {
    return { pagerduty_configs: [{ routing_key_file: secretFile(r.pagerduty.routingKey), send_resolved: true }] };
  }
  if (r.opsgenie) {
    return {
      opsgenie_configs: [{
        api_key_file: secretFile(r.opsgenie.apiKey),
        ...(r.opsgenie.apiUrl ? { api_url: r.opsgenie.apiUrl, ...(tls ? { http_config: { tls_config: tls } } : {}) } : {}),
        priority: '{{ if eq .CommonLabels.severity "critical" }}P1{{ else }}P3{{ end }}',
        send_resolved: true,
      }],
    };
  }
  if (r.jira) return { jira_configs: [jiraConfig(r.jira)] };
  throw new Error(`receiver ${r.name}: no integration`);
}

/**
 * One Jira issue per alert group (Alertmanager v0.33, notify/jira/): summary,
 * description and priority keep upstream's default templates (critical -> High,
 * warning -> Medium). Credentials through http_config, as upstream documents:
 * basic_auth for Jira Cloud, a Bearer token for Data Center.
 */
function jiraConfig(j: NonNullable<Receiver['jira']>): Record<string, unknown> {
  return {
    api_url: j.apiUrl,
    ...(j.apiType ? { api_type: j.apiType } : {}),
    project: j.project,
    issue_type: j.issueType ?? 'Bug',
    ...(j.labels?.length ? { labels: j.labels } : {}),
    ...(j.resolveTransition ? { resolve_transition: j.resolveTransition } : {}),
    ...(j.reopenTransition ? { reopen_transition: j.reopenTransition } : {}),
    ...(j.reopenDuration ? { reopen_duration: j.reopenDuration } : {}),
    ...(j.wontFixResolution ? { wont_fix_resolution: j.wontFixResolution } : {}),
    send_resolved: true,
    http_config: j.basicAuth
      ? { basic_auth: { username: j.basicAuth.username, password_file: secretFile(j.basicAuth.password) } }
      : { authorization: { type: 'Bearer', credentials_file: secretFile(j.token!) } },
  };
}

/** Every Secret key the configuration reads. */
export function receiverSecrets(env: Environment): Array<SecretKey & { receiver: string }> {
  return env.monitoring.alertmanager.receivers.flatMap((r) => [
    r.slack?.apiUrl, r.email?.password, r.webhook?.bearerToken, r.pagerduty?.routingKey, r.opsgenie?.apiKey,
    r.jira?.basicAuth?.password, r.jira?.token,
  ].filter((s): s is SecretKey => !!s).map((s) => ({ ...s, receiver: r.name })));
}

export function alertmanagerConfig(env: Environment): Record<string, unknown> {
  const am = env.monitoring.alertmanager;
  const receivers = am.receivers;
  const forSeverity = (severity: 'critical' | 'warning') => receivers.filter((r) => !r.heartbeat && r.severities.includes(severity)).map((r) => r.name);
  const heartbeat = receivers.filter((r) => r.heartbeat).map((r) => r.name);

  /** One route per severity; several receivers for one severity get one `continue: true` route each. */
  const severityRoutes = (severity: 'critical' | 'warning', repeat: string) =>
    forSeverity(severity).map((receiver, i, all) => ({
      receiver,
      matchers: [`severity="${severity}"`],
      repeat_interval: repeat,
      ...(i < all.length - 1 ? { continue: true } : {}),
    }));

  const routes = [
    // The Watchdog always fires: a receiver outside the cluster alarms when it stops arriving.
    {
      receiver: heartbeat[0] ?? DEFAULT_RECEIVER,
      matchers: [`alertname="${WATCHDOG}"`],
      group_wait: '0s',
      group_interval: '1m',
      repeat_interval: '1m',
    },
    ...maintenanceRoutes(env, () => [...severityRoutes('critical', shorter(am.repeatInterval)), ...severityRoutes('warning', am.repeatInterval)]),
    ...severityRoutes('critical', shorter(am.repeatInterval)),
    ...severityRoutes('warning', am.repeatInterval),
  ];

  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: DEFAULT_RECEIVER,
      group_by: GROUP_BY,
      group_wait: am.groupWait,
      group_interval: am.groupInterval,
      repeat_interval: am.repeatInterval,
      routes,
    },
    inhibit_rules: INHIBIT_RULES,
    ...(env.maintenance.length ? { time_intervals: env.maintenance.map((w) => ({ name: w.name, time_intervals: w.intervals })) } : {}),
    receivers: [{ name: DEFAULT_RECEIVER }, ...receivers.map((r) => ({ name: r.name, ...receiverConfig(env, r) }))],
  };
}

/** A third of a duration for critical alerts (at least 1h): "4h" -> "1h20m". */
function shorter(d: string): string {
  const units: Record<string, number> = { y: 31536000, w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
  let seconds = 0;
  for (const [, n, u] of d.matchAll(/([0-9]+)(ms|y|w|d|h|m|s)/g)) seconds += u === 'ms' ? 0 : Number(n) * units[u];
  const third = Math.max(3600, Math.floor(seconds / 3));
  const h = Math.floor(third / 3600);
  const m = Math.floor((third % 3600) / 60);
  return `${h}h${m ? `${m}m` : ''}`;
}

/**
 * Routes that mute during maintenance windows. An alert may match several
 * windows and must be muted in each, but the first matching route wins and a
 * route's mute_time_intervals are fixed: so there is one route per set of
 * windows, largest sets first, matching the alerts all of them cover (the
 * matchers of a route are ANDed), muted by all of them. Under each, the usual
 * severity routes, so receivers and repeat intervals stay what they are.
 */
function maintenanceRoutes(env: Environment, severityRoutes: () => Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const windows = env.maintenance;
  const sets: Array<typeof windows> = [];
  for (let mask = (1 << windows.length) - 1; mask > 0; mask--) sets.push(windows.filter((_, i) => mask & (1 << i)));
  sets.sort((a, b) => b.length - a.length);
  const regex = (xs: string[]) => xs.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return sets.map((set) => ({
    matchers: [
      `alertname!="${WATCHDOG}"`,
      ...set.flatMap((w) => [
        ...(w.alerts ? [`alertname=~"${regex(w.alerts)}"`] : []),
        ...(w.severities ? [`severity=~"${regex(w.severities)}"`] : []),
      ]),
    ],
    // Only the severity routes these windows can let through (a window of warnings holds no critical route).
    routes: severityRoutes()
      .filter((r) => set.every((w) => !w.severities || (r.matchers as string[]).some((m) => w.severities!.some((s) => m === `severity="${s}"`))))
      .map((r) => ({ ...r, mute_time_intervals: set.map((w) => w.name) })),
  }));
}
