// Loki: monolithic (one StatefulSet, filesystem on a PersistentVolume) in
// dev/test; distributed microservices on S3-compatible object storage in
// staging/prod: distributor, ingester (StatefulSet, replication factor 3),
// querier, query-frontend, query-scheduler, index-gateway, compactor
// (retention) and an nginx gateway as the one entry point for Alloy and Grafana.
import { k8s } from 'cdk8s-plus-27';
import type { Environment } from '../environment/environment';
import type { LayerChart } from '../lib/layer';
import { protectFromPrune } from '../lib/prune';
import { requireSecret } from '../lib/secrets';
import { restrictedPodSecurityContext } from '../lib/security';
import type { ResourceSize } from '../lib/resources';
import { toYaml } from '../lib/yaml';
import { IMAGES, VERSIONS } from './images';
import { LOKI_DATA, LOKI_GRPC_PORT, LOKI_HTTP_PORT, LOKI_MEMBERLIST_PORT, lokiConfig, type LokiTarget } from './loki-config';
import { caMounts, caVolumes } from './ca-bundle';
import {
  claimLabels, component, container, httpProbe, monitoringDeployment, objectName, onMonitoringPool, onePerNodeDeployment, pdb, podTemplate, port, qty, selfMonitor, service, sized, tcp, type Component,
} from './workload';

export const LOKI_UID = 10001;
export const LOKI_GATEWAY_PORT = 80;
const CONFIG_MAP = 'loki-config';
/** The cluster DNS Service (kube-system/kube-dns, CoreDNS in K3S); the trailing dot keeps resolv.conf search domains out. */
export const CLUSTER_DNS = 'kube-dns.kube-system.svc.cluster.local.';

/** Where Alloy pushes and Grafana queries: the gateway (distributed) or the single binary. */
export const lokiUrl = (env: Environment) => env.monitoring.loki.mode === 'distributed'
  ? `http://loki-gateway.${env.namespaces.monitoring.name}.svc.cluster.local:${LOKI_GATEWAY_PORT}`
  : `http://loki.${env.namespaces.monitoring.name}.svc.cluster.local:${LOKI_HTTP_PORT}`;

interface TargetSpec {
  kind: 'Deployment' | 'StatefulSet';
  /** Replicas; default one per MONITORING node. */
  replicas?: (nodes: number) => number;
  /** PersistentVolume for /var/loki (StatefulSets); emptyDir otherwise. */
  volume?: string;
  size: Partial<Record<Environment['stage'], ResourceSize>>;
}

const S = (cpu: string, memory: string, memoryLimit = memory, cpuLimit?: string): ResourceSize => ({ cpu, memory, memoryLimit, ...(cpuLimit ? { cpuLimit } : {}) });

const TARGETS = (env: Environment): Record<LokiTarget, TargetSpec> => ({
  distributor: { kind: 'Deployment', size: { staging: S('100m', '256Mi', '512Mi'), prod: S('250m', '512Mi', '1Gi') } },
  ingester: { kind: 'StatefulSet', replicas: () => env.monitoring.loki.ingesters, volume: env.monitoring.loki.storage, size: { staging: S('250m', '1Gi', '2Gi'), prod: S('500m', '2Gi', '4Gi') } },
  querier: { kind: 'Deployment', size: { staging: S('100m', '512Mi', '1Gi'), prod: S('250m', '1Gi', '2Gi') } },
  'query-frontend': { kind: 'Deployment', replicas: (n) => Math.min(2, n), size: { staging: S('50m', '128Mi', '256Mi'), prod: S('100m', '256Mi', '512Mi') } },
  'query-scheduler': { kind: 'Deployment', replicas: (n) => Math.min(2, n), size: { staging: S('50m', '64Mi', '128Mi'), prod: S('50m', '128Mi', '256Mi') } },
  'index-gateway': { kind: 'StatefulSet', replicas: (n) => Math.min(2, n), volume: '10Gi', size: { staging: S('50m', '256Mi', '512Mi'), prod: S('100m', '512Mi', '1Gi') } },
  // Retention and compaction must have exactly one writer.
  compactor: { kind: 'StatefulSet', replicas: () => 1, volume: '10Gi', size: { staging: S('100m', '256Mi', '512Mi'), prod: S('250m', '512Mi', '1Gi') } },
});

