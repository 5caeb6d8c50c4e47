// A direct interpreter for the JSON Schemas of imports/schemas/ (the subset a
// Kubernetes structural schema can express: see crd-schema.ts). Why not ajv:
// ajv compiles a schema to code first, which takes 2.8 s for the Percona
// MongoDB CRD alone and ~10 s for the CRDs a full dist/ uses; interpreting
// costs nothing up front and is fast enough for a few hundred objects. The API
// server validates custom resources the same way (by walking the schema).
// Errors use ajv's ErrorObject shape, so one formatter serves both validators.
import type { ErrorObject } from 'ajv';

export type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number; multipleOf?: number;
  minLength?: number; maxLength?: number;
  minItems?: number; maxItems?: number; uniqueItems?: boolean;
  minProperties?: number; maxProperties?: number;
  anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; not?: Schema;
};

const patterns = new Map<string, RegExp>();

/**
 * CRD patterns are Go (RE2) regular expressions; JavaScript lacks RE2's
 * leading inline flags `(?i)` and its `(?P<name>` groups. Translate those.
 */
export function goRegExp(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    let pattern = source.replace(/\(\?P</g, '(?<');
    const inline = /^(\^?)\(\?([ims]+)\)/.exec(pattern);
    if (inline) pattern = inline[1] + pattern.slice(inline[0].length);
    re = new RegExp(pattern, `u${inline?.[2] ?? ''}`);
    patterns.set(source, re);
  }
  return re;
}

const FORMATS: Record<string, (v: unknown) => boolean> = {
  int32: (v) => typeof v !== 'number' || (Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31),
  int64: (v) => typeof v !== 'number' || Number.isSafeInteger(v),
  byte: (v) => typeof v !== 'string' || /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v),
  'date-time': (v) => typeof v !== 'string' || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i.test(v),
  // Go's time.ParseDuration, as Kubernetes uses it.
  duration: (v) => typeof v !== 'string' || /^[-+]?(?:\d+(?:\.\d*)?(?:ns|us|µs|ms|s|m|h))+$|^0$/.test(v),
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const matchesType = (t: string, actual: string) => t === actual || (t === 'number' && actual === 'integer');

const equal = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

export function validate(schema: Schema, value: unknown, path = '', errors: ErrorObject[] = []): ErrorObject[] {
  const err = (keyword: string, params: Record<string, unknown>, message: string) =>
    errors.push({ instancePath: path, schemaPath: '', keyword, params, message });
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = typeOf(value);
    if (!types.some((t) => matchesType(t, actual))) {
      err('type', { type: types.join(',') }, `must be ${types.join(',')}`);
      return errors;
    }
  }
  if (schema.const !== undefined && !equal(schema.const, value)) err('const', { allowedValue: schema.const }, 'must be equal to constant');
  if (schema.enum && !schema.enum.some((e) => equal(e, value))) err('enum', { allowedValues: schema.enum }, 'must be equal to one of the allowed values');

  if (typeof value === 'string') {
    if (schema.pattern !== undefined && !goRegExp(schema.pattern).test(value)) err('pattern', { pattern: schema.pattern }, `must match pattern "${schema.pattern}"`);
    if (schema.minLength !== undefined && [...value].length < schema.minLength) err('minLength', { limit: schema.minLength }, `must NOT have fewer than ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) err('maxLength', { limit: schema.maxLength }, `must NOT have more than ${schema.maxLength} characters`);
  }
  if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format](value)) err('format', { format: schema.format }, `must match format "${schema.format}"`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) err('minimum', { limit: schema.minimum }, `must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) err('maximum', { limit: schema.maximum }, `must be <= ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) err('exclusiveMinimum', { limit: schema.exclusiveMinimum }, `must be > ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) err('exclusiveMaximum', { limit: schema.exclusiveMaximum }, `must be < ${schema.exclusiveMaximum}`);
    if (schema.multipleOf !== undefined && !Number.isInteger(value / schema.multipleOf)) err('multipleOf', { multipleOf: schema.multipleOf }, `must be multiple of ${schema.multipleOf}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) err('minItems', { limit: schema.minItems }, `must NOT have fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) err('maxItems', { limit: schema.maxItems }, `must NOT have more than ${schema.maxItems} items`);
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) err('uniqueItems', {}, 'must NOT have duplicate items');
    if (schema.items) value.forEach((v, i) => validate(schema.items!, v, `${path}/${i}`, errors));
  } else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    for (const r of schema.required ?? []) if (obj[r] === undefined) err('required', { missingProperty: r }, `must have required property '${r}'`);
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) err('minProperties', { limit: schema.minProperties }, `must NOT have fewer than ${schema.minProperties} properties`);
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) err('maxProperties', { limit: schema.maxProperties }, `must NOT have more than ${schema.maxProperties} properties`);
    for (const k of keys) {
      const sub = schema.properties?.[k];
      if (sub) validate(sub, obj[k], `${path}/${escape(k)}`, errors);
      else if (schema.additionalProperties === false) err('additionalProperties', { additionalProperty: k }, 'must NOT have additional properties');
      else if (typeof schema.additionalProperties === 'object') validate(schema.additionalProperties, obj[k], `${path}/${escape(k)}`, errors);
    }
  }
  if (schema.allOf) for (const s of schema.allOf) validate(s, value, path, errors);
  if (schema.anyOf) {
    const branches = schema.anyOf.map((s) => validate(s, value, path, []));
    if (!branches.some((b) => b.length === 0)) {
      errors.push(...branches.flat().filter((e) => e.keyword === 'type'));
      err('anyOf', {}, 'must match a schema in anyOf');
    }
  }
  if (schema.oneOf) {
    const passing = schema.oneOf.filter((s) => validate(s, value, path, []).length === 0).length;
    if (passing !== 1) err('oneOf', { passingSchemas: passing }, 'must match exactly one schema in oneOf');
  }
  if (schema.not && validate(schema.not, value, path, []).length === 0) err('not', {}, 'must NOT be valid');
  return errors;
}
