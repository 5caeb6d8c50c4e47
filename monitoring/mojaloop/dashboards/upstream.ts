// Dashboards the switch imports instead of building: Mojaloop's own (mojaloop/helm
// monitoring/dashboards/mojaloop/, at the tag of the deployed release, as
// mojaloop/iac-modules does), Strimzi's Kafka dashboards at the operator's tag,
// and grafana.com dashboards for the other stores, by id and revision.
import { MOJALOOP_RELEASE } from '../../../charts/mojaloop/catalog';
import type { StoreKind } from '../../../charts/mojaloop/catalog';

export const STRIMZI_VERSION = '1.2.0';

export type UpstreamDashboard =
  | { name: string; url: string; store?: StoreKind }
  | { name: string; grafanaCom: { id: number; revision: number }; store?: StoreKind };

const helm = (file: string) => `https://raw.githubusercontent.com/mojaloop/helm/${MOJALOOP_RELEASE}/monitoring/dashboards/mojaloop/${file}`;
const strimzi = (file: string) => `https://raw.githubusercontent.com/strimzi/strimzi-kafka-operator/${STRIMZI_VERSION}/packaging/examples/metrics/grafana-dashboards/${file}`;

/** All take a Prometheus datasource through the DS_PROMETHEUS input. */
export const UPSTREAM_DASHBOARDS: readonly UpstreamDashboard[] = [
  { name: 'mojaloop-nodejs-application', url: helm('dashboard-NodeJSApplication.json') },
  { name: 'mojaloop-central-services', url: helm('dashboard-central-services.json') },
  { name: 'mojaloop-central-services-characterization', url: helm('dashboard-central-services-characterization.json') },
  { name: 'mojaloop-ml-adapter', url: helm('dashboard-ml-adapter.json') },
  { name: 'mojaloop-account-lookup-service', url: helm('dashboard-account-lookup-service.json') },
  { name: 'mojaloop-quoting-service', url: helm('dashboard-quoting-service.json') },
  { name: 'mojaloop-performance-troubleshooting', url: helm('dashboard-performance-troubleshooting.json') },
  { name: 'strimzi-kafka', url: strimzi('strimzi-kafka.json'), store: 'kafka' },
  { name: 'strimzi-kraft', url: strimzi('strimzi-kraft.json'), store: 'kafka' },
  { name: 'strimzi-kafka-exporter', url: strimzi('strimzi-kafka-exporter.json'), store: 'kafka' },
  { name: 'mysql-overview', grafanaCom: { id: 7362, revision: 5 }, store: 'mysql' },
  { name: 'mongodb', grafanaCom: { id: 2583, revision: 2 }, store: 'mongodb' },
  { name: 'redis', grafanaCom: { id: 763, revision: 4 }, store: 'redis' },
];
