// charts/lib/image-strings.ts: the README's image table and air-gap list,
// read from one walk, are what a walk of their own finds: on every object the
// bundled environments render and on objects with images where only one of
// them looks (outside spec, in lists, in values).
import { describe, expect, it } from 'vitest';
import { upstreamImagesOf } from '../charts/cluster/air-gap';
import { imagesOf } from '../charts/inventory';
import type { Manifest } from '../charts/render';
import { qualifyImage } from '../charts/environment/sections/mirrors';
import { ENV_NAMES, environment, objects } from './support/bundled';

// The definitions, as each reader's own walk.
function ownImagesOf(manifests: Manifest[]): string[] {
  const images = new Set<string>();
  const visit = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) v.forEach((x) => visit(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
    else if (key === 'image' && typeof v === 'string' && v.includes(':')) images.add(v);
  };
  manifests.forEach((m) => visit((m as { spec?: unknown }).spec));
  return [...images].sort();
}
function ownUpstreamImagesOf(prefix: string, manifests: Manifest[]): string[] {
  const out = new Set<string>();
  const add = (image: string) => out.add(qualifyImage(prefix && image.startsWith(prefix) ? image.slice(prefix.length) : image));
  const visit = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) v.forEach((x) => visit(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
    else if (typeof v === 'string') {
      if (key === 'image' && /^[a-z0-9]/.test(v) && v.includes(':')) add(v);
      const m = /^(?:--[A-Za-z0-9-]+=)?(\S+\/\S+:\S+)$/.exec(v);
      if (m && key !== 'image' && /^(docker\.io|quay\.io|ghcr\.io|registry\.k8s\.io)\//.test(m[1].slice(prefix.length))) add(m[1]);
    }
  };
  manifests.forEach((m) => visit(m));
  return [...out].sort();
}

const odd = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', annotations: { image: 'quay.io/x/ann:1' } }, image: 'docker.io/top/level:2', spec: { image: ['docker.io/in/list:3'], containers: [{ image: 'registry.k8s.io/pause:3.9', args: ['--reloader=quay.io/p/r:v1', '--x=1'] }] } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { image: 'UPPER/case:1', v: 'ghcr.io/o/r:2', w: 'not an image: x/y' }, spec: 'docker.io/spec/string:1' },
] as unknown as Manifest[];

describe('image strings', () => {
  it.each(ENV_NAMES)('%s: the image table and the air-gap list as their own walks find them', (name) => {
    const env = environment(name);
    const ms = objects(name);
    expect(imagesOf(ms)).toEqual(ownImagesOf(ms));
    expect(upstreamImagesOf(env, ms)).toEqual(ownUpstreamImagesOf(env.mirrors.registry ? `${env.mirrors.registry}/` : '', ms));
    expect(imagesOf(ms).length).toBeGreaterThan(10);
  });

  it('images outside spec, in lists and in values', () => {
    const env = environment(ENV_NAMES[0]);
    expect(imagesOf(odd)).toEqual(ownImagesOf(odd));
    expect(upstreamImagesOf(env, odd)).toEqual(ownUpstreamImagesOf(env.mirrors.registry ? `${env.mirrors.registry}/` : '', odd));
    // Each reader sees what the other does not: the comparison above would see a mix-up.
    expect(imagesOf(odd)).not.toContain('docker.io/top/level:2');
    expect(upstreamImagesOf(env, odd)).toContain(qualifyImage('docker.io/top/level:2'));
  });
});
