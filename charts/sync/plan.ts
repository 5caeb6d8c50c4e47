// The sync plan both tools render: which units (upstream sources and our
// layers) exist and which must be ready before which. Derived, not written by
// hand: a layer depends on the upstream sources that provide the custom
// resource kinds it uses, whose namespace it writes into (it completes what
// the source installs) or that it talks to at run time (LayerChart.talksTo:
// cluster-services reads Vault), and on the layer before it in the declared
// order (namespaces -> upstream -> cluster-pki -> cluster-services ->
// monitoring-core -> mojaloop -> gateway). An upstream source depends on the
// layers that make the Secrets its pods mount (UpstreamSource.mountsSecrets:
// Vault's certificate, from cluster-pki); a layer that writes into such a
// source's namespace prepares it rather than completes it, so it does not
// depend on the source. Every namespace a layer writes into must be created by
// it or by a unit it depends on: a Flux server-side dry-run refuses the whole
// layer otherwise, and nothing after it is applied
// (fluxcd/kustomize-controller#1194).
import { ApiObject } from 'cdk8s';
import type { Environment } from '../environment/environment';
import type { LayerChart } from '../lib/layer';
import { BUILTIN_GROUPS, groupOf, providerOf, UPSTREAM_SOURCES, type UpstreamSource } from './upstream';

export interface SyncUnit {
  name: string;
  /** Our folder under dist/<env>/ (layers), or an upstream source. */
  layer?: string;
  upstream?: UpstreamSource;
  dependsOn: string[];
  /** How long the tool waits for the unit to become healthy. */
  timeout: string;
  /** Argo CD sync wave: the unit's depth in the dependency graph. */
  wave: number;
}

/** Custom resource kinds a layer uses, as "group/Kind". */
export function customKindsOf(layer: LayerChart): Array<{ apiVersion: string; kind: string }> {
  const seen = new Map<string, { apiVersion: string; kind: string }>();
  for (const c of layer.node.findAll()) {
    if (!(c instanceof ApiObject) || BUILTIN_GROUPS.has(groupOf(c.apiVersion))) continue;
    seen.set(`${groupOf(c.apiVersion)}/${c.kind}`, { apiVersion: c.apiVersion, kind: c.kind });
  }
  return [...seen.values()].sort((a, b) => `${a.apiVersion}/${a.kind}`.localeCompare(`${b.apiVersion}/${b.kind}`));
}

/** Stores take minutes to form a quorum; everything else is quick. */
const TIMEOUTS: Record<string, string> = { namespaces: '2m', 'cluster-pki': '5m', 'cluster-services': '5m', 'monitoring-core': '15m', mojaloop: '30m' };

const namespacesWritten = (layer: LayerChart): Set<string> =>
  new Set(layer.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((c) => c.metadata.namespace).filter((n): n is string => Boolean(n)));

/**
 * @param namespacesLayer every namespace of ours, and glue for the upstream operators
 * @param workloadLayers the other layers, in their declared order
 */
export function syncPlan(env: Environment, namespacesLayer: LayerChart, workloadLayers: LayerChart[]): SyncUnit[] {
  const units: SyncUnit[] = [{ name: namespacesLayer.layer, layer: namespacesLayer.layer, dependsOn: [], timeout: TIMEOUTS.namespaces, wave: 0 }];
  const needs = new Map(UPSTREAM_SOURCES.map((s) => [s.name, layersMaking(env, s, workloadLayers)]));
  for (const source of UPSTREAM_SOURCES) {
    units.push({ name: source.name, upstream: source, dependsOn: [...(source.namespace ? [namespacesLayer.layer] : []), ...needs.get(source.name)!], timeout: '10m', wave: 0 });
  }
  let previous: string | undefined = namespacesLayer.layer;
  for (const layer of workloadLayers) {
    const providers = new Set<string>();
    for (const { apiVersion, kind } of customKindsOf(layer)) {
      const p = providerOf(apiVersion, kind);
      if (!p) {
        throw new Error(`${env.file}: layer ${layer.layer} uses ${kind} (${apiVersion}), which no upstream source provides; add it to charts/sync/upstream.ts`);
      }
      providers.add(p.name);
    }
    for (const ns of namespacesWritten(layer)) {
      for (const s of UPSTREAM_SOURCES) if (s.namespace === ns && !needs.get(s.name)!.includes(layer.layer)) providers.add(s.name);
    }
    for (const name of layer.talksTo) {
      if (!UPSTREAM_SOURCES.some((s) => s.name === name)) throw new Error(`${env.file}: layer ${layer.layer} talks to ${name}, which is no upstream source (charts/sync/upstream.ts)`);
      providers.add(name);
    }
    const dependsOn = [...providers].sort();
    if (previous) dependsOn.push(previous);
    units.push({ name: layer.layer, layer: layer.layer, dependsOn, timeout: TIMEOUTS[layer.layer] ?? '10m', wave: 0 });
    previous = layer.layer;
  }
  const planned = withWaves(units);
  assertNamespacesExist(env, planned, [namespacesLayer, ...workloadLayers]);
  return planned;
}

