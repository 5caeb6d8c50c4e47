// The Prometheus CR: one HA pair (staging/prod) that scrapes the same targets,
// selects ServiceMonitors/PodMonitors/ScrapeConfigs/PrometheusRules in any
// namespace labelled per the contract, sends alerts to every Alertmanager
// peer and optionally remote-writes to a central view.
import {
  Prometheus, PrometheusSpecAlertingAlertmanagersApiVersion, PrometheusSpecAlertingAlertmanagersPort, PrometheusSpecLogFormat,
  type PrometheusSpec,
} from '../../imports/prometheus-monitoring.coreos.com';
import { ScrapeConfig, ScrapeConfigSpecRelabelingsAction } from '../../imports/scrapeconfig-monitoring.coreos.com';
import type { LayerChart } from '../lib/layer';
import { protectFromPrune } from '../lib/prune';
import { requireSecret } from '../lib/secrets';
import { restrictedPodSecurityContext } from '../lib/security';
import { IMAGES, VERSIONS } from './images';
import { MONITORED_NAMESPACE_LABELS, MONITORING_SELECTOR_LABELS } from './contract';
import { ALERTMANAGER_PEERS_SERVICE } from './alertmanager';
import { KUBELET_SCRAPE_CLASS } from './kubelet';
import { asCr, claimLabels, clusterRole, component, onMonitoringPool, pdb, qty, role, selfMonitor, service, serviceAccount, sized, tcp } from './workload';

export const PROMETHEUS_NAME = 'core';
export const PROMETHEUS_SERVICE = 'prometheus';
export const PROMETHEUS_PORT = 9090;

