// What a dist/ file holds: Kubernetes objects (one or more YAML documents with
// apiVersion, kind and metadata.name) or a plain file (README.md, a layer's
// alertmanager.yaml, Kairos cloud-configs). Shared by diff and validate.
import { parseAllDocuments } from 'yaml';

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
 * The Kubernetes objects of a file, or null when it is a plain file. YAML is
 * read as 1.1, the way the API server's client libraries read it.
 */
export function objectsOf(file: string, content: string): DistObject[] | null {
  if (!isYaml(file) || isKustomization(file)) return null;
  const docs = parseAllDocuments(content, { version: '1.1' });
  const list = Array.isArray(docs) ? docs : [docs];
  const values: unknown[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0) throw new ParseError(`dist/${file}: ${doc.errors[0].message}`);
    const v = doc.toJS({ maxAliasCount: -1 });
    if (v !== null && v !== undefined) values.push(v);
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