export function loki(chart: LayerChart): void {
  const env = chart.env;
  const l = env.monitoring.loki;
  const ns = env.namespaces.monitoring.name;
  const base = component(chart, { name: 'loki', component: 'logs', version: VERSIONS.loki });

  new k8s.KubeConfigMap(chart, 'loki-config', {
    metadata: { name: CONFIG_MAP, namespace: ns, labels: base.labels },
    data: { 'config.yaml': toYaml(lokiConfig(env)) },
  });

  let envFrom: k8s.EnvFromSource[] | undefined;
  if (l.mode === 'distributed') {
    const os = l.objectStorage!;
    requireSecret(chart, { namespace: ns, name: os.secret, keys: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'], purpose: `Loki object storage credentials for bucket ${os.bucket} at ${os.endpoint}` });
    envFrom = [{ secretRef: { name: os.secret } }];
  }

  if (l.mode === 'monolithic') {
    const c = component(chart, { name: 'loki', component: 'single-binary', version: VERSIONS.loki });
    lokiWorkload(chart, c, 'all', { kind: 'StatefulSet', replicas: () => 1, volume: l.storage, size: {} }, undefined, sized(env, { dev: S('100m', '512Mi', '1Gi'), test: S('250m', '1Gi', '2Gi') }));
    service(chart, c, [tcp('http-metrics', LOKI_HTTP_PORT, 'http-metrics'), tcp('grpc', LOKI_GRPC_PORT, 'grpc')], { name: 'loki' });
    selfMonitor(chart, c, [{ port: 'http-metrics' }], { name: 'loki' });
    return;
  }

  const nodes = env.topology.nodesOf('MONITORING').length;
  for (const [target, spec] of Object.entries(TARGETS(env)) as Array<[LokiTarget, TargetSpec]>) {
    const c = component(chart, { name: 'loki', instance: `loki-${target}`, component: target, version: VERSIONS.loki });
    const replicas = spec.replicas?.(nodes) ?? nodes;
    lokiWorkload(chart, c, target, { ...spec, replicas: () => replicas }, envFrom, sized(env, spec.size));
    pdb(chart, c, replicas);
    const ports = [tcp('http-metrics', LOKI_HTTP_PORT, 'http-metrics'), tcp('grpc', LOKI_GRPC_PORT, 'grpc')];
    service(chart, c, ports);
    if (target === 'query-scheduler') {
      // Frontends and queriers connect to every scheduler: resolve to pod IPs.
      service(chart, c, [tcp('grpc', LOKI_GRPC_PORT, 'grpc')], { name: 'loki-query-scheduler-headless', headless: true, publishNotReady: true });
    }
    if (target === 'index-gateway') service(chart, c, [tcp('grpc', LOKI_GRPC_PORT, 'grpc')], { name: 'loki-index-gateway-headless', headless: true });
  }
  // Ring membership: every Loki pod (not the gateway) gossips on 7946.
  service(chart, base, [tcp('tcp-gossip-ring', LOKI_MEMBERLIST_PORT, 'memberlist')], {
    name: 'loki-memberlist', headless: true, publishNotReady: true, selector: { 'app.kubernetes.io/name': 'loki' },
  });
  selfMonitor(chart, base, [{ port: 'http-metrics' }], { name: 'loki', selector: { 'app.kubernetes.io/name': 'loki' } });
  gateway(chart);
}

function lokiWorkload(chart: LayerChart, c: Component, target: LokiTarget | 'all', spec: TargetSpec, envFrom: k8s.EnvFromSource[] | undefined, resources: k8s.ResourceRequirements): void {
  const replicas = spec.replicas?.(0) ?? 1;
  const name = objectName(c);
  const dataMount: k8s.VolumeMount = { name: 'data', mountPath: LOKI_DATA };
  const template = podTemplate(c, {
    placement: onMonitoringPool(c, { replicas }),
    securityContext: restrictedPodSecurityContext(LOKI_UID),
    terminationGracePeriodSeconds: target === 'ingester' ? 300 : 30,
    volumes: [
      { name: 'config', configMap: { name: CONFIG_MAP } },
      { name: 'tmp', emptyDir: {} },
      ...(spec.volume ? [] : [{ name: 'data', emptyDir: {} }]),
      ...caVolumes(chart.env.trust.caBundle),
    ],
    containers: [container({
      name: 'loki',
      image: IMAGES.loki,
      args: ['-config.file=/etc/loki/config.yaml', '-config.expand-env=true', `-target=${target}`],
      ...(envFrom ? { envFrom } : {}),
      ports: [
        { name: 'http-metrics', containerPort: LOKI_HTTP_PORT },
        { name: 'grpc', containerPort: LOKI_GRPC_PORT },
        ...(target === 'all' ? [] : [{ name: 'memberlist', containerPort: LOKI_MEMBERLIST_PORT }]),
      ],
      resources,
      // Liveness on the socket only: /ready turns false during WAL replay, which must not restart an ingester.
      liveness: { tcpSocket: { port: port(LOKI_HTTP_PORT) }, initialDelaySeconds: 30, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
      readiness: httpProbe('/ready', 'http-metrics', { initialDelaySeconds: 15 }),
      volumeMounts: [{ name: 'config', mountPath: '/etc/loki', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }, dataMount, ...caMounts(chart.env.trust.caBundle)],
    })],
  });
  if (spec.kind === 'StatefulSet') {
    protectFromPrune(new k8s.KubeStatefulSet(chart, `${name}-sts`, {
      metadata: { name, namespace: c.namespace, labels: c.labels },
      spec: {
        replicas,
        serviceName: name,
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: c.selector },
        updateStrategy: { type: 'RollingUpdate' },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        template,
        volumeClaimTemplates: [{
          metadata: { name: 'data', labels: claimLabels(c) },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: qty(spec.volume!) } } },
        }],
      },
    }));
  } else {
    onePerNodeDeployment(chart, c, replicas, template);
  }
}