export function prometheus(chart: LayerChart): void {
  const env = chart.env;
  const cfg = env.monitoring.prometheus;
  const c = component(chart, { name: 'prometheus', instance: PROMETHEUS_NAME, component: 'server', version: VERSIONS.prometheus });
  const ns = c.namespace;
  const sa = serviceAccount(chart, c, 'prometheus');
  const where = onMonitoringPool(c, { replicas: cfg.replicas });

  // Service discovery and scraping: nodes (kubelet, cAdvisor) cluster-wide; endpoints/pods only in the namespaces it scrapes.
  clusterRole(chart, c, 'prometheus', sa, [
    { apiGroups: [''], resources: ['nodes', 'nodes/metrics'], verbs: ['get', 'list', 'watch'] },
    { nonResourceUrLs: ['/metrics', '/metrics/cadvisor', '/metrics/probes'], verbs: ['get'] },
  ]);
  for (const target of [ns, env.namespaces.mojaloop.name, 'kube-system']) {
    role(chart, c, 'prometheus', target, sa, [
      { apiGroups: [''], resources: ['services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      // As upstream's example role (example/rbac/prometheus/prometheus-cluster-role.yaml, v0.93.0).
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
    ]);
  }

  const selectContract = { matchLabels: { ...MONITORING_SELECTOR_LABELS } };
  const selectNamespaces = { matchLabels: { ...MONITORED_NAMESPACE_LABELS } };
  const remoteWrite = cfg.remoteWrite;
  if (remoteWrite?.basicAuth) {
    requireSecret(chart, { namespace: ns, name: remoteWrite.basicAuth.secret, keys: ['username', 'password'], purpose: `Prometheus remote-write basic auth for ${remoteWrite.url}` });
  }

  const spec: PrometheusSpec = {
    version: VERSIONS.prometheus,
    image: IMAGES.prometheus,
    replicas: cfg.replicas,
    shards: 1,
    serviceAccountName: sa,
    podMetadata: { labels: c.labels },
    externalLabels: { cluster: env.cluster.name, environment: env.name },
    // The two replicas differ only in this label; a central view deduplicates on it.
    replicaExternalLabelName: 'prometheus_replica',
    retention: cfg.retention,
    retentionSize: cfg.retentionSize,
    walCompression: true,
    scrapeInterval: cfg.scrapeInterval,
    evaluationInterval: cfg.scrapeInterval,
    logFormat: PrometheusSpecLogFormat.JSON,
    enableAdminApi: false,
    // `{}` would select everything, a missing selector nothing: select by the contract's label, in labelled namespaces.
    serviceMonitorSelector: selectContract,
    serviceMonitorNamespaceSelector: selectNamespaces,
    podMonitorSelector: selectContract,
    podMonitorNamespaceSelector: selectNamespaces,
    ruleSelector: selectContract,
    ruleNamespaceSelector: selectNamespaces,
    scrapeConfigSelector: selectContract,
    scrapeConfigNamespaceSelector: selectNamespaces,
    probeSelector: selectContract,
    probeNamespaceSelector: selectNamespaces,
    scrapeClasses: [KUBELET_SCRAPE_CLASS],
    alerting: {
      alertmanagers: [{
        namespace: ns,
        name: ALERTMANAGER_PEERS_SERVICE,
        port: PrometheusSpecAlertingAlertmanagersPort.fromString('web'),
        apiVersion: PrometheusSpecAlertingAlertmanagersApiVersion.V2,
      }],
    },
    ...(remoteWrite ? {
      remoteWrite: [{
        url: remoteWrite.url,
        // The central view is internal: trust the environment's CA (trust.caBundle).
        ...(env.trust.caBundle ? { tlsConfig: { ca: { configMap: { name: env.trust.caBundle.configMap, key: env.trust.caBundle.key } } } } : {}),
        ...(remoteWrite.basicAuth ? {
          basicAuth: {
            username: { name: remoteWrite.basicAuth.secret, key: 'username' },
            password: { name: remoteWrite.basicAuth.secret, key: 'password' },
          },
        } : {}),
      }],
    } : {}),
    storage: {
      volumeClaimTemplate: {
        metadata: { labels: claimLabels(c) },
        spec: {
          accessModes: ['ReadWriteOnce'],
          ...(cfg.storageClass ? { storageClassName: cfg.storageClass } : {}),
          resources: { requests: { storage: asCr(qty(cfg.storage)) } },
        },
      },
    },
    resources: asCr(sized(env, {
      dev: { cpu: '250m', memory: '1Gi', cpuLimit: '1', memoryLimit: '1536Mi' },
      test: { cpu: '500m', memory: '2Gi', cpuLimit: '2', memoryLimit: '3Gi' },
      staging: { cpu: '500m', memory: '3Gi', cpuLimit: '2', memoryLimit: '4Gi' },
      prod: { cpu: '1', memory: '6Gi', cpuLimit: '4', memoryLimit: '8Gi' },
    })),
    securityContext: asCr(restrictedPodSecurityContext(65534)),
    affinity: asCr(where.affinity),
    tolerations: asCr(where.tolerations),
    ...(where.topologySpreadConstraints ? { topologySpreadConstraints: asCr(where.topologySpreadConstraints) } : {}),
  };
  protectFromPrune(new Prometheus(chart, 'prometheus', { metadata: { name: PROMETHEUS_NAME, namespace: ns, labels: c.labels }, spec }));
  pdb(chart, c, cfg.replicas);

  // A stable name for Grafana and humans (the operator's prometheus-operated is headless).
  service(chart, c, [tcp('web', PROMETHEUS_PORT, 'web'), tcp('reloader-web', 8080, 'reloader-web')], { name: PROMETHEUS_SERVICE });
  selfMonitor(chart, c, [
    { port: 'web', interval: cfg.scrapeInterval },
    { port: 'reloader-web', interval: cfg.scrapeInterval },
  ], { name: 'prometheus' });

  if (cfg.consul) consulScrapeConfig(chart, c.namespace, c.labels);
}

/** Consul service discovery (seeds/003): services registered in Consul are scraped on their /metrics. */
function consulScrapeConfig(chart: LayerChart, namespace: string, labels: Record<string, string>): void {
  const consul = chart.env.monitoring.prometheus.consul!;
  if (consul.token) {
    requireSecret(chart, { namespace, name: consul.token.secret, keys: [consul.token.key], purpose: `Consul ACL token for service discovery at ${consul.server}` });
  }
  new ScrapeConfig(chart, 'consul-scrapeconfig', {
    metadata: { name: 'consul-services', namespace, labels: { ...labels, ...MONITORING_SELECTOR_LABELS } },
    spec: {
      consulSdConfigs: [{
        server: consul.server,
        ...(consul.services ? { services: consul.services } : {}),
        ...(consul.tags ? { tags: consul.tags } : {}),
        ...(consul.token ? { tokenRef: { name: consul.token.secret, key: consul.token.key } } : {}),
      }],
      relabelings: [
        { sourceLabels: ['__meta_consul_service'], targetLabel: 'service', action: ScrapeConfigSpecRelabelingsAction.REPLACE },
        { sourceLabels: ['__meta_consul_node'], targetLabel: 'consul_node', action: ScrapeConfigSpecRelabelingsAction.REPLACE },
        { sourceLabels: ['__meta_consul_dc'], targetLabel: 'consul_dc', action: ScrapeConfigSpecRelabelingsAction.REPLACE },
      ],
    },
  });
}

export const prometheusUrl = (namespace: string) => `http://${PROMETHEUS_SERVICE}.${namespace}.svc.cluster.local:${PROMETHEUS_PORT}`;
