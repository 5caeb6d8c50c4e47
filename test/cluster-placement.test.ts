// Issue 14's must-show: in prod, every Deployment, StatefulSet and DaemonSet
// that is not a node agent requires a pool and can land on it, whether we
// render it (every layer of dist/prod, and the manifests Kairos writes into
// K3S's auto-deploy folder) or an upstream bundle brings it (the pinned
// upstream files with the rendered Flux Kustomization's patches, built by the
// real kustomize as kustomize-controller builds them). And it fails when a
// placement patch is removed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodesFromKairos, type NodeSpec } from '../scripts/e2e/nodes';
import { toolBin } from '../scripts/e2e/tools';
import { autoDeployFilesOf } from '../scripts/lib/auto-deploy-files';
import { buildArgoKustomizeApp, buildFluxUnit, fluxUpstreamUnits, type BundleBuild, type FluxUnit } from '../scripts/e2e/upstream-bundles';
import { placementProblems, WORKLOAD_KINDS, workloadId } from './support/pool-placement';

const ROOT = path.resolve(import.meta.dirname, '..');
const PROD = path.join(ROOT, 'dist/prod');

/** The only workloads that run on every node, and why. */
const NODE_AGENTS: Record<string, string> = {
  'DaemonSet monitoring-core/node-exporter': 'node metrics: one per node by definition',
  'DaemonSet monitoring-core/alloy': 'reads every node\'s pod logs',
  'DaemonSet kube-system/kube-vip': 'holds the API VIP on the servers (nodeSelector control-plane; written by Kairos)',
};

/** Bundles whose upstream Deployment no reachable registry serves: their patches are checked on a stand-in of the same name. */
const STAND_IN_NAMES: Record<string, string> = {
  'strimzi-cluster-operator': 'strimzi-cluster-operator',
  'pxc-operator': 'percona-xtradb-cluster-operator',
  'redis-operator': 'redis-operator',
};

let kustomize: string;
let nodes: NodeSpec[];
beforeAll(() => {
  kustomize = path.join(toolBin('kustomize'), 'kustomize');
  nodes = nodesFromKairos(PROD);
});

const docs = (text: string): any[] => (yaml.loadAll(text) as any[]).filter(Boolean);
const workloads = (objects: any[]) => objects.filter((o) => WORKLOAD_KINDS.has(o.kind));

/** Every layer of dist/prod as the sync tool builds it. */
let layers: any[] | undefined;
function renderedLayers(): any[] {
  return layers ??= fs.readdirSync(PROD).filter((d) => fs.existsSync(path.join(PROD, d, 'kustomization.yaml')))
    .flatMap((d) => docs(execFileSync(kustomize, ['build', path.join(PROD, d)], { encoding: 'utf8', maxBuffer: 256 << 20 })));
}

/** What Kairos writes into K3S's auto-deploy folder on the servers (K3S applies it). */
function kairosManifests(): any[] {
  const seen = new Map<string, any>();
  for (const f of fs.readdirSync(path.join(PROD, 'kairos')).filter((x) => !x.startsWith('auroraboot-'))) {
    for (const file of autoDeployFilesOf(fs.readFileSync(path.join(PROD, 'kairos', f), 'utf8')) ?? []) {
      for (const d of docs(file.content)) {
        seen.set(`${d.kind}/${d.metadata?.namespace}/${d.metadata?.name}`, d);
        // A HelmChartConfig's values reach the packaged chart's pod template (Traefik's
        // chart: values affinity and tolerations); checked as the Deployment it configures.
        if (d.kind === 'HelmChartConfig') {
          const values = yaml.load(d.spec.valuesContent) as any;
          seen.set(`traefik/${d.metadata.name}`, { kind: 'Deployment', metadata: { namespace: d.metadata.namespace, name: d.metadata.name }, spec: { template: { spec: { affinity: values.affinity, tolerations: values.tolerations } } } });
        }
      }
    }
  }
  return [...seen.values()];
}

