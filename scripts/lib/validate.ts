// Validates every object of dist/ against its schema: Kubernetes kinds with the
// ajv validators of kubernetes-models, custom resources with the JSON Schemas
// generated from the pinned CRDs into imports/schemas/ (npm run import),
// interpreted by structural-validator.ts. A
// kind with no schema is an error. Each error names the file, the object and
// the field path. Also checks that each layer's kustomization.yaml lists
// exactly the object files beside it, since Flux applies only what it lists.
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { readWorkTree, type Tree } from './dist-tree';
import { displayName, isKustomization, objectsOf, ParseError, type DistObject } from './manifests';
import { validate as validateStructural, type Schema } from './structural-validator';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCHEMA_DIR = path.join(ROOT, 'imports', 'schemas');

export interface ValidationIssue {
  /** Path relative to the repository, e.g. dist/prod/mojaloop/deployment-x.yaml. */
  file: string;
  /** "Deployment mojaloop/x", or '' for a file-level problem. */
  object: string;
  /** Field path in the object, e.g. spec.template.spec.containers[0].image; '' for the whole object. */
  path: string;
  message: string;
}

export const formatIssue = (i: ValidationIssue): string =>
  `${i.file}: ${[i.object, i.path, i.message].filter(Boolean).join(': ')}`;

type Check = (value: unknown) => ErrorObject[];

const checks = new Map<string, Promise<Check | null>>();

/** The core (kubernetes-models) model class of an apiVersion + kind, or null. */
async function coreCheck(group: string, version: string, kind: string): Promise<Check | null> {
  const file = path.join(ROOT, 'node_modules', 'kubernetes-models', group || '', version, `${kind}.mjs`);
  if (!fs.existsSync(file)) return null;
  const mod = (await import(file)) as Record<string, new (d: unknown) => { validate(): void }>;
  const Model = mod[kind];
  if (!Model) return null;
  return (value) => {
    try {
      new Model(value).validate();
      return [];
    } catch (e) {
      const errors = (e as { errors?: ErrorObject[] }).errors;
      if (!errors) throw e;
      return errors;
    }
  };
}

/** Metadata of custom resources, with the same ObjectMeta schema as core kinds. */
let objectMeta: Promise<Check> | undefined;
const metadataCheck = (): Promise<Check> => (objectMeta ??= (async () => {
  const mod = await import(path.join(ROOT, 'node_modules', '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta.mjs'));
  return (value: unknown) => {
    try {
      new mod.ObjectMeta(value).validate();
      return [];
    } catch (e) {
      return ((e as { errors?: ErrorObject[] }).errors ?? []).map((err) => ({ ...err, instancePath: `/metadata${err.instancePath}` }));
    }
  };
})());

async function crdCheck(group: string, version: string, kind: string): Promise<Check | null> {
  const file = path.join(SCHEMA_DIR, group, `${kind.toLowerCase()}-${version}.json`);
  if (!fs.existsSync(file)) return null;
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Schema;
  const meta = await metadataCheck();
  return (value) => {
    const errors = validateStructural(schema, value);
    const m = (value as { metadata?: unknown }).metadata;
    return m && typeof m === 'object' ? [...errors, ...meta(m)] : errors;
  };
}

export function checkFor(apiVersion: string, kind: string): Promise<Check | null> {
  const key = `${apiVersion} ${kind}`;
  if (!checks.has(key)) {
    const slash = apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    // Core groups have no dot (apps, batch, policy) or end in .k8s.io; the rest are CRDs,
    // and so are the .k8s.io groups served by a CRD (gateway.networking.k8s.io).
    const core = (!group.includes('.') || group.endsWith('.k8s.io')) && !(group && fs.existsSync(path.join(SCHEMA_DIR, group)));
    checks.set(key, core ? coreCheck(group, version, kind) : crdCheck(group, version, kind));
  }
  return checks.get(key)!;
}

/** ajv's instancePath (/spec/containers/0/image) as a field path (spec.containers[0].image). */
export function fieldPath(pointer: string): string {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? (acc ? `${acc}.${s}` : s) : `${acc}[${JSON.stringify(s)}]`), '');
}

