// The sync plan both tools render: which units (upstream sources and our
// layers) exist and which must be ready before which. Derived, not written by
// hand: a layer depends on the upstream sources that provide the custom
// resource kinds it uses, and on the layer before it in the declared order
// (upstream -> operators namespaces -> monitoring-core -> mojaloop).
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
const TIMEOUTS: Record<string, string> = { operators: '2m', 'monitoring-core': '15m', mojaloop: '30m' };

/**
 * @param operatorsLayer our namespaces and glue for the upstream operators
 * @param workloadLayers the other layers, in their declared order
 */
export function syncPlan(env: Environment, operatorsLayer: LayerChart, workloadLayers: LayerChart[]): SyncUnit[] {
  const units: SyncUnit[] = [{ name: operatorsLayer.layer, layer: operatorsLayer.layer, dependsOn: [], timeout: TIMEOUTS.operators, wave: 0 }];
  for (const source of UPSTREAM_SOURCES) {
    units.push({ name: source.name, upstream: source, dependsOn: source.namespace ? [operatorsLayer.layer] : [], timeout: '10m', wave: 0 });
  }
  let previous: string | undefined;
  for (const layer of workloadLayers) {
    const providers = new Set<string>();
    for (const { apiVersion, kind } of customKindsOf(layer)) {
      const p = providerOf(apiVersion, kind);
      if (!p) {
        throw new Error(`${env.file}: layer ${layer.layer} uses ${kind} (${apiVersion}), which no upstream source provides; add it to charts/sync/upstream.ts`);
      }
      providers.add(p.name);
    }
    const dependsOn = [...providers].sort();
    if (previous) dependsOn.push(previous);
    units.push({ name: layer.layer, layer: layer.layer, dependsOn, timeout: TIMEOUTS[layer.layer] ?? '10m', wave: 0 });
    previous = layer.layer;
  }
  return withWaves(units);
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
  // Wave 0 is the sync layer itself; units start at 1.
  return units.map((u) => ({ ...u, wave: 1 + visit(u.name, []) }));
}
