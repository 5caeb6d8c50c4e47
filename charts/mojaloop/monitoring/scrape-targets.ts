// Scrape targets of the switch, in its own namespace: a ServiceMonitor per
// catalog service that serves a metrics endpoint (port "http"), and a PodMonitor per store
// exporter. All carry the contract's selector label.
import type { Construct } from 'constructs';
import type { Environment } from '../../environment/environment';
import { standardLabels } from '../../lib/labels';
import { MONITORING_SELECTOR_LABELS } from '../../monitoring-core/contract';
import { PodMonitor } from '../../../imports/podmonitor-monitoring.coreos.com';
import { ServiceMonitor } from '../../../imports/servicemonitor-monitoring.coreos.com';
import { enabledStores, type ServiceEntry } from '../catalog';
import { scrapedServices } from '../../../monitoring/mojaloop/context';
import { STORE_EXPORTERS } from './store-exporters';

/** The Service port every catalog service exposes its API and /metrics on. */
export const METRICS_PORT = 'http';

const monitorLabels = (env: Environment, name: string, instance: string) => ({
  ...standardLabels(env, { name, instance, component: 'monitoring', partOf: 'mojaloop' }),
  ...MONITORING_SELECTOR_LABELS,
});

/** One per service: `job` becomes the catalog name (jobLabel), so rules and dashboards never see the release prefix. */
export function serviceMonitor(scope: Construct, env: Environment, svc: ServiceEntry): ServiceMonitor {
  const instance = `${env.mojaloop.namePrefix}${svc.name}`;
  return new ServiceMonitor(scope, `servicemonitor-${svc.name}`, {
    metadata: { name: instance, namespace: env.namespaces.mojaloop.name, labels: monitorLabels(env, svc.name, instance) },
    spec: {
      jobLabel: 'app.kubernetes.io/name',
      selector: { matchLabels: { 'app.kubernetes.io/name': svc.name, 'app.kubernetes.io/instance': instance } },
      endpoints: [{ port: METRICS_PORT, path: svc.metricsPath! }],
    },
  });
}

/** One per store exporter; `store` names the operator CR on every series (rules and dashboards group by it). */
export function storeExporterMonitors(scope: Construct, env: Environment): PodMonitor[] {
  return enabledStores(env.features).flatMap((store) => STORE_EXPORTERS[store.kind].map((target) => {
    const cr = `${env.mojaloop.namePrefix}${store.name}`;
    const name = `${cr}-${target.suffix}`;
    return new PodMonitor(scope, `podmonitor-${name}`, {
      metadata: { name, namespace: env.namespaces.mojaloop.name, labels: monitorLabels(env, `${store.name}-${target.suffix}`, name) },
      spec: {
        jobLabel: 'app.kubernetes.io/name',
        selector: target.selector(cr),
        podMetricsEndpoints: [{
          port: target.port,
          path: target.path,
          relabelings: [{ targetLabel: 'store', replacement: cr }],
        }],
      },
    });
  }));
}

export function scrapeTargets(scope: Construct, env: Environment): void {
  for (const svc of scrapedServices(env)) serviceMonitor(scope, env, svc);
  storeExporterMonitors(scope, env);
}

