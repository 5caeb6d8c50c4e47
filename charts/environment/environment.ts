// The resolved environment every chart receives: the file's values over the
// stage defaults, with the node topology worked out.
import type { FeatureFlags } from '../mojaloop/catalog';
import { isProductionLike, type Stage } from './sections/stage';
import type { ClusterConfig } from './sections/cluster';
import type { Namespaces } from './sections/namespaces';
import type { Topology } from './sections/pools';
import type { MojaloopConfig } from './sections/mojaloop';
import type { MonitoringConfig } from './sections/monitoring';
import type { KairosConfig } from './sections/kairos';
import type { SyncConfig } from './sections/sync';
import type { SloConfig } from './sections/slo';
import type { ParticipantsConfig } from './sections/participants';
import type { BackupsConfig } from './sections/backups';
import type { EnvironmentFile } from './schema';
import { resolveCluster } from './sections/cluster';
import { resolveNamespaces } from './sections/namespaces';
import { resolveFeatures } from './sections/features';
import { resolvePools } from './sections/pools';
import { resolveMojaloop } from './sections/mojaloop';
import { resolveMonitoring } from './sections/monitoring';
import { resolveKairos } from './sections/kairos';
import { resolveSync } from './sections/sync';
import { resolveSlo } from './sections/slo';
import { resolveApiVip, type ApiVipConfig } from './sections/api-vip';
import { resolveMirrors, type MirrorsConfig } from './sections/mirrors';
import { resolveTrust, type TrustConfig } from './sections/trust';
import { resolveParticipants } from './sections/participants';
import { resolveBackups } from './sections/backups';
import { resolveMaintenance, type MaintenanceWindow } from './sections/maintenance';
import { resolveTesting, type TestingConfig } from './sections/testing';
import { resolveGateways, type GatewaysConfig } from './sections/gateways';

export interface Environment {
  /** The file's base name: dev, test, staging, prod, ... */
  name: string;
  /** Path of the environment file, for messages. */
  file: string;
  stage: Stage;
  productionLike: boolean;
  cluster: ClusterConfig;
  namespaces: Namespaces;
  features: FeatureFlags;
  topology: Topology;
  mojaloop: MojaloopConfig;
  monitoring: MonitoringConfig;
  kairos: KairosConfig;
  sync: SyncConfig;
  slo: SloConfig;
  /** Virtual IP of the Kubernetes API (kube-vip on the servers), if any. */
  apiVip?: ApiVipConfig;
  /** Registry and source mirrors of an air-gapped site. */
  mirrors: MirrorsConfig;
  /** Private CA trusted by internal HTTPS clients and the nodes. */
  trust: TrustConfig;
  /** The scheme's participants; undefined when the file declares none (nothing is provisioned). */
  participants?: ParticipantsConfig;
  /** Database backups; undefined when the file declares none. */
  backups?: BackupsConfig;
  /** Planned work: Alertmanager time intervals that mute the listed alerts. */
  maintenance: MaintenanceWindow[];
  /** Test equipment: the Testing Toolkit and simulated DFSPs (dev and test). */
  testing: TestingConfig;
  /** The external FSPIOP gateway and the internal admin gateway: hosts and node ports. */
  gateways: GatewaysConfig;
}

export function resolveEnvironment(name: string, file: string, raw: EnvironmentFile): Environment {
  const features = resolveFeatures(raw.features);
  const sync = resolveSync(raw.sync, raw.stage);
  return {
    name,
    file,
    stage: raw.stage,
    productionLike: isProductionLike(raw.stage),
    cluster: resolveCluster(raw.cluster),
    namespaces: resolveNamespaces(raw.namespaces, raw.stage),
    features,
    topology: resolvePools(raw.pools, raw.stage, features),
    mojaloop: resolveMojaloop(raw.mojaloop),
    monitoring: resolveMonitoring(raw.monitoring, raw.stage),
    kairos: resolveKairos(raw.kairos, raw.stage),
    sync,
    slo: resolveSlo(raw.slo, raw.stage, sync.repository.browseUrl),
    apiVip: resolveApiVip(raw.apiVip),
    mirrors: resolveMirrors(raw.mirrors),
    trust: resolveTrust(raw.trust),
    participants: resolveParticipants(raw.participants),
    backups: resolveBackups(raw.backups),
    maintenance: resolveMaintenance(raw.maintenance),
    testing: resolveTesting(raw.testing, raw.stage, raw.participants !== undefined),
    gateways: resolveGateways(raw.gateways, raw.cluster.name),
  };
}
