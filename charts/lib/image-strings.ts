// The strings of rendered objects that can name an image, found in one walk
// over the objects for both readers: the README's image table (inventory.ts
// imagesOf: `image` fields under spec) and its air-gap list
// (cluster/air-gap.ts upstreamImagesOf: `image` fields anywhere, and image
// references passed as values). Each walked every string of every object
// itself, and the walks were a tenth of an environment's render.
import type { Manifest } from '../render';

export interface ImageStrings {
  /** Values of `image` fields under the objects' spec that hold a ":". */
  specImages: string[];
  /** Values of `image` fields anywhere that hold a ":". */
  imageFields: string[];
  /** Other strings (not of an `image` field) that hold a "/" and a ":". */
  values: string[];
}

/** One walk per array of objects: the README's readers get the same array. */
const found = new WeakMap<Manifest[], ImageStrings>();

export function imageStrings(manifests: Manifest[]): ImageStrings {
  let strings = found.get(manifests);
  if (strings) return strings;
  strings = { specImages: [], imageFields: [], values: [] };
  const out = strings;
  // A string's key is that of the field holding it; an array's items have none.
  const visit = (v: unknown, inSpec: boolean, key?: string): void => {
    if (typeof v === 'string') {
      if (!v.includes(':')) return;
      if (key === 'image') {
        out.imageFields.push(v);
        if (inSpec) out.specImages.push(v);
      } else if (v.includes('/')) out.values.push(v);
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x, inSpec);
    } else if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) visit((v as Record<string, unknown>)[k], inSpec, k);
    }
  };
  for (const m of manifests) {
    for (const k of Object.keys(m)) visit(m[k], k === 'spec', k);
  }
  found.set(manifests, strings);
  return strings;
}
