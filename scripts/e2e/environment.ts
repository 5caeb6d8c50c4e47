// One environment on a real control plane: its Nodes from the Kairos
// cloud-configs, the sync tool's own CRDs (the stand-in for installing Flux or
// Argo CD), then every unit of dist/<env> in the rendered sync order, then the
// checks that read the result: Pod Security admission of every pod template
// and the authorizer's answer for every identity's permissions.
import path from 'node:path';
import { loadEnvironment } from '../../charts/environment/load';
import { buildLayer, finishUnit, objectId, prepareUnit, type Built, type Finding } from './apply';
import type { ControlPlane } from './control-plane';
import type { KubeObject } from './kube';
import { nodeObject, nodesFromKairos } from './nodes';
import { admitPodTemplates, exceptionFor, isPodSecurityWarning, podTemplateOf } from './pod-security';
import { checkPermissions, identities } from './rbac';
import { syncOrder, type SyncStep } from './sync-order';
import { argoBootstrapConfig } from './argocd-bootstrap';
import { crdsIn, helmChartCrds, isSyncToolInstall, pinnedVersion, upstreamCheckout } from './upstream';
import { buildFluxUnit, fluxUpstreamUnits } from './upstream-bundles';
import fs from 'node:fs';
import { drainDrill, type QuorumSet } from './drain';
import { KubeletStandIn } from './kubelet-standin';
import { monitorsSelectingNothing, runPrometheusOperator, type PromBins } from './prometheus-operator';
import { standInsFor } from './operator-standins';
import { secretsForExternalSecrets } from './external-secrets-standin';
import { capacityTable, explain, settle, workloadsOf, type Workload } from './scheduling';
import { fluxReleases, isAdmissionWebhook, renderRelease, sourceOfRelease, type RenderedRelease } from './helm';
import { autoDeployManifests, offClusterServices } from './auto-deploy';
import { runCoreDns } from './coredns';

export interface EnvironmentReport {
  env: string;
  nodes: number;
  objects: number;
  units: string[];
  podTemplates: number;
  permissions: number;
  /** Units we could only stand in for partly, and why. */
  notes: string[];
  findings: Finding[];
  applied: KubeObject[];
  /** Pods Ready after placement, per-pool capacity, nodes drained. */
  pods?: number;
  capacity?: string[];
  drained?: number;
  placementSeconds?: number;
  scrapeJobs?: number;
  ruleFiles?: number;
  /** Service names the real CoreDNS resolved with the rendered Corefile. */
  dnsNames?: number;
  drainSeconds?: number;
  seconds: number;
}

export interface ApplyOptions {
  /** dist/<env> to apply (a scratch copy in tests). */
  distEnv: string;
  /** environments/<env>.yaml, for node capacity and namespace names. */
  environmentFile: string;
  kustomize: string;
  /** helm (tools/helm), to render the upstream sources installed from a Helm chart. */
  helm?: string;
  /** Place every pod with the real scheduler and drain every node (default on). */
  schedule?: boolean;
  /**
   * How long a refused eviction is retried (default 60 s; kubectl drain waits
   * without limit). Under CI load a member put back on the previous node can
   * take tens of seconds to count as healthy again (seen: PXC haproxy, Vault).
   */
  evictionRetryMs?: number;
  /** CoreDNS at the deployed version (tools/coredns): run it with the rendered Corefile when given. */
  coredns?: string;
  /** prometheus-operator, promtool and amtool at the deployed versions: run the operator when given. */
  prom?: PromBins;
  /** Print each phase to stderr as it ends. */
  progress?: boolean;
}

const SYNC_TOOL_SOURCES = {
  flux: [
    { url: 'https://github.com/fluxcd/source-controller', dir: 'config/crd/bases' },
    { url: 'https://github.com/fluxcd/kustomize-controller', dir: 'config/crd/bases' },
    { url: 'https://github.com/fluxcd/helm-controller', dir: 'config/crd/bases' },
  ],
  argocd: [{ url: 'https://github.com/argoproj/argo-cd', dir: 'manifests/crds' }],
};