/** nginx in front of the distributed components: pushes to distributors, tails to queriers, queries to the frontends. */
function gateway(chart: LayerChart): void {
  const env = chart.env;
  const c = component(chart, { name: 'loki-gateway', component: 'gateway', version: VERSIONS.lokiGateway });
  const ns = c.namespace;
  const h = (svc: string) => `http://${svc}.${ns}.svc.cluster.local:${LOKI_HTTP_PORT}`;
  const nginx = `worker_processes 2;
error_log /dev/stderr warn;
pid /tmp/nginx.pid;
events { worker_connections 4096; }
http {
  client_body_temp_path /tmp/client_temp;
  proxy_temp_path /tmp/proxy_temp;
  fastcgi_temp_path /tmp/fastcgi_temp;
  uwsgi_temp_path /tmp/uwsgi_temp;
  scgi_temp_path /tmp/scgi_temp;
  access_log /dev/stdout;
  client_max_body_size 16M;
  proxy_http_version 1.1;
  proxy_read_timeout 600s;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  # Every proxy_pass below carries a variable ($request_uri), so nginx resolves
  # the upstream name per request and needs a resolver: the cluster DNS (the
  # Service K3S's CoreDNS runs behind), as the upstream Loki chart does.
  resolver ${CLUSTER_DNS} valid=10s;
  server {
    listen 8080;
    location = / { return 200 'OK'; }
    location = /loki/api/v1/push { proxy_pass ${h('loki-distributor')}$request_uri; }
    location = /distributor/ring { proxy_pass ${h('loki-distributor')}$request_uri; }
    location ^~ /loki/api/v1/tail {
      proxy_pass ${h('loki-querier')}$request_uri;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
    }
    location ^~ /loki/api/ { proxy_pass ${h('loki-query-frontend')}$request_uri; }
    location ^~ /compactor/ { proxy_pass ${h('loki-compactor')}$request_uri; }
  }
}
`;
  new k8s.KubeConfigMap(chart, 'loki-gateway-config', { metadata: { name: 'loki-gateway', namespace: ns, labels: c.labels }, data: { 'nginx.conf': nginx } });
  const replicas = Math.min(2, env.topology.nodesOf('MONITORING').length);
  monitoringDeployment(chart, c, replicas, {
    securityContext: restrictedPodSecurityContext(101),
    volumes: [{ name: 'config', configMap: { name: 'loki-gateway' } }, { name: 'tmp', emptyDir: {} }],
    containers: [container({
      name: 'nginx',
      image: IMAGES.lokiGateway,
      ports: [{ name: 'http', containerPort: 8080 }],
      resources: sized(env, 'micro'),
      liveness: httpProbe('/', 'http'),
      readiness: httpProbe('/', 'http'),
      volumeMounts: [{ name: 'config', mountPath: '/etc/nginx/nginx.conf', subPath: 'nginx.conf', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
    })],
  });
  service(chart, c, [tcp('http', LOKI_GATEWAY_PORT, 'http')], { name: 'loki-gateway' });
}
