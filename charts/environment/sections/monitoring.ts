// monitoring-core settings an environment may override. Credentials are never
// values here: receivers, object storage, remote-write and Consul name the
// Secret (and key) that holds them; the charts mount it and point the program
// at the file (`*_file` fields) or an environment variable.
import { Type, type Static } from '@sinclair/typebox';
import { ByteSize, DnsLabel, Duration, Quantity, Replicas, Strict, StringEnum, Url } from '../types';
import { byStage, type Stage } from './stage';

/** A key of a Secret: the chart mounts the Secret and reads the key as a file. */
const SecretKeySchema = (description: string) => Strict({
  secret: DnsLabel('Name of the Secret in the monitoring-core namespace.'),
  key: Type.String({ pattern: '^[-._a-zA-Z0-9]+$', description: 'Key inside the Secret.' }),
}, description);

const HostPort = (description: string) =>
  Type.String({ pattern: '^[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?:[0-9]{1,5}$', title: 'host:port', description });

const Email = (description: string) => Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', title: 'an e-mail address', description });

export const SEVERITIES = ['critical', 'warning'] as const;
export const RECEIVER_KINDS = ['slack', 'email', 'webhook', 'pagerduty', 'opsgenie', 'jira'] as const;
const JIRA_API_TYPES = ['auto', 'cloud', 'datacenter'] as const;
export type RoutedSeverity = (typeof SEVERITIES)[number];

const ReceiverSchema = Strict({
  name: DnsLabel('Receiver name, used in routes.'),
  severities: Type.Optional(Type.Array(StringEnum(SEVERITIES, 'Alert severity.'), {
    uniqueItems: true,
    description: 'Severities routed to this receiver (default: critical and warning).',
  })),
  heartbeat: Type.Optional(Type.Boolean({ description: 'Receives the always-firing Watchdog alert (a dead man\'s switch outside the cluster); gets nothing else.' })),
  slack: Type.Optional(Strict({
    channel: Type.String({ pattern: '^[#@]?[-_a-z0-9.]+$', description: 'Channel, e.g. #mojaloop-alerts.' }),
    apiUrl: SecretKeySchema('Secret key holding the Slack incoming-webhook URL (api_url_file).'),
  })),
  email: Type.Optional(Strict({
    to: Email('Recipient.'),
    from: Email('Sender.'),
    smarthost: HostPort('SMTP server, e.g. smtp.example.org:587.'),
    username: Type.Optional(Type.String({ minLength: 1, description: 'SMTP user name (not a secret).' })),
    password: Type.Optional(SecretKeySchema('Secret key holding the SMTP password (auth_password_file).')),
  })),
  webhook: Type.Optional(Strict({
    url: Url('Endpoint (must not embed a credential: put a token in bearerToken).'),
    bearerToken: Type.Optional(SecretKeySchema('Secret key holding a bearer token (authorization.credentials_file).')),
  })),
  pagerduty: Type.Optional(Strict({
    routingKey: SecretKeySchema('Secret key holding the PagerDuty Events v2 routing key (routing_key_file).'),
  })),
  opsgenie: Type.Optional(Strict({
    apiKey: SecretKeySchema('Secret key holding the Opsgenie API key (api_key_file).'),
    apiUrl: Type.Optional(Url('Opsgenie API URL (EU accounts: https://api.eu.opsgenie.com/).')),
  })),
  // Fields of Alertmanager v0.33's jira_config (notify/jira/config.go upstream).
  jira: Type.Optional(Strict({
    apiUrl: Url('Jira REST API v2 base URL, path included, e.g. https://company.atlassian.net/rest/api/2/ (the default issue description is Wiki Markup, which only v2 accepts).'),
    apiType: Type.Optional(StringEnum(JIRA_API_TYPES, 'How issues are searched: auto (cloud when the host ends in atlassian.net), cloud or datacenter.')),
    project: Type.String({ pattern: '^[A-Z][A-Z0-9_]+$', title: 'a Jira project key', description: 'Project key issues are created in, e.g. OPS.' }),
    issueType: Type.Optional(Type.String({ minLength: 1, description: 'Issue type (default Bug).' })),
    labels: Type.Optional(Type.Array(Type.String({ pattern: '^[^\\s]+$' }), { uniqueItems: true, description: 'Jira labels added to every issue (no spaces).' })),
    resolveTransition: Type.Optional(Type.String({ minLength: 1, description: 'Workflow transition that resolves an issue when its alerts resolve, e.g. Done.' })),
    reopenTransition: Type.Optional(Type.String({ minLength: 1, description: 'Workflow transition that reopens a resolved issue when its alerts fire again.' })),
    reopenDuration: Type.Optional(Duration('Reopen an issue resolved at most this long ago instead of creating a new one (needs reopenTransition).')),
    wontFixResolution: Type.Optional(Type.String({ minLength: 1, description: 'Resolution of issues never reopened, e.g. "Won\'t Do" (needs reopenTransition).' })),
    basicAuth: Type.Optional(Strict({
      username: Type.String({ minLength: 1, description: 'Account e-mail address or user name (not a secret).' }),
      password: SecretKeySchema('Secret key holding the API token (Jira Cloud) or password (basic_auth.password_file).'),
    }, 'Jira Cloud: the account\'s e-mail and an API token.')),
    token: Type.Optional(SecretKeySchema('Jira Data Center: Secret key holding a personal access token, sent as a Bearer token (authorization.credentials_file).')),
  }, 'Opens, updates and resolves one Jira issue per alert group. Exactly one of basicAuth and token.')),
}, 'One notification receiver: exactly one of slack, email, webhook, pagerduty, opsgenie, jira.');

