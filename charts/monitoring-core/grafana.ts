// The Grafana CR (pinned version, admin credentials from a Secret, anonymous
// access off outside dev, optional ingress), its datasources and folders.
// Grafana keeps no state worth backing up: dashboards, folders and
// datasources are CRs reconciled by the operator, so storage is ephemeral.
import { Grafana } from '../../imports/grafana-grafana.integreatly.org';
import { GrafanaDatasource } from '../../imports/grafanadatasource-grafana.integreatly.org';
import { GrafanaFolder } from '../../imports/grafanafolder-grafana.integreatly.org';
import type { LayerChart } from '../lib/layer';
import { requireSecret, secretKeyRef } from '../lib/secrets';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../lib/security';
import { GRAFANA_FOLDER_UIDS, GRAFANA_INSTANCE_LABELS, MONITORING_SELECTOR_LABELS } from './contract';
import { PodMonitor } from '../../imports/podmonitor-monitoring.coreos.com';
import { IMAGES, VERSIONS } from './images';
import { alertmanagerUrl } from './alertmanager';
import { lokiUrl } from './loki';
import { prometheusUrl } from './prometheus';
import { asCr, component, httpProbe, onMonitoringPool, sized } from './workload';
import { caEnv, caMounts, caVolumes } from './ca-bundle';

export const GRAFANA_NAME = 'grafana';
/** The Service grafana-operator creates for a Grafana CR named "grafana". */
export const GRAFANA_SERVICE = `${GRAFANA_NAME}-service`;
export const GRAFANA_PORT = 3000;
export const GRAFANA_ADMIN_SECRET = 'grafana-admin';
export const DATASOURCE_UIDS = { prometheus: 'prometheus', alertmanager: 'alertmanager', loki: 'loki' } as const;
/** Folders: platform dashboards here, the switch team's in "mojaloop" (folderUid for their GrafanaDashboards). */
// The switch team's folder lives in the mojaloop namespace with its dashboards.
export const FOLDERS = { platform: { uid: GRAFANA_FOLDER_UIDS.platform, title: 'Platform' } } as const;

