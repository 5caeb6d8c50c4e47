// Every image reference in a rendered object, rewritten to the registry
// mirror when the environment has one: `image` fields at any depth (pod
// templates and custom resources alike), and image references passed as
// values (prometheus-operator's --prometheus-config-reloader=<image>, the
// Grafana CR's `version`). Without a mirror, objects are returned unchanged.
import type { Environment } from '../environment/environment';
import { mirrorImage } from '../environment/sections/mirrors';

/** A fully qualified image of a public registry, optionally after a "--flag=" prefix. */
const PUBLIC_IMAGE_VALUE = /^(--[A-Za-z0-9-]+=)?((?:docker\.io|quay\.io|ghcr\.io|registry\.k8s\.io)\/[^\s:=]+:[^\s=]+)$/;

export function mirrorImages<T>(env: Environment, value: T): T {
  if (!env.mirrors.registry) return value;
  const visit = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => visit(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x, k)]));
    if (typeof v !== 'string') return v;
    if (key === 'image' && /^[a-z0-9]/.test(v) && v.includes(':')) return mirrorImage(env.mirrors, v);
    const m = PUBLIC_IMAGE_VALUE.exec(v);
    return m ? `${m[1] ?? ''}${mirrorImage(env.mirrors, m[2])}` : v;
  };
  return visit(value) as T;
}