export const MonitoringSchema = Strict({
  prometheus: Type.Optional(Strict({
    replicas: Type.Optional(Replicas('Prometheus replicas (an HA pair scrapes the same targets).')),
    retention: Type.Optional(Duration('How long samples are kept, e.g. 15d.')),
    retentionSize: Type.Optional(ByteSize('Size at which the oldest blocks are dropped, e.g. 80GB.')),
    storage: Type.Optional(Quantity('PersistentVolume size per replica.')),
    storageClass: Type.Optional(DnsLabel('StorageClass of the volume (default: the cluster default, on K3S local-path).')),
    scrapeInterval: Type.Optional(Duration('Default scrape interval.')),
    remoteWrite: Type.Optional(Strict({
      url: Url('Remote-write endpoint of the central Prometheus/Mimir.'),
      basicAuth: Type.Optional(Strict({
        secret: DnsLabel('Secret with keys "username" and "password".'),
      }, 'Basic authentication from a Secret.')),
    }, 'Send samples to a central view (the "single pane of glass").')),
    // Consul: only an external Consul is supported, none runs in the cluster. Seed 003
    // uses Consul so that Prometheus finds the Dante services ("Prometheus, configured
    // with consul_sd_configs, discovers these services via Consul"), and those run
    // outside the cluster; everything inside it is discovered through the Kubernetes
    // API (ServiceMonitors, PodMonitors). An in-cluster Consul would need its own
    // servers (3, raft) on K3S-CLUSTER-SVCS with storage, TLS from the cluster CA, an
    // ACL bootstrap token in Vault and a gossip key, and something that registers
    // services in it: nothing in this cluster would, so it would discover nothing.
    consul: Type.Optional(Strict({
      server: HostPort('Consul agent/server outside the cluster, e.g. consul.dante.example:8500 (no Consul runs in the cluster).'),
      services: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Only these services (default: all).' })),
      tags: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'Only services carrying all these tags, e.g. [metrics].' })),
      token: Type.Optional(SecretKeySchema('Secret key holding the Consul ACL token.')),
      targetPorts: Type.Array(Type.Integer({ minimum: 1, maximum: 65535 }), {
        minItems: 1,
        uniqueItems: true,
        description: 'Ports the discovered services serve metrics on: Prometheus\'s NetworkPolicy lets it connect to them (and to nothing else outside the cluster).',
      }),
    }, 'Discover scrape targets through Consul (ScrapeConfig CR).')),
  })),
  alertmanager: Type.Optional(Strict({
    replicas: Type.Optional(Replicas('Alertmanager replicas (gossip cluster; odd in production-like environments).')),
    receivers: Type.Optional(Type.Array(ReceiverSchema, { description: 'Where alerts go. Without receivers alerts are only visible in the Alertmanager UI (dev).' })),
    groupWait: Type.Optional(Duration('How long to buffer alerts of a new group before the first notification.')),
    groupInterval: Type.Optional(Duration('Wait before notifying about new alerts added to a group.')),
    repeatInterval: Type.Optional(Duration('Re-send a still-firing alert after this long (critical alerts use a third of it).')),
  })),
  loki: Type.Optional(Strict({
    mode: Type.Optional(StringEnum(['monolithic', 'distributed'] as const, 'monolithic on a filesystem volume, or distributed on object storage.')),
    retention: Type.Optional(Duration('Log retention, e.g. 30d.')),
    storage: Type.Optional(Quantity('Volume size: the whole store (monolithic) or the WAL per ingester (distributed).')),
    ingesters: Type.Optional(Replicas('Ingester replicas (distributed); the replication factor is 3, so at least 3.')),
    objectStorage: Type.Optional(Strict({
      endpoint: Url('S3-compatible endpoint, e.g. https://minio.storage.example.org:9000.'),
      bucket: DnsLabel('Bucket for chunks and index.'),
      region: Type.Optional(Type.String({ minLength: 1, description: 'Region (default us-east-1; most on-premises stores ignore it).' })),
      secret: DnsLabel('Secret with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.'),
    }, 'Object storage for distributed Loki.')),
  })),
  grafana: Type.Optional(Strict({
    ingressHost: Type.Optional(Type.String({ pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)+[a-z]{2,}$', description: 'Public host name of Grafana (an Ingress is rendered only when set).' })),
    ingressClass: Type.Optional(DnsLabel('IngressClass (default traefik, K3S\'s bundled controller).')),
    anonymous: Type.Optional(Type.Boolean({ description: 'Anonymous read-only access (default: on in dev only).' })),
  })),
}, 'monitoring-core overrides.');