/** A minimal Deployment named as upstream names it, for bundles whose files no registry serves. */
function standIn(unit: FluxUnit): any[] {
  const name = STAND_IN_NAMES[unit.kustomization.metadata.name];
  const deployment = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: { selector: { matchLabels: { name } }, template: { metadata: { labels: { name } }, spec: { containers: [{ name, image: 'stand-in', imagePullPolicy: 'Always', args: [] }] } } },
  };
  const dir = fs.mkdtempSync(path.join(ROOT, '.cache', 'stand-in-'));
  try {
    fs.writeFileSync(path.join(dir, 'deployment.yaml'), yaml.dump(deployment));
    const spec = unit.kustomization.spec;
    // The rendered patches except those for kinds the stand-in does not have.
    const patches = (spec.patches ?? []).filter((p: any) => p.target.kind === 'Deployment');
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), yaml.dump({ resources: ['deployment.yaml'], ...(spec.targetNamespace ? { namespace: spec.targetNamespace } : {}), patches }));
    return docs(execFileSync(kustomize, ['build', dir], { encoding: 'utf8' }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function upstreamWorkloads(units: FluxUnit[]): { objects: any[]; builds: BundleBuild[] } {
  const builds = units.map((u) => buildFluxUnit(kustomize, u));
  const objects = builds.flatMap((b, i) => ('objects' in b ? b.objects : STAND_IN_NAMES[b.unit] ? standIn(units[i]) : []));
  return { objects, builds };
}

const withoutPlacement = (u: FluxUnit): FluxUnit => ({
  ...u,
  kustomization: { ...u.kustomization, spec: { ...u.kustomization.spec, patches: u.kustomization.spec.patches.filter((p: any) => !/workload-class\.mojaloop\.io\/K3S-CLUSTER-SVCS/.test(p.patch)) } },
});

describe('prod: every workload requires a pool (issue 14)', () => {
  it('every Deployment, StatefulSet and DaemonSet of dist/prod and of the Kairos-written manifests requires a pool it can land on; node agents are listed', () => {
    const ours = [...renderedLayers(), ...kairosManifests()];
    expect(workloads(ours).length).toBeGreaterThan(40);
    expect(placementProblems(ours, nodes, NODE_AGENTS)).toEqual([]);
    // Every listed node agent exists: the list cannot go stale.
    const ids = new Set(workloads(ours).map(workloadId));
    for (const agent of Object.keys(NODE_AGENTS)) expect(ids.has(agent), agent).toBe(true);
    // K3S's Traefik (prod renders Grafana's Ingress) is among them, through its HelmChartConfig;
    // so are our replacements of K3S's CoreDNS and local-path provisioner (no exception for them).
    expect(ids.has('Deployment kube-system/traefik')).toBe(true);
    expect(ids.has('Deployment kube-system/coredns')).toBe(true);
    expect(ids.has('Deployment kube-system/local-path-provisioner')).toBe(true);
  });

  it('every workload of the upstream bundles (Flux, operators) lands on K3S-CLUSTER-SVCS after our patches', () => {
    const units = fluxUpstreamUnits(PROD);
    const { objects, builds } = upstreamWorkloads(units);
    // From the pinned upstream files: Flux's controllers and the PSMDB operator; the rest are stand-ins, said so.
    const real = builds.filter((b): b is Extract<BundleBuild, { objects: any[] }> => 'objects' in b);
    expect(real.flatMap((b) => workloads(b.objects).map(workloadId)).sort()).toEqual([
      'Deployment flux-system/helm-controller', 'Deployment flux-system/kustomize-controller', 'Deployment flux-system/source-controller',
      'Deployment psmdb-operator/percona-server-mongodb-operator',
    ]);
    expect(builds.filter((b) => 'unavailable' in b).map((b) => b.unit).sort()).toEqual(Object.keys(STAND_IN_NAMES).sort());
    expect(workloads(objects)).toHaveLength(7);
    expect(placementProblems(objects, nodes, {})).toEqual([]);
    // And only there: every eligible node is a K3S-CLUSTER-SVCS node.
    for (const o of workloads(objects)) {
      expect(o.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, workloadId(o))
        .toEqual([{ matchExpressions: [{ key: 'workload-class.mojaloop.io/K3S-CLUSTER-SVCS', operator: 'In', values: ['enabled'] }] }]);
    }
  });

  it('Flux\'s unused controllers are removed by the rendered patches ($patch: delete, as kustomize applies it)', () => {
    const flux = fluxUpstreamUnits(PROD).find((u) => u.kustomization.metadata.name === 'flux-system')!;
    const deletions = flux.kustomization.spec.patches.filter((p: any) => /\$patch: delete/.test(p.patch));
    expect(deletions.map((p: any) => p.target.name).sort()).toEqual(['image-automation-controller', 'image-reflector-controller', 'source-watcher']);
  });

  it('fails when the placement patch is removed from an upstream bundle (Flux\'s own Kustomization, the PSMDB operator, a stand-in)', () => {
    const units = fluxUpstreamUnits(PROD).map((u) => (['flux-system', 'psmdb-operator', 'redis-operator'].includes(u.kustomization.metadata.name) ? withoutPlacement(u) : u));
    const problems = placementProblems(upstreamWorkloads(units).objects, nodes, {});
    expect(problems).toEqual([
      expect.stringMatching(/^Deployment flux-system\/helm-controller: requires no pool/),
      expect.stringMatching(/^Deployment flux-system\/kustomize-controller: requires no pool/),
      expect.stringMatching(/^Deployment flux-system\/source-controller: requires no pool/),
      expect.stringMatching(/^Deployment psmdb-operator\/percona-server-mongodb-operator: requires no pool/),
      // config/default of redis-operator names its own namespace (no targetNamespace): the stand-in has none.
      expect.stringMatching(/^Deployment \/redis-operator: requires no pool/),
    ]);
  });

  it('fails on a rendered workload without its pool, without its toleration, or a DaemonSet that is not a listed node agent', () => {
    const ours = [...renderedLayers(), ...kairosManifests()];
    const find = (id: string) => structuredClone(ours.find((o) => workloadId(o) === id));
    const unplaced = find('Deployment mojaloop/quoting-service');
    delete unplaced.spec.template.spec.affinity.nodeAffinity;
    // CoreDNS as K3S ships it: no pool, so anywhere the servers' taints allow.
    const dns = find('Deployment kube-system/coredns');
    delete dns.spec.template.spec.affinity;
    const provisioner = find('Deployment kube-system/local-path-provisioner');
    provisioner.spec.template.spec.tolerations = [];
    const untolerated = find('StatefulSet monitoring-core/loki-compactor');
    untolerated.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key = 'workload-class.mojaloop.io/K3S-CLUSTER-SVCS';
    untolerated.spec.template.spec.tolerations = [];
    expect(placementProblems([unplaced, untolerated, find('DaemonSet monitoring-core/alloy'), dns, provisioner], nodes, {})).toEqual([
      expect.stringMatching(/^Deployment mojaloop\/quoting-service: requires no pool/),
      expect.stringMatching(/^StatefulSet monitoring-core\/loki-compactor: requires K3S-CLUSTER-SVCS but no node of it is left once taints are applied/),
      expect.stringMatching(/^DaemonSet monitoring-core\/alloy: requires no pool .*and is not listed as a node agent/),
      expect.stringMatching(/^Deployment kube-system\/coredns: requires no pool/),
      expect.stringMatching(/^Deployment kube-system\/local-path-provisioner: requires K3S-CLUSTER-SVCS but no node of it is left once taints are applied/),
    ]);
  });
});

describe('test (Argo CD): Argo CD and the operators on K3S-CLUSTER-SVCS', () => {
  const TEST = path.join(ROOT, 'dist/test');
  const apps = () => fs.readdirSync(path.join(TEST, 'argocd')).filter((f) => f.startsWith('application-')).map((f) => yaml.load(fs.readFileSync(path.join(TEST, 'argocd', f), 'utf8')) as any);
  const SVCS = [{ matchExpressions: [{ key: 'workload-class.mojaloop.io/K3S-CLUSTER-SVCS', operator: 'In', values: ['enabled'] }] }];

  it('Argo CD\'s own install, the pinned v3.5.1 manifests with the argocd Application\'s patches, requires K3S-CLUSTER-SVCS; without the patches it does not', () => {
    const testNodes = nodesFromKairos(TEST);
    const app = apps().find((a) => a.metadata.name === 'argocd');
    const built = buildArgoKustomizeApp(kustomize, app);
    expect('objects' in built, JSON.stringify(built)).toBe(true);
    const objects = (built as Extract<BundleBuild, { objects: any[] }>).objects;
    expect(workloads(objects).map(workloadId)).toContain('StatefulSet argocd/argocd-application-controller');
    expect(placementProblems(objects, testNodes, {})).toEqual([]);
    const bare = buildArgoKustomizeApp(kustomize, { ...app, spec: { ...app.spec, source: { ...app.spec.source, kustomize: undefined } } }) as Extract<BundleBuild, { objects: any[] }>;
    expect(placementProblems(bare.objects, testNodes, {})).toHaveLength(workloads(objects).length);
  });

  it('every operator Application carries the placement: Helm values (Strimzi, PXC, PSMDB) or the kustomize patch (redis-operator)', () => {
    const operators = apps().filter((a) => ['strimzi-cluster-operator', 'pxc-operator', 'psmdb-operator', 'redis-operator'].includes(a.metadata.name));
    expect(operators).toHaveLength(4);
    for (const a of operators) {
      const src = a.spec.source;
      if (src.chart) {
        expect(src.helm.valuesObject.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, a.metadata.name).toEqual(SVCS);
        expect(src.helm.valuesObject.tolerations[0].key, a.metadata.name).toBe('workload-class.mojaloop.io/K3S-CLUSTER-SVCS');
      } else {
        const patch = src.kustomize.patches.find((p: any) => p.target.kind === 'Deployment' && /K3S-CLUSTER-SVCS/.test(p.patch));
        expect(patch, a.metadata.name).toBeDefined();
      }
    }
  });
});
