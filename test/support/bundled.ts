// The bundled environments, loaded and rendered once per test worker.
import path from 'node:path';
import { parse } from 'yaml';
import { listEnvironmentFiles, loadEnvironment } from '../../charts/environment/load';
import type { Environment } from '../../charts/environment/environment';
import { renderEnvironment, renderLayers, type Manifest, type RenderedLayer } from '../../charts/render';

export const ENV_NAMES = listEnvironmentFiles().map((f) => path.basename(f, '.yaml'));

const envs = new Map<string, Environment>();
const layers = new Map<string, RenderedLayer[]>();
const files = new Map<string, Map<string, string>>();

export function environment(name: string): Environment {
  if (!envs.has(name)) envs.set(name, loadEnvironment(listEnvironmentFiles().find((f) => path.basename(f, '.yaml') === name)!));
  return envs.get(name)!;
}

/** Rendered objects of an environment, optionally of one layer. */
export function objects(name: string, layer?: string): Manifest[] {
  if (!layers.has(name)) layers.set(name, renderLayers(environment(name)).layers);
  return layers.get(name)!.filter((l) => !layer || l.layer === layer).flatMap((l) => l.objects.map((o) => o.manifest));
}

/** Rendered objects of an environment, by layer. */
export function layerObjects(name: string): Map<string, Manifest[]> {
  objects(name);
  return new Map(layers.get(name)!.map((l) => [l.layer, l.objects.map((o) => o.manifest)]));
}

/** Rendered files (path relative to dist/<env>/ -> content). */
export function renderedFiles(name: string): Map<string, string> {
  if (!files.has(name)) files.set(name, renderEnvironment(environment(name)));
  return files.get(name)!;
}

export const parseYaml = (text: string): unknown => parse(text, { version: '1.1' });

export const byKind = (ms: Manifest[], kind: string): Manifest[] => ms.filter((m) => m.kind === kind);