type ReceiverFile = Static<typeof ReceiverSchema>;
export type SecretKey = { secret: string; key: string };
export type Receiver = ReceiverFile & { severities: RoutedSeverity[]; heartbeat: boolean };

export interface MonitoringConfig {
  prometheus: {
    replicas: number; retention: string; retentionSize: string; storage: string; storageClass?: string; scrapeInterval: string;
    remoteWrite?: { url: string; basicAuth?: { secret: string } };
    consul?: { server: string; services?: string[]; tags?: string[]; token?: SecretKey; targetPorts: number[] };
  };
  alertmanager: { replicas: number; receivers: Receiver[]; groupWait: string; groupInterval: string; repeatInterval: string };
  loki: {
    mode: 'monolithic' | 'distributed'; retention: string; storage: string; ingesters: number;
    objectStorage?: { endpoint: string; bucket: string; region: string; secret: string };
  };
  grafana: { ingressHost?: string; ingressClass: string; anonymous: boolean };
}

export function resolveMonitoring(file: Static<typeof MonitoringSchema> | undefined, stage: Stage): MonitoringConfig {
  const am = file?.alertmanager;
  const os = file?.loki?.objectStorage;
  return {
    prometheus: {
      replicas: byStage(stage, { dev: 1, test: 1, staging: 2, prod: 2 }),
      retention: byStage(stage, { dev: '3d', test: '7d', staging: '15d', prod: '30d' }),
      retentionSize: byStage(stage, { dev: '8GB', test: '40GB', staging: '80GB', prod: '400GB' }),
      storage: byStage(stage, { dev: '10Gi', test: '50Gi', staging: '100Gi', prod: '450Gi' }),
      scrapeInterval: '30s',
      ...file?.prometheus,
    },
    alertmanager: {
      replicas: am?.replicas ?? byStage(stage, { dev: 1, test: 1, staging: 3, prod: 3 }),
      receivers: (am?.receivers ?? []).map((r) => ({ ...r, severities: r.severities ?? (r.heartbeat ? [] : [...SEVERITIES]), heartbeat: r.heartbeat ?? false })),
      groupWait: am?.groupWait ?? '30s',
      groupInterval: am?.groupInterval ?? '5m',
      repeatInterval: am?.repeatInterval ?? byStage(stage, { dev: '24h', test: '12h', staging: '12h', prod: '4h' }),
    },
    loki: {
      mode: byStage(stage, { dev: 'monolithic', test: 'monolithic', staging: 'distributed', prod: 'distributed' } as const),
      retention: byStage(stage, { dev: '7d', test: '14d', staging: '30d', prod: '90d' }),
      storage: byStage(stage, { dev: '10Gi', test: '50Gi', staging: '20Gi', prod: '50Gi' }),
      ingesters: 3,
      ...file?.loki,
      objectStorage: os ? { ...os, region: os.region ?? 'us-east-1' } : undefined,
    },
    grafana: {
      ingressClass: 'traefik',
      anonymous: stage === 'dev',
      ...file?.grafana,
    },
  };
}

