// The Alertmanager CR: a gossip cluster (3 in production-like environments)
// whose configuration is alertmanager.yaml, rendered by ./alertmanager-config.ts
// as a plain file and made into the Secret `alertmanager-core-config` by
// kustomize (no name suffix, so the CR's configSecret stays stable).
import { Alertmanager, AlertmanagerSpecLogFormat } from '../../imports/alertmanager-monitoring.coreos.com';
import type { LayerChart } from '../lib/layer';
import { protectFromPrune } from '../lib/prune';
import { requireSecret } from '../lib/secrets';
import { restrictedPodSecurityContext } from '../lib/security';
import { toYaml } from '../lib/yaml';
import { alertmanagerConfig, receiverSecrets } from './alertmanager-config';
import { IMAGES, VERSIONS } from './images';
import { asCr, claimLabels, component, onMonitoringPool, pdb, qty, selfMonitor, service, sized, tcp } from './workload';

export const ALERTMANAGER_NAME = 'core';
/** The headless Service the operator creates for the peers; Prometheus sends to every pod behind it. */
export const ALERTMANAGER_PEERS_SERVICE = 'alertmanager-operated';
export const ALERTMANAGER_SERVICE = 'alertmanager';
export const ALERTMANAGER_PORT = 9093;
export const ALERTMANAGER_MESH_PORT = 9094;
export const ALERTMANAGER_CONFIG_FILE = 'alertmanager.yaml';
export const ALERTMANAGER_CONFIG_SECRET = `alertmanager-${ALERTMANAGER_NAME}-config`;

export function alertmanager(chart: LayerChart): void {
  const env = chart.env;
  const replicas = env.monitoring.alertmanager.replicas;
  const c = component(chart, { name: 'alertmanager', instance: ALERTMANAGER_NAME, component: 'alerting', version: VERSIONS.alertmanager });
  const ns = c.namespace;
  const where = onMonitoringPool(c, { replicas });

  chart.addFile(ALERTMANAGER_CONFIG_FILE, toYaml(alertmanagerConfig(env)));
  (chart.kustomization.secretGenerator ??= []).push({
    name: ALERTMANAGER_CONFIG_SECRET,
    namespace: ns,
    files: [ALERTMANAGER_CONFIG_FILE],
    options: { disableNameSuffixHash: true, labels: c.labels },
  });

  // Receiver credentials: one Secret may hold several keys; each is mounted at /etc/alertmanager/secrets/<name>/.
  const secrets = new Map<string, string[]>();
  for (const s of receiverSecrets(env)) secrets.set(s.secret, [...(secrets.get(s.secret) ?? []), s.key]);
  for (const [name, keys] of secrets) {
    requireSecret(chart, { namespace: ns, name, keys, purpose: `Alertmanager receiver credentials (${receiverSecrets(env).filter((s) => s.secret === name).map((s) => s.receiver).join(', ')}), read as files` });
  }

  protectFromPrune(new Alertmanager(chart, 'alertmanager', {
    metadata: { name: ALERTMANAGER_NAME, namespace: ns, labels: c.labels },
    spec: {
      version: VERSIONS.alertmanager,
      image: IMAGES.alertmanager,
      replicas,
      podMetadata: { labels: c.labels },
      configSecret: ALERTMANAGER_CONFIG_SECRET,
      secrets: [...secrets.keys()].sort(),
      // Mounted at /etc/alertmanager/configmaps/<name>/: the CA of internal receivers.
      ...(env.trust.caBundle ? { configMaps: [env.trust.caBundle.configMap] } : {}),
      retention: '120h',
      logFormat: AlertmanagerSpecLogFormat.JSON,
      // Silences and the notification log survive restarts.
      storage: {
        volumeClaimTemplate: {
          metadata: { labels: claimLabels(c) },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: asCr(qty('2Gi')) } } },
        },
      },
      resources: asCr(sized(env, 'small')),
      securityContext: asCr(restrictedPodSecurityContext(65534)),
      affinity: asCr(where.affinity),
      tolerations: asCr(where.tolerations),
      ...(where.topologySpreadConstraints ? { topologySpreadConstraints: asCr(where.topologySpreadConstraints) } : {}),
    },
  }));
  pdb(chart, c, replicas);
  service(chart, c, [tcp('web', ALERTMANAGER_PORT, 'web'), tcp('reloader-web', 8080, 'reloader-web')], { name: ALERTMANAGER_SERVICE });
  selfMonitor(chart, c, [{ port: 'web' }, { port: 'reloader-web' }], { name: 'alertmanager' });
}

export const alertmanagerUrl = (namespace: string) => `http://${ALERTMANAGER_SERVICE}.${namespace}.svc.cluster.local:${ALERTMANAGER_PORT}`;
