// Custom resources from the big generated bindings without loading them: the
// binding's Props type checks the object at compile time (`import type` costs
// nothing at run time), and `unwrapValues` does what the binding's toJson would
// do for its IntOrString/Quantity wrapper classes ({ value } -> value). A test
// round-trips each such object through the real binding's toJson.
import { ApiObject, type ApiObjectMetadata, type GroupVersionKind } from 'cdk8s';
import type { Construct } from 'constructs';

/** A value for a field the binding types as a wrapper class (IntOrString, Quantity). */
export const wrapped = <T extends string | number>(value: T) => ({ value }) as const;

export function unwrapValues(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapValues);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'value') return (v as { value: unknown }).value;
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, unwrapValues(x)]));
  }
  return v;
}

export function typedCustomResource(scope: Construct, id: string, gvk: GroupVersionKind, props: { metadata: ApiObjectMetadata; spec?: unknown }): ApiObject {
  return new ApiObject(scope, id, { ...gvk, metadata: props.metadata, spec: unwrapValues(props.spec) });
}