/** Checks the schema cannot express; returns [field path, message] pairs. */
export function monitoringIssues(m: MonitoringConfig, productionLike: boolean, stage: Stage): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  const seen = new Set<string>();
  m.alertmanager.receivers.forEach((r, i) => {
    const path = ['monitoring', 'alertmanager', 'receivers', i];
    const kinds = RECEIVER_KINDS.filter((k) => r[k]);
    if (kinds.length !== 1) issues.push({ path, message: `receiver "${r.name}" has ${kinds.length ? kinds.join(' and ') : 'no integration'}; expected exactly one of ${RECEIVER_KINDS.join(', ')}` });
    if (r.jira) issues.push(...jiraIssues(r.jira, [...path, 'jira']));
    if (seen.has(r.name)) issues.push({ path: [...path, 'name'], message: `receiver name "${r.name}" is used twice` });
    seen.add(r.name);
    if (r.heartbeat && r.severities.length > 0) {
      issues.push({ path: [...path, 'severities'], message: 'a heartbeat receiver gets only the Watchdog; remove severities' });
    }
  });
  if (productionLike && !m.alertmanager.receivers.some((r) => !r.heartbeat && r.severities.includes('critical'))) {
    issues.push({ path: ['monitoring', 'alertmanager', 'receivers'], message: `a ${stage} environment needs at least one receiver for critical alerts` });
  }
  if (m.loki.mode === 'distributed') {
    if (!m.loki.objectStorage) issues.push({ path: ['monitoring', 'loki', 'objectStorage'], message: 'distributed Loki keeps chunks and index in object storage; expected endpoint, bucket and secret' });
    if (m.loki.ingesters < 3) issues.push({ path: ['monitoring', 'loki', 'ingesters'], message: `${m.loki.ingesters}: the replication factor is 3, expected at least 3 ingesters` });
  }
  if (m.loki.mode === 'monolithic' && productionLike) {
    issues.push({ path: ['monitoring', 'loki', 'mode'], message: `monolithic Loki on a single volume is for dev and test; a ${stage} environment needs "distributed"` });
  }
  return issues;
}

/** What jira_config needs beyond its schema (Alertmanager v0.33, notify/jira/ and docs/configuration.md). */
function jiraIssues(j: NonNullable<Receiver['jira']>, path: (string | number)[]): Array<{ path: (string | number)[]; message: string }> {
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  if (!!j.basicAuth === !!j.token) {
    issues.push({ path, message: `${j.basicAuth ? 'both basicAuth and token' : 'no credentials'}; expected exactly one of basicAuth (Jira Cloud: e-mail and API token) or token (Data Center personal access token)` });
  }
  if (!/\/rest\/api\/2\/?$/.test(urlPath(j.apiUrl))) {
    issues.push({ path: [...path, 'apiUrl'], message: `"${j.apiUrl}": expected the REST API v2 base, ending in /rest/api/2/ (Alertmanager's default issue description is Wiki Markup, which API v3 rejects)` });
  }
  for (const f of ['reopenDuration', 'wontFixResolution'] as const) {
    if (j[f] && !j.reopenTransition) issues.push({ path: [...path, f], message: `${f} only applies when reopenTransition is set` });
  }
  return issues;
}

function urlPath(url: string): string {
  try { return new URL(url).pathname; } catch { return ''; }
}
