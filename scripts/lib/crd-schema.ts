// CustomResourceDefinition -> JSON Schema (draft-07, for ajv), one per served
// version. The API server's structural-schema rules are mapped as follows:
// - x-kubernetes-int-or-string      -> anyOf integer | string
// - nullable                        -> the type also admits null
// - x-kubernetes-preserve-unknown-fields, x-kubernetes-embedded-resource
//                                   -> unknown fields allowed there
// - any other object with properties -> unknown fields are an error, as with
//   `kubectl apply --validate=strict` (the API server would silently drop them)
// - x-kubernetes-validations (CEL) and list-type/map-keys: not evaluated (dropped)
// - descriptions, defaults and examples dropped: they do not validate anything.
// `status` is removed: rendered objects must not carry one.

export interface CrdVersionSchema {
  group: string;
  kind: string;
  version: string;
  schema: Record<string, unknown>;
}

type S = Record<string, unknown>;

/** Formats the validator knows; others are dropped rather than guessed. */
export const KNOWN_FORMATS = new Set(['int32', 'int64', 'byte', 'date-time', 'duration']);

const KEEP = new Set([
  'type', 'properties', 'items', 'additionalProperties', 'required', 'enum', 'pattern',
  'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems',
  'minProperties', 'maxProperties', 'multipleOf', 'anyOf', 'oneOf', 'allOf', 'not', 'format',
]);

export function toJsonSchema(node: S): S {
  const out: S = {};
  for (const [k, v] of Object.entries(node)) {
    if (!KEEP.has(k)) continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Record<string, S>).map(([p, s]) => [p, toJsonSchema(s)]));
    else if (k === 'items' || k === 'not' || (k === 'additionalProperties' && typeof v === 'object')) out[k] = toJsonSchema(v as S);
    else if (k === 'anyOf' || k === 'oneOf' || k === 'allOf') out[k] = (v as S[]).map(toJsonSchema);
    else if (k === 'format') {
      if (KNOWN_FORMATS.has(v as string)) out.format = v;
    } else out[k] = v;
  }
  // OpenAPI v3.0 booleans -> JSON Schema numbers.
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') { out.exclusiveMinimum = node.minimum; delete out.minimum; }
  if (node.exclusiveMaximum === true && typeof node.maximum === 'number') { out.exclusiveMaximum = node.maximum; delete out.maximum; }
  if (node['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }, ...(node.nullable ? [{ type: 'null' }] : [])];
  } else if (node.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
  }
  const open = node['x-kubernetes-preserve-unknown-fields'] === true || node['x-kubernetes-embedded-resource'] === true;
  if (node.type === 'object' && node.properties && node.additionalProperties === undefined && !open) out.additionalProperties = false;
  return out;
}

interface Crd {
  kind?: string;
  spec?: {
    group: string;
    names: { kind: string };
    versions: Array<{ name: string; served?: boolean; schema?: { openAPIV3Schema?: S } }>;
  };
}

export function crdSchemas(crd: Crd): CrdVersionSchema[] {
  if (crd.kind !== 'CustomResourceDefinition' || !crd.spec) return [];
  const { group, names } = crd.spec;
  return crd.spec.versions
    .filter((v) => v.served !== false && v.schema?.openAPIV3Schema)
    .map((v) => {
      const root = structuredClone(v.schema!.openAPIV3Schema!) as S & { properties?: Record<string, S> };
      delete root.properties?.status;
      const schema = toJsonSchema(root);
      const props = (schema.properties ??= {}) as Record<string, S>;
      // The root's type fields are implicit in a CRD; make them exact here.
      props.apiVersion = { const: `${group}/${v.name}` };
      props.kind = { const: names.kind };
      props.metadata = { type: 'object' };
      schema.type = 'object';
      schema.required = [...new Set(['apiVersion', 'kind', 'metadata', ...((schema.required as string[] | undefined) ?? [])])];
      if (root['x-kubernetes-preserve-unknown-fields'] !== true) schema.additionalProperties = false;
      return {
        group, kind: names.kind, version: v.name,
        schema: { $schema: 'http://json-schema.org/draft-07/schema#', $id: `${group}/${v.name}/${names.kind}`, ...schema },
      };
    });
}
