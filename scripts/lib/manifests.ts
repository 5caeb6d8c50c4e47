// What a dist/ file holds: Kubernetes objects (one or more YAML documents with
// apiVersion, kind and metadata.name) or a plain file (README.md, a layer's
// alertmanager.yaml, Kairos cloud-configs). Shared by diff and validate.
import { loadAll } from 'js-yaml';

export interface Located {
  /** Path relative to dist/, e.g. prod/mojaloop/deployment-x.yaml. */
  file: string;
  env: string;
  /** Folder under dist/<env>/; '' for files of the environment itself (README.md). */
  layer: string;
}

export interface DistObject extends Located {
  apiVersion: string;
  /** API group without version; '' for the core group. */
  group: string;
  kind: string;
  namespace: string;
  name: string;
  /** Identity within an environment: group, kind, namespace and name (not the file, not the version). */
  id: string;
  manifest: Record<string, unknown>;
}

export const locate = (file: string): Located => {
  const parts = file.split('/');
  return { file, env: parts[0], layer: parts.length >= 3 ? parts[1] : '' };
};

export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '');

export const objectId = (m: { group: string; kind: string; namespace: string; name: string }): string =>
  `${m.group ? `${m.kind}.${m.group}` : m.kind} ${m.namespace ? `${m.namespace}/` : ''}${m.name}`;

/** A short human name: "Deployment mojaloop/central-ledger-service". */
export const displayName = (o: { kind: string; namespace: string; name: string }): string =>
  `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

const isYaml = (file: string): boolean => /\.ya?ml$/.test(file);
/** kustomize's own file: its resource list follows from the objects, so it is not an object itself. */
export const isKustomization = (file: string): boolean => /(^|\/)kustomization\.ya?ml$/.test(file);

export class ParseError extends Error {}

/**
 * The Kubernetes objects of a file, or null when it is a plain file.
 * Parsed with js-yaml (YAML 1.2 core schema), about 3x faster than `yaml`,
 * which matters for the diff's time budget. That is exact for dist/: the
 * renderer writes YAML 1.1-safe text (charts/render.ts quotes yes/no/on/off,
 * 1:30 and the like), which reads the same under 1.1 and 1.2.
 */
export function objectsOf(file: string, content: string): DistObject[] | null {
  if (!isYaml(file) || isKustomization(file)) return null;
  let values: unknown[];
  try {
    values = loadAll(content).filter((v) => v !== null && v !== undefined);
  } catch (e) {
    throw new ParseError(`dist/${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  const isObject = (v: unknown): v is Record<string, unknown> & { metadata: { name: string; namespace?: string } } =>
    !!v && typeof v === 'object' && typeof (v as { kind?: unknown }).kind === 'string' && typeof (v as { apiVersion?: unknown }).apiVersion === 'string';
  if (values.length === 0 || !values.some(isObject)) return null;
  const where = locate(file);
  return values.map((v, i) => {
    if (!isObject(v) || typeof v.metadata?.name !== 'string') {
      throw new ParseError(`dist/${file}: document ${i + 1} is not a Kubernetes object (apiVersion, kind and metadata.name expected)`);
    }
    const apiVersion = v.apiVersion as string;
    const o = { apiVersion, group: groupOf(apiVersion), kind: v.kind as string, namespace: v.metadata.namespace ?? '', name: v.metadata.name };
    return { ...where, ...o, id: objectId(o), manifest: v };
  });
}
