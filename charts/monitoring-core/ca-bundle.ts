// The environment's private CA bundle in the monitoring namespace: one
// ConfigMap (trust.caBundle), mounted read-only at CA_DIR by the clients that
// reach internal HTTPS endpoints (Loki's object storage, Grafana), referenced
// by Prometheus' remote write, and mounted by the Alertmanager CR for the
// receivers whose endpoint the environment names.
import { k8s } from 'cdk8s-plus-27';
import type { LayerChart } from '../lib/layer';
import { CA_DIR, type CaBundle } from '../environment/sections/trust';

export const CA_VOLUME = 'internal-ca';

export function caBundleConfigMap(chart: LayerChart): void {
  const b = chart.env.trust.caBundle;
  if (!b) return;
  new k8s.KubeConfigMap(chart, 'internal-ca-bundle', {
    metadata: { name: b.configMap, namespace: chart.env.namespaces.monitoring.name, labels: { 'app.kubernetes.io/part-of': 'monitoring-core', 'app.kubernetes.io/name': 'internal-ca-bundle' } },
    data: { [b.key]: b.pem },
  });
}

export const caVolumes = (b: CaBundle | undefined): k8s.Volume[] => (b ? [{ name: CA_VOLUME, configMap: { name: b.configMap } }] : []);
export const caMounts = (b: CaBundle | undefined): k8s.VolumeMount[] => (b ? [{ name: CA_VOLUME, mountPath: CA_DIR, readOnly: true }] : []);

/**
 * Go programs read every file of each directory in SSL_CERT_DIR as roots
 * (crypto/x509 root_unix.go), so the public roots stay trusted and the
 * internal CA is added.
 */
export const caEnv = (b: CaBundle | undefined): k8s.EnvVar[] => (b ? [{ name: 'SSL_CERT_DIR', value: `/etc/ssl/certs:${CA_DIR}` }] : []);