export function grafana(chart: LayerChart): void {
  const env = chart.env;
  const cfg = env.monitoring.grafana;
  const c = component(chart, { name: 'grafana', component: 'dashboards', version: VERSIONS.grafana });
  const ns = c.namespace;
  const where = onMonitoringPool(c, { singleton: true });
  const admin = { namespace: ns, name: GRAFANA_ADMIN_SECRET, keys: ['admin-user', 'admin-password'], purpose: 'Grafana admin login (also used by grafana-operator to manage Grafana)' };

  const config: Record<string, Record<string, string>> = {
    log: { mode: 'console', format: 'json' },
    analytics: { reporting_enabled: 'false', check_for_updates: 'false', check_for_plugin_updates: 'false' },
    users: { allow_sign_up: 'false' },
    'auth.anonymous': cfg.anonymous ? { enabled: 'true', org_role: 'Viewer' } : { enabled: 'false' },
    security: { disable_gravatar: 'true', ...(cfg.ingressHost ? { cookie_secure: 'true' } : {}) },
    ...(cfg.ingressHost ? { server: { root_url: `https://${cfg.ingressHost}/` } } : {}),
  };
  if (cfg.ingressHost) {
    requireSecret(chart, { namespace: ns, name: 'grafana-tls', keys: ['tls.crt', 'tls.key'], purpose: `TLS certificate and key for ${cfg.ingressHost}`, type: 'kubernetes.io/tls' });
  }

  new Grafana(chart, 'grafana', {
    metadata: { name: GRAFANA_NAME, namespace: ns, labels: { ...c.labels, ...GRAFANA_INSTANCE_LABELS } },
    spec: {
      version: IMAGES.grafana,
      // The operator reads the admin credentials from these env vars instead of generating its own Secret.
      disableDefaultAdminSecret: true,
      config,
      deployment: {
        metadata: { labels: c.labels },
        spec: {
          replicas: 1,
          template: {
            metadata: { labels: c.labels },
            spec: asCr({
              securityContext: restrictedPodSecurityContext(472),
              affinity: where.affinity,
              tolerations: where.tolerations,
              automountServiceAccountToken: false,
              // The environment's CA, for any HTTPS Grafana's server makes (datasources, plugin and dashboard downloads).
              ...(env.trust.caBundle ? { volumes: caVolumes(env.trust.caBundle) } : {}),
              containers: [{
                name: 'grafana',
                image: IMAGES.grafana,
                env: [
                  { name: 'GF_SECURITY_ADMIN_USER', valueFrom: secretKeyRef(chart, admin, 'admin-user') },
                  { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: secretKeyRef(chart, admin, 'admin-password') },
                  ...caEnv(env.trust.caBundle),
                ],
                ...(env.trust.caBundle ? { volumeMounts: caMounts(env.trust.caBundle) } : {}),
                resources: sized(env, 'medium'),
                livenessProbe: httpProbe('/api/health', GRAFANA_PORT, { initialDelaySeconds: 30 }),
                readinessProbe: httpProbe('/api/health', GRAFANA_PORT),
                securityContext: restrictedContainerSecurityContext(),
              }],
            }),
          },
        },
      },
      ...(cfg.ingressHost ? {
        ingress: {
          metadata: { labels: c.labels },
          spec: {
            ingressClassName: cfg.ingressClass,
            tls: [{ hosts: [cfg.ingressHost], secretName: 'grafana-tls' }],
            rules: [{
              host: cfg.ingressHost,
              http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: GRAFANA_SERVICE, port: { number: GRAFANA_PORT } } } }] },
            }],
          },
        },
      } : {}),
    },
  });
  // The operator names the Service and ports itself; select the pods by our own labels and the port by number.
  new PodMonitor(chart, 'grafana-podmonitor', {
    metadata: { name: 'grafana', namespace: ns, labels: { ...c.labels, ...MONITORING_SELECTOR_LABELS } },
    spec: {
      selector: { matchLabels: c.selector },
      namespaceSelector: { matchNames: [ns] },
      podMetricsEndpoints: [{ portNumber: GRAFANA_PORT, path: '/metrics' }],
    },
  });

  const instanceSelector = { matchLabels: { ...GRAFANA_INSTANCE_LABELS } };
  const datasource = (id: keyof typeof DATASOURCE_UIDS, props: { name: string; type: string; url: string; isDefault?: boolean; jsonData?: unknown }) =>
    new GrafanaDatasource(chart, `datasource-${id}`, {
      metadata: { name: id, namespace: ns, labels: c.labels },
      spec: {
        instanceSelector,
        datasource: { uid: DATASOURCE_UIDS[id], access: 'proxy', editable: false, isDefault: props.isDefault ?? false, ...props },
      },
    });
  datasource('prometheus', {
    name: 'Prometheus', type: 'prometheus', url: prometheusUrl(ns), isDefault: true,
    jsonData: { timeInterval: env.monitoring.prometheus.scrapeInterval, httpMethod: 'POST', prometheusType: 'Prometheus', prometheusVersion: VERSIONS.prometheus.slice(1) },
  });
  datasource('alertmanager', {
    name: 'Alertmanager', type: 'alertmanager', url: alertmanagerUrl(ns),
    jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
  });
  datasource('loki', { name: 'Loki', type: 'loki', url: lokiUrl(env), jsonData: { maxLines: 1000 } });

  for (const [id, f] of Object.entries(FOLDERS)) {
    new GrafanaFolder(chart, `folder-${id}`, {
      metadata: { name: f.uid, namespace: ns, labels: c.labels },
      spec: { instanceSelector, uid: f.uid, title: f.title },
    });
  }
}