export async function applyEnvironment(cp: ControlPlane, opts: ApplyOptions): Promise<EnvironmentReport> {
  const started = Date.now();
  const step = (what: string) => { if (opts.progress) process.stderr.write(`  ${path.basename(opts.distEnv)} ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s: ${what}\n`); };
  const { kube } = cp;
  const env = loadEnvironment(opts.environmentFile);
  const report: EnvironmentReport = { env: env.name, nodes: 0, objects: 0, units: [], podTemplates: 0, permissions: 0, notes: [], findings: [], applied: [], seconds: 0 };
  const namespaceRoles: Record<string, 'monitoring' | 'mojaloop'> = { [env.namespaces.monitoring.name]: 'monitoring', [env.namespaces.mojaloop.name]: 'mojaloop' };
  const allowWarning = (o: KubeObject, w: string) => isPodSecurityWarning(w) && Boolean(exceptionFor(o, namespaceRoles));

  // The controllers run from the start, as in a cluster (the default ServiceAccounts, for one).
  await cp.startControllers();
  // Nodes, as Kairos and K3S would register them.
  const sizes = new Map(env.topology.nodes.map((n) => [n.name, n.size]));
  for (const n of nodesFromKairos(opts.distEnv)) {
    const size = sizes.get(n.name);
    if (!size) {
      report.findings.push({ file: n.file, object: `Node ${n.name}`, message: `no node of that name in ${opts.environmentFile}` });
      continue;
    }
    const node = nodeObject(n, { cpu: size.cpu, memoryBytes: size.memoryBytes });
    await kube.create('/api/v1/nodes', { ...node, status: undefined });
    await kube.request('PATCH', `/api/v1/nodes/${n.name}/status`, { status: node.status }, 'application/merge-patch+json');
    // The TaintNodesByCondition admission plugin taints a new node not-ready; the node
    // lifecycle controller lifts it once the kubelet reports Ready. That controller is
    // off here (no kubelet heartbeats), so do what it would: keep only the node's own taints.
    await kube.request('PATCH', `/api/v1/nodes/${n.name}`, { spec: { taints: n.taints } }, 'application/merge-patch+json');
    report.nodes++;
  }

  step(`${report.nodes} nodes registered`);
  // K3S's auto-deploy folder, written by Kairos on the servers: K3S applies it itself before
  // any sync tool runs (our CoreDNS and local-path provisioner, kube-vip; scripts/e2e/auto-deploy.ts).
  const autoDeploy = autoDeployManifests(opts.distEnv);
  report.findings.push(...autoDeploy.findings);
  await runUnit('K3S auto-deploy manifests', autoDeploy.built);
  record(autoDeploy.built);
  if (autoDeploy.skipped.length) report.notes.push(`K3S auto-deploy folder: ${autoDeploy.skipped.join(', ')} not applied: a kind of K3S's own API (helm.cattle.io), served only by K3S's embedded controllers`);
  step(`${autoDeploy.built.objects.length} objects of K3S's auto-deploy folder applied`);
  // The sync tool itself (bootstrap: flux install / the Argo CD install): its namespace and CRDs.
  const order = syncOrder(opts.distEnv);
  const toolNs = order.tool === 'flux' ? 'flux-system' : 'argocd';
  await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: toolNs } });
  for (const s of SYNC_TOOL_SOURCES[order.tool]) {
    const checkout = upstreamCheckout(s.url, pinnedVersion(s.url))!;
    await runUnit(`${order.tool} CRDs`, crdBuilt(crdsIn(path.join(checkout.dir, s.dir)), `${checkout.origin}/${s.dir}`));
  }
  await runUnit(order.syncFolder, buildLayer(opts.kustomize, path.join(opts.distEnv, order.syncFolder)));
  if (order.tool === 'argocd') {
    // Bootstrap gives argocd-cm the Application health check (scripts/e2e/argocd-bootstrap.ts).
    const argo = SYNC_TOOL_SOURCES.argocd[0];
    report.findings.push(...await argoBootstrapConfig(kube, opts.distEnv, upstreamCheckout(argo.url, pinnedVersion(argo.url))!.dir));
  }

  // The Secrets dist/<env>/README.md tells the operator to create by hand (the bootstrap),
  // each as soon as its namespace exists, with placeholder values: what the README lists is
  // what the cluster gets, so a Secret it forgets shows up as a failure below.
  const pendingSecrets = bootstrapSecrets(path.join(opts.distEnv, 'README.md'));
  const createSecrets = async () => {
    const namespaces = new Set(((await kube.get<any>('/api/v1/namespaces')).items as any[]).map((n) => n.metadata.name));
    for (const sec of pendingSecrets.filter((x) => namespaces.has(x.namespace))) {
      await kube.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: sec.name, namespace: sec.namespace }, stringData: Object.fromEntries(sec.keys.map((k) => [k, 'e2e-placeholder'])) } as KubeObject, { fieldManager: 'e2e-bootstrap' });
      pendingSecrets.splice(pendingSecrets.indexOf(sec), 1);
    }
  };
  await createSecrets();
  // What External Secrets Operator would create from Vault for each ExternalSecret applied (scripts/e2e/external-secrets-standin.ts).
  const esoSecrets = async (objects: KubeObject[]) => {
    for (const sec of secretsForExternalSecrets(objects)) await kube.apply(sec, { fieldManager: 'e2e-external-secrets-standin' });
  };

  const deferredWebhooks: Array<{ object: KubeObject; file: string }> = [];
  // Every unit, batch by batch: a batch is what the sync tool may start at once.
  const done = new Set<string>();
  const failed = new Set<string>();
  const steps = [...order.steps];
  while (steps.length) {
    const batch = steps.filter((s) => s.dependsOn.every((d) => done.has(d) || !order.steps.some((x) => x.name === d)));
    if (!batch.length) throw new Error(`no unit can start: ${steps.map((s) => s.name).join(', ')}`);
    const prepared: Array<{ unit: SyncStep; built: Built }> = [];
    for (const unit of batch) {
      // Flux holds back a Kustomization whose dependency is not Ready: no cascade of errors.
      const blockedBy = unit.dependsOn.find((d) => failed.has(d));
      if (blockedBy) {
        failed.add(unit.name);
        report.notes.push(`${unit.name}: not applied, it depends on ${blockedBy}, which failed`);
        continue;
      }
      const built = unitObjects(unit);
      if (!built) { failed.add(unit.name); continue; }
      const f = await prepareUnit(kube, built, allowWarning);
      report.findings.push(...f);
      if (f.length) failed.add(unit.name);
      else prepared.push({ unit, built });
    }
    for (const { unit, built } of prepared) {
      const f = await finishUnit(kube, built, allowWarning);
      if (f.length) failed.add(unit.name);
      report.findings.push(...f);
      report.objects += built.objects.length;
      record(built);
      await esoSecrets(built.objects);
    }
    await createSecrets();
    step(`applied ${batch.map((b) => b.name).join(', ')}`);
    for (const s of batch) {
      done.add(s.name);
      report.units.push(s.name);
      steps.splice(steps.indexOf(s), 1);
    }
  }

  // Admission webhooks of Helm charts, held back until now (scripts/e2e/helm.ts isAdmissionWebhook).
  if (deferredWebhooks.length) {
    const built: Built = { objects: deferredWebhooks.map((w) => w.object), fileOf: (o) => deferredWebhooks.find((w) => w.object === o)?.file ?? '' };
    await runUnit('admission webhooks of Helm charts', built);
    record(built);
    report.notes.push(`${deferredWebhooks.length} admission webhook configuration(s) of Helm charts applied after every unit: their servers (the charts' pods) do not run here`);
  }

  // Pod Security: every pod template, by the admission chain of its namespace.
  const owners = report.applied.filter((o) => podTemplateOf(o)).map((o) => ({ object: o, file: o.metadata.annotations!['e2e/file'] }));
  const psa = await admitPodTemplates(kube, owners, namespaceRoles);
  report.podTemplates = psa.admitted;
  report.findings.push(...psa.findings);
  step(`${psa.admitted} pod templates through admission`);

  // RBAC: every identity, by the authorizer.
  const rbac = await checkPermissions(kube, identities(report.applied));
  report.permissions = rbac.checked;
  report.findings.push(...rbac.findings);
  step(`${rbac.checked} permissions asked of the authorizer`);

  // The real CoreDNS on the rendered Corefile, answering for the applied Services (scripts/e2e/coredns.ts).
  if (opts.coredns) {
    const dns = await runCoreDns(cp, report.applied, opts.coredns);
    report.findings.push(...dns.findings);
    report.dnsNames = dns.resolved;
    step(`CoreDNS resolved ${dns.resolved} Service names with the rendered Corefile`);
  }

  // prometheus-operator itself turns our CRs into the configurations Prometheus and Alertmanager load.
  if (opts.prom && !report.findings.length) {
    const op = await runPrometheusOperator(cp, report.applied, opts.prom);
    report.findings.push(...op.findings);
    report.scrapeJobs = op.jobs;
    report.ruleFiles = op.rules;
    step(`prometheus-operator generated ${op.jobs} scrape jobs and ${op.rules} rule files, checked by promtool and amtool`);
  }

  if (opts.schedule !== false && !report.findings.length) await placeAndDrain();
  // After placement the operators' pods exist (as stand-ins): a monitor must select some pod or Service.
  if (opts.prom && opts.schedule !== false) report.findings.push(...await monitorsSelectingNothing(cp, report.applied));
  report.seconds = (Date.now() - started) / 1000;
  return report;

  /** The real scheduler places every pod; then every node is drained in turn. */
  async function placeAndDrain(): Promise<void> {
    const t0 = Date.now();
    const quorums: QuorumSet[] = [];
    const standIns: Workload[] = [];
    for (const cr of report.applied) {
      for (const s of standInsFor(cr, report.applied)) {
        const sts = s.statefulSet;
        await kube.apply(sts, { fieldManager: 'e2e-operator-standin' });
        if (s.pdb) await kube.apply(s.pdb, { fieldManager: 'e2e-operator-standin' });
        standIns.push({ kind: 'StatefulSet', namespace: sts.metadata.namespace!, name: sts.metadata.name, file: `${cr.metadata.annotations?.['e2e/file']} (stand-in for ${s.cr})` });
        if (s.quorum) quorums.push({ namespace: sts.metadata.namespace!, selector: (sts.spec as any).selector.matchLabels, replicas: (sts.spec as any).replicas, what: s.cr });
      }
    }
    // What prometheus-operator generated (the Prometheus and Alertmanager StatefulSets) is placed too.
    const generated = ((await kube.get<any>('/apis/apps/v1/statefulsets?labelSelector=managed-by%3Dprometheus-operator')).items as any[])
      .map((s) => ({ kind: 'StatefulSet', namespace: s.metadata.namespace, name: s.metadata.name, file: `generated by prometheus-operator from ${s.metadata.ownerReferences?.[0]?.kind} ${s.metadata.ownerReferences?.[0]?.name}` }));
    const workloads = [...workloadsOf(report.applied), ...standIns, ...generated];
    const kubelet = new KubeletStandIn(kube);
    kubelet.start();
    try {
      const states = await settle(kube, workloads, { timeoutMs: 180_000, quietMs: 15_000 });
      const placement = await explain(kube, states);
      report.findings.push(...placement);
      // CoreDNS and the local-path provisioner: on K3S-CLUSTER-SVCS, as bound by the scheduler.
      report.findings.push(...await offClusterServices(kube, autoDeploy.built.objects.filter((o) => o.kind === 'Deployment'), autoDeploy.built.fileOf));
      report.pods = [...states.values()].reduce((a, s) => a + s.ready, 0);
      report.capacity = await capacityTable(kube);
      report.placementSeconds = (Date.now() - t0) / 1000;
      step(`${report.pods} pods placed and Ready`);
      if (placement.length) return;
      // One node (dev): its drain is the loss of everything; nothing to prove.
      if (report.nodes < 2) return;
      const t1 = Date.now();
      const drill = await drainDrill(kube, kubelet, workloads, quorums, { evictionRetryMs: opts.evictionRetryMs ?? 60_000 });
      report.drained = drill.drained;
      report.findings.push(...drill.findings);
      report.drainSeconds = (Date.now() - t1) / 1000;
    } finally {
      kubelet.stop();
    }
  }

  /** What was applied, each object with the file it came from (later checks name it). */
  function record(built: Built): void {
    report.applied.push(...built.objects.map((o) => ({ ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, 'e2e/file': built.fileOf(o) } } })));
  }

  async function runUnit(name: string, built: Built): Promise<void> {
    const f = await prepareUnit(kube, built, allowWarning);
    if (!f.length) f.push(...await finishUnit(kube, built, allowWarning));
    report.findings.push(...f.map((x) => ({ ...x, message: `${name}: ${x.message}` })));
    report.objects += built.objects.length;
  }

  function unitObjects(step: SyncStep): Built | undefined {
    if (step.layer) {
      let built: Built;
      try {
        built = buildLayer(opts.kustomize, path.join(opts.distEnv, step.layer));
      } catch (e) {
        report.findings.push({ file: path.join(opts.distEnv, step.layer, 'kustomization.yaml'), object: `layer ${step.layer}`, message: `kustomize build failed: ${(e as { stderr?: string }).stderr ?? e}` });
        return undefined;
      }
      // A Flux unit of a Helm-chart source: what helm-controller would install from its HelmRelease.
      const releases = fluxReleases(built.objects, built.fileOf);
      return releases.length ? withCharts(built, releases) : built;
    }
    const up = step.upstream!;
    if (up.chart && up.helm && sourceOfRelease({ chart: up.chart, version: up.ref })) {
      // An Argo CD Application with a helm source: what Argo CD would render from it.
      const release: RenderedRelease = { chart: up.chart, version: up.ref, releaseName: up.helm.releaseName, namespace: up.helm.namespace, values: up.helm.values, file: step.file };
      return withCharts({ objects: [], fileOf: () => step.file }, [release]);
    }
    if (isSyncToolInstall(up.url)) {
      // Flux's or Argo CD's own release, managed by itself; its CRDs were applied above
      // (bootstrap). Flux's controllers are built from the pinned release with the rendered
      // patches (scripts/e2e/upstream-bundles.ts), so the scheduler places them too.
      const unit = order.tool === 'flux' ? fluxUpstreamUnits(opts.distEnv).find((u) => u.kustomization.metadata.name === step.name) : undefined;
      const built = unit && buildFluxUnit(opts.kustomize, unit);
      if (built && 'objects' in built) {
        report.notes.push(`${step.name}: ${built.origin}`);
        return { objects: built.objects, fileOf: (o) => `${built.origin} (${objectId(o)})` };
      }
      report.notes.push(`${step.name}: the sync tool's own install (${up.url} ${up.ref}); CRDs applied at bootstrap, workloads not run here${built ? `: ${built.unavailable}` : ''}`);
      return crdBuilt([], `${up.url} ${up.ref}`);
    }
    const checkout = upstreamCheckout(up.url, up.ref, up.chart);
    if (!checkout) {
      report.findings.push({ file: step.file, object: `upstream ${step.name}`, message: `${up.url}@${up.ref} is served by no reachable registry (and ../shared/crds is absent): its CRDs cannot be installed` });
      return undefined;
    }
    // Stand-in for the upstream bundle: its CRDs only (the operator itself does not run here).
    let crds = crdsIn(path.join(checkout.dir, up.path));
    if (!crds.length) crds = helmChartCrds(path.join(checkout.dir, up.path));
    if (!crds.length) crds = crdsIn(path.join(checkout.dir, 'config/crd/bases'));
    if (!crds.length) crds = crdsIn(checkout.dir);
    if (!crds.length) report.notes.push(`${step.name}: no CRDs found in ${checkout.origin} ${up.path}`);
    if (step.targetNamespace && !report.applied.some((o) => o.kind === 'Namespace' && o.metadata.name === step.targetNamespace)) {
      report.findings.push({ file: step.file, object: `Kustomization ${step.name}`, message: `targetNamespace ${step.targetNamespace} does not exist when this unit is applied` });
    }
    if (checkout.origin.startsWith('../shared')) report.notes.push(`${step.name}: CRDs from ${checkout.origin}`);
    return crdBuilt(crds, `${checkout.origin}/${up.path}`);
  }

  /** A unit plus the objects of its Helm releases (admission webhooks held back); undefined after a finding. */
  function withCharts(built: Built, releases: RenderedRelease[]): Built | undefined {
    if (!opts.helm) {
      for (const r of releases) report.findings.push({ file: r.file, object: `Helm release ${r.releaseName}`, message: 'no helm binary given (ApplyOptions.helm): the chart cannot be rendered' });
      return undefined;
    }
    const files = new Map<KubeObject, string>();
    const objects = [...built.objects];
    for (const r of releases) {
      try {
        const { objects: rendered, origin } = renderRelease(opts.helm, r, report.notes);
        for (const o of rendered) {
          const file = `${r.file} (${origin}: ${objectId(o)})`;
          if (isAdmissionWebhook(o)) { deferredWebhooks.push({ object: o, file }); continue; }
          files.set(o, file);
          objects.push(o);
        }
      } catch (e) {
        report.findings.push({ file: r.file, object: `Helm release ${r.releaseName}`, message: `helm template failed: ${(e as { stderr?: string }).stderr ?? e}` });
        return undefined;
      }
    }
    return { objects, fileOf: (o) => files.get(o) ?? built.fileOf(o) };
  }
}

/** The README's "Secrets to create by hand" table (the bootstrap): | namespace | `name` | `key`, `key` | purpose | ... */
export function bootstrapSecrets(readme: string): Array<{ namespace: string; name: string; keys: string[] }> {
  return fs.existsSync(readme) ? handMadeSecrets(fs.readFileSync(readme, 'utf8')) : [];
}

export function handMadeSecrets(text: string): Array<{ namespace: string; name: string; keys: string[] }> {
  const section = text.split(/^## /m).find((s) => /^Secrets to create/.test(s)) ?? '';
  return [...section.matchAll(/^\| ([a-z0-9-]+) \| `([^`]+)` \| ([^|]+) \|/gm)].map((m) => ({
    namespace: m[1], name: m[2], keys: [...m[3].matchAll(/`([^`]+)`/g)].map((k) => k[1]),
  }));
}

function crdBuilt(crds: any[], origin: string): Built {
  return { objects: crds, fileOf: (o) => `${origin} (${objectId(o)})` };
}