const join = (p: string, k: string) => fieldPath(`${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);

/**
 * ajv errors as one message per field. An int-or-string or anyOf failure
 * yields several raw errors for one value; they become one line.
 */
export function summarise(errors: ErrorObject[]): Array<{ path: string; message: string }> {
  const byPath = new Map<string, string[]>();
  const add = (p: string, m: string) => {
    const list = byPath.get(p) ?? [];
    if (!list.includes(m)) list.push(m);
    byPath.set(p, list);
  };
  const types = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'additionalProperties') add(join(e.instancePath, e.params.additionalProperty), 'unknown field');
    else if (e.keyword === 'required') add(join(e.instancePath, e.params.missingProperty), 'required field missing');
    else if (e.keyword === 'type') types.set(e.instancePath, [...(types.get(e.instancePath) ?? []), String(e.params.type)]);
    else if (e.keyword === 'enum') add(fieldPath(e.instancePath), `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
    else if (e.keyword === 'const') add(fieldPath(e.instancePath), `must be ${JSON.stringify(e.params.allowedValue)}`);
    else if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      if (!types.has(e.instancePath)) add(fieldPath(e.instancePath), e.message ?? e.keyword);
    } else add(fieldPath(e.instancePath), e.message ?? e.keyword);
  }
  for (const [p, ts] of types) add(fieldPath(p), `must be ${[...new Set(ts)].join(' or ')}`);
  // anyOf messages at a path that also has a type message are noise.
  return [...byPath].flatMap(([p, ms]) => ms.filter((m) => !(ms.length > 1 && /must match .* schema in (anyOf|oneOf)/.test(m))).map((message) => ({ path: p, message })));
}

export async function validateObject(o: DistObject, distPrefix = 'dist'): Promise<ValidationIssue[]> {
  const file = `${distPrefix}/${o.file}`;
  const object = displayName(o);
  const check = await checkFor(o.apiVersion, o.kind);
  if (!check) {
    return [{
      file, object, path: '',
      message: `no schema for ${o.apiVersion} ${o.kind}: not a Kubernetes kind of kubernetes-models and no CRD schema in imports/schemas/ (pin its CRD in cdk8s.yaml and run npm run import)`,
    }];
  }
  return summarise(check(o.manifest)).map((s) => ({ file, object, ...s }));
}

/** A layer's kustomization.yaml must list exactly the object files beside it, and its generators' files must exist. */
function checkKustomizations(tree: Tree, objectFiles: Set<string>, distPrefix: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const listed = new Set<string>();
  for (const [file, content] of tree) {
    if (!isKustomization(file)) continue;
    const dir = path.posix.dirname(file);
    const k = (parse(content) ?? {}) as { resources?: string[]; secretGenerator?: Array<{ files?: string[] }>; configMapGenerator?: Array<{ files?: string[] }> };
    for (const r of k.resources ?? []) {
      const target = path.posix.join(dir, r);
      listed.add(target);
      if (!tree.has(target) && ![...tree.keys()].some((f) => f.startsWith(`${target}/`))) {
        issues.push({ file: `${distPrefix}/${file}`, object: '', path: 'resources', message: `lists ${r}, which does not exist` });
      }
    }
    for (const g of [...(k.secretGenerator ?? []), ...(k.configMapGenerator ?? [])]) {
      for (const f of g.files ?? []) {
        const source = f.includes('=') ? f.slice(f.indexOf('=') + 1) : f;
        if (!tree.has(path.posix.join(dir, source))) issues.push({ file: `${distPrefix}/${file}`, object: '', path: 'generator files', message: `${source} does not exist` });
      }
    }
  }
  for (const f of objectFiles) {
    const dir = path.posix.dirname(f);
    if (tree.has(`${dir}/kustomization.yaml`) && !listed.has(f)) {
      issues.push({ file: `${distPrefix}/${f}`, object: '', path: '', message: `not listed in ${dir}/kustomization.yaml: the sync tool would not apply it` });
    }
  }
  return issues;
}

export interface ValidationReport { objects: number; kinds: string[]; issues: ValidationIssue[]; ms: number }

/** Validates a dist/ folder (default: the repository's). */
export async function validateDist(dist = path.join(ROOT, 'dist'), opts: { tree?: Tree; prefix?: string } = {}): Promise<ValidationReport> {
  const started = performance.now();
  const tree = opts.tree ?? readWorkTree(dist);
  const prefix = opts.prefix ?? (path.relative(process.cwd(), dist).split(path.sep).join('/') || '.');
  const issues: ValidationIssue[] = [];
  const objects: DistObject[] = [];
  const objectFiles = new Set<string>();
  for (const [file, content] of tree) {
    try {
      const objs = objectsOf(file, content);
      if (objs) {
        objects.push(...objs);
        objectFiles.add(file);
      }
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      issues.push({ file: `${prefix}/${file}`, object: '', path: '', message: e.message.replace(/^dist\/[^:]*: /, '') });
    }
  }
  for (const o of objects) issues.push(...(await validateObject(o, prefix)));
  issues.push(...checkKustomizations(tree, objectFiles, prefix));
  const kinds = [...new Set(objects.map((o) => `${o.apiVersion} ${o.kind}`))].sort();
  return { objects: objects.length, kinds, issues, ms: Math.round(performance.now() - started) };
}
