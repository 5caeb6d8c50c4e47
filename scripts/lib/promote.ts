// Promotion by merge request: the image versions, and only them, go from one
// environment to the next (seed 001: "four steps, four environments"). What
// the source runs is read from its rendered dist/<from>/ (what Flux applied
// once merged), never from its file alone: a tag written in the source file
// but not rendered and merged has not run there, and is refused.
import { isMap, parseDocument } from 'yaml';
import { IMAGES, type ImageName } from '../../charts/mojaloop/catalog';
import type { Environment } from '../../charts/environment/environment';
import type { Tree } from './dist-tree';

export interface ImagePromotion { image: ImageName; from: string; to: string }
export interface PromotionPlan {
  /** Image tags the target changes to. */
  changes: ImagePromotion[];
  /** Images the target runs and the source does not (a feature off there): left as they are. */
  untouched: Array<{ image: ImageName; tag: string }>;
  /** Reasons to refuse; empty when the plan may be applied. */
  refusals: string[];
  /** The target environment file after the promotion (comments and layout kept). */
  text: string;
}

const IMAGE = /docker\.io\/mojaloop\/([a-z0-9-]+):([A-Za-z0-9_][A-Za-z0-9_.-]*)/g;

/** Tags of the Mojaloop images a rendered environment runs. */
export function runningImages(tree: Tree): Map<ImageName, Set<string>> {
  const out = new Map<ImageName, Set<string>>();
  for (const content of tree.values()) {
    for (const [, image, tag] of content.matchAll(IMAGE)) {
      if (!(image in IMAGES)) continue;
      const set = out.get(image as ImageName) ?? new Set<string>();
      set.add(tag);
      out.set(image as ImageName, set);
    }
  }
  return out;
}

export function planPromotion(p: { source: Environment; sourceRuns: Tree; target: Environment; targetRuns: Tree; targetText: string; only?: string[] }): PromotionPlan {
  const refusals: string[] = [];
  const runs = runningImages(p.sourceRuns);
  const targetRuns = runningImages(p.targetRuns);
  for (const image of p.only ?? []) if (!(image in IMAGES)) refusals.push(`--image ${image}: not a Mojaloop image; expected one of ${Object.keys(IMAGES).join(', ')}`);
  const wanted = (i: ImageName) => !p.only?.length || p.only.includes(i);
  const doc = parseDocument(p.targetText);
  const changes: ImagePromotion[] = [];
  const untouched: PromotionPlan['untouched'] = [];
  for (const image of Object.keys(IMAGES) as ImageName[]) {
    if (!wanted(image)) continue;
    const tags = runs.get(image);
    const current = p.target.mojaloop.images[image];
    if (!tags) {
      if (targetRuns.has(image)) untouched.push({ image, tag: current });
      continue;
    }
    if (tags.size > 1) {
      refusals.push(`${image}: dist/${p.source.name} runs several versions (${[...tags].join(', ')}); promote once ${p.source.name} runs one`);
      continue;
    }
    const [tag] = tags;
    const asked = p.source.mojaloop.images[image];
    if (asked !== tag) {
      refusals.push(`${image} ${asked}: ${p.source.file} asks for it, but dist/${p.source.name} runs ${tag}, so ${p.source.name} never ran ${asked}; synth, merge and deploy ${p.source.name} first (promoting ${tag} instead would undo that change)`);
      continue;
    }
    if (current === tag) continue;
    changes.push({ image, from: current, to: tag });
    // Pinned release tag: no override needed; anything else is an override in mojaloop.images.
    if (tag === IMAGES[image]) doc.deleteIn(['mojaloop', 'images', image]);
    else doc.setIn(['mojaloop', 'images', image], tag);
  }
  // No empty sections left behind.
  const images = doc.getIn(['mojaloop', 'images']);
  if (isMap(images) && images.items.length === 0) doc.deleteIn(['mojaloop', 'images']);
  const mojaloop = doc.getIn(['mojaloop']);
  if (isMap(mojaloop) && mojaloop.items.length === 0) doc.deleteIn(['mojaloop']);
  return { changes, untouched, refusals, text: changes.length ? doc.toString() : p.targetText };
}
