// One environment = one cdk8s App with one chart per layer (dist/<env>/<layer>/),
// plus plain artifacts that are not Kubernetes objects (dist/<env>/<folder>/).
import { App } from 'cdk8s';
import type { Environment } from './environment/environment';
import type { LayerChart } from './lib/layer';
import { ClusterServicesChart } from './cluster-services/chart';
import { ClusterPkiChart } from './cluster-services/pki';
import { MonitoringCoreChart } from './monitoring-core/chart';
import { MojaloopChart } from './mojaloop/chart';
import { GatewayChart } from './gateway/chart';
import { kairosNodeFiles } from './cluster/kairos';
import { auroraBootFiles } from './cluster/auroraboot';
import { upgradeFiles, UPGRADES_FOLDER } from './cluster/upgrades';
import { NamespacesChart } from './sync/namespaces';
import { syncPlan } from './sync/plan';
import { FluxSyncChart } from './sync/flux';
import { ArgoSyncChart } from './sync/argocd';
import { FluxHelmSourceChart } from './sync/helm';
import { UPSTREAM_SOURCES } from './sync/upstream';
import { APPLICATION_HEALTH_FILE, applicationHealthPatch, BOOTSTRAP_FOLDER } from './sync/argocd-health';

/** A folder of plain files (not a kustomize layer): the sync tool never reads it. */
export interface Artifacts { folder: string; files: Array<[string, string]> }

export function buildEnvironment(env: Environment): { app: App; layers: LayerChart[]; artifacts: Artifacts[] } {
  const app = new App();
  const namespaces = new NamespacesChart(app, env);
  // Workload layers in sync order: each may use the previous one's services.
  const clusterServices = new ClusterServicesChart(app, env, namespaces);
  const workloads: LayerChart[] = [
    new ClusterPkiChart(app, env),
    clusterServices,
    new MonitoringCoreChart(app, env, namespaces),
    new MojaloopChart(app, env, namespaces),
    new GatewayChart(app, env, namespaces),
  ];
  // Every Secret the layers require is known now: Vault delivers those that are not bootstrap or operator-made.
  clusterServices.declareSecrets();
  const plan = syncPlan(env, namespaces, workloads);
  const sync = env.sync.tool === 'flux' ? new FluxSyncChart(app, env, plan) : new ArgoSyncChart(app, env, plan, [namespaces, ...workloads]);
  // Under Flux, each Helm-chart upstream source is a folder of its own (charts/sync/helm.ts).
  const helmSources = env.sync.tool === 'flux' ? UPSTREAM_SOURCES.filter((s) => s.helm).map((s) => new FluxHelmSourceChart(app, env, s)) : [];
  const layers: LayerChart[] = [namespaces, ...helmSources, ...workloads, sync];
  const artifacts: Artifacts[] = [
    // How the cluster's nodes come to exist: Kairos cloud-configs and AuroraBoot netboot configs.
    { folder: 'kairos', files: [...kairosNodeFiles(env), ...auroraBootFiles(env)] },
    // How they are upgraded later: Kairos operator NodeOpUpgrades, one per pool group, applied in order by hand.
    { folder: UPGRADES_FOLDER, files: upgradeFiles(env).map((u) => [u.file, u.content]) },
    // What Argo CD's bootstrap patches argocd-cm with, by hand, before the app of apps exists (charts/sync/argocd-health.ts).
    ...(env.sync.tool === 'argocd' ? [{ folder: BOOTSTRAP_FOLDER, files: [[APPLICATION_HEALTH_FILE, applicationHealthPatch()]] as Array<[string, string]> }] : []),
  ];
  return { app, layers, artifacts };
}
