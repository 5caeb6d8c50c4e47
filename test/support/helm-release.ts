// helm template of a Helm-chart source (scripts/e2e/helm.ts renderRelease),
// once per release and values in a test worker: the sync-order and placement
// tests give the same chart the same values many times (one environment
// under Flux and Argo CD, prod in several files): 11 distinct renders of ~40.
// Each caller gets its own copy of the objects.
import { renderRelease, type RenderedRelease } from '../../scripts/e2e/helm';
import type { KubeObject } from '../../scripts/e2e/kube';

const rendered = new Map<string, KubeObject[]>();

/** renderRelease(helm, r, []).objects (r.file, the file that declares the release, only names it in messages). */
export function releaseObjects(helm: string, r: RenderedRelease): KubeObject[] {
  const key = JSON.stringify([helm, r.chart, r.version, r.releaseName, r.namespace, r.values]);
  if (!rendered.has(key)) rendered.set(key, renderRelease(helm, r, []).objects);
  return structuredClone(rendered.get(key)!);
}