/** The layers that make the Secrets a source's pods mount: a Certificate's secretName or an ExternalSecret's target, in the source's namespace. */
function layersMaking(env: Environment, source: UpstreamSource, layers: LayerChart[]): string[] {
  const makers = new Set<string>();
  for (const secret of source.mountsSecrets ?? []) {
    const maker = layers.find((l) => l.node.findAll().some((c) => c instanceof ApiObject && c.metadata.namespace === source.namespace && secretMadeBy(c) === secret));
    if (!maker) {
      throw new Error(`${env.file}: upstream source ${source.name} mounts Secret ${source.namespace}/${secret}, which no layer makes (a cert-manager Certificate or an ExternalSecret): its pods would never start`);
    }
    makers.add(maker.layer);
  }
  return [...makers].sort();
}

/** The Secret an object makes: a cert-manager Certificate's secretName, an ExternalSecret's target (its own name by default). */
function secretMadeBy(o: ApiObject): string | undefined {
  const group = groupOf(o.apiVersion);
  if (group === 'cert-manager.io' && o.kind === 'Certificate') return (o.toJson() as { spec: { secretName: string } }).spec.secretName;
  if (group === 'external-secrets.io' && o.kind === 'ExternalSecret') return (o.toJson() as { spec: { target?: { name?: string } } }).spec.target?.name ?? o.name;
  return undefined;
}

/** Namespaces that exist before any unit is applied (Kubernetes' own, and the sync tool's). */
const PREEXISTING_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'flux-system', 'argocd']);

/** Each namespace a layer writes into is created by the layer itself or by a unit it depends on, directly or not. */
function assertNamespacesExist(env: Environment, units: SyncUnit[], layers: LayerChart[]): void {
  const byName = new Map(units.map((u) => [u.name, u]));
  const created = new Map<string, Set<string>>();
  for (const layer of layers) {
    created.set(layer.layer, new Set(layer.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Namespace').map((c) => c.name)));
  }
  const before = (name: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(name)) return new Set();
    seen.add(name);
    const all = new Set(created.get(name) ?? []);
    for (const d of byName.get(name)?.dependsOn ?? []) for (const n of before(d, seen)) all.add(n);
    return all;
  };
  for (const layer of layers) {
    const available = before(layer.layer);
    for (const c of layer.node.findAll()) {
      if (!(c instanceof ApiObject)) continue;
      const ns = c.metadata.namespace;
      if (ns && !available.has(ns) && !PREEXISTING_NAMESPACES.has(ns)) {
        throw new Error(`${env.file}: layer ${layer.layer} writes ${c.kind} ${ns}/${c.name}, but namespace ${ns} is created neither by that layer nor by a unit it depends on; Flux's dry-run of the whole layer would fail (namespaces "${ns}" not found). Create the namespace in the namespaces layer (charts/sync/namespaces.ts).`);
      }
    }
  }
}

/** Topological depth; throws on a cycle or an unknown dependency. */
function withWaves(units: SyncUnit[]): SyncUnit[] {
  const byName = new Map(units.map((u) => [u.name, u]));
  const depth = new Map<string, number>();
  const visit = (name: string, path: string[]): number => {
    if (path.includes(name)) throw new Error(`sync order has a cycle: ${[...path, name].join(' -> ')}`);
    const known = depth.get(name);
    if (known !== undefined) return known;
    const u = byName.get(name);
    if (!u) throw new Error(`sync unit ${path[path.length - 1]} depends on unknown unit ${name}`);
    const d = u.dependsOn.length === 0 ? 0 : 1 + Math.max(...u.dependsOn.map((x) => visit(x, [...path, name])));
    depth.set(name, d);
    return d;
  };
  // Wave 0 is Argo CD itself (its "argocd" Application); units start at 1.
  return units.map((u) => ({ ...u, wave: 1 + visit(u.name, []) }));
}
