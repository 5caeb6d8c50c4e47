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
    url: Url('Endpoint (must not embed a credential: Alertmanager 0.25, which CI checks with, has no url_file).'),
    bearerToken: Type.Optional(SecretKeySchema('Secret key holding a bearer token (authorization.credentials_file).')),
  })),
  pagerduty: Type.Optional(Strict({
    routingKey: SecretKeySchema('Secret key holding the PagerDuty Events v2 routing key (routing_key_file).'),
  })),
  opsgenie: Type.Optional(Strict({
    apiKey: SecretKeySchema('Secret key holding the Opsgenie API key (api_key_file).'),
    apiUrl: Type.Optional(Url('Opsgenie API URL (EU accounts: https://api.eu.opsgenie.com/).')),
  })),
}, 'One notification receiver: exactly one of slack, email, webhook, pagerduty, opsgenie.');

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
    consul: Type.Optional(Strict({
      server: HostPort('Consul agent/server, e.g. consul-server.consul.svc:8500.'),
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
    const kinds = (['slack', 'email', 'webhook', 'pagerduty', 'opsgenie'] as const).filter((k) => r[k]);
    if (kinds.length !== 1) issues.push({ path, message: `receiver "${r.name}" has ${kinds.length ? kinds.join(' and ') : 'no integration'}; expected exactly one of slack, email, webhook, pagerduty, opsgenie` });
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
