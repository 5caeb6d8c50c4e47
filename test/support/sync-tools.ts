// An environment rendered for either sync tool (its file picks one; the other
// is rendered the same way), and the order that tool applies units in, read
// from the rendered sync objects: Flux Kustomizations' dependsOn, Argo CD
// Applications' sync waves.
import { renderLayers, type Manifest } from '../../charts/render';
import { environment, layerObjects } from './bundled';

export const SYNC_FOLDER = { flux: 'flux-system', argocd: 'argocd' } as const;
export type Tool = keyof typeof SYNC_FOLDER;
export const TOOLS: Tool[] = ['flux', 'argocd'];

export interface RenderedForTool { tool: Tool; sync: Manifest[]; layers: Map<string, Manifest[]> }

const renders = new Map<string, RenderedForTool>();

export function renderedFor(name: string, tool: Tool): RenderedForTool {
  const key = `${name}/${tool}`;
  if (!renders.has(key)) {
    const env = environment(name);
    // The environment's own tool: its render in support/bundled.ts.
    const layers = env.sync.tool === tool ? layerObjects(name) : new Map(renderLayers({ ...env, sync: { ...env.sync, tool } }).layers.map((l) => [l.layer, l.objects.map((o) => o.manifest)]));
    renders.set(key, { tool, sync: layers.get(SYNC_FOLDER[tool]) ?? [], layers });
  }
  return renders.get(key)!;
}

/** Does the tool apply `before` ahead of `after`? Flux: before is among after's dependsOn, directly or not; Argo CD: an earlier wave. */
export function orderedBefore(tool: Tool, sync: Manifest[], before: string, after: string): boolean {
  if (tool === 'argocd') {
    const wave = (n: string) => {
      const app = sync.find((a) => a.kind === 'Application' && a.metadata.name === n);
      if (!app) throw new Error(`no Application ${n}`);
      return Number((app.metadata.annotations as Record<string, string>)['argocd.argoproj.io/sync-wave']);
    };
    return wave(before) < wave(after);
  }
  const ks = new Map(sync.filter((k) => k.kind === 'Kustomization' && k.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')).map((k) => [k.metadata.name, k as any]));
  if (!ks.has(before) || !ks.has(after)) throw new Error(`no Kustomization ${ks.has(before) ? after : before}`);
  const seen = new Set<string>();
  const walk = (n: string): void => { for (const d of ks.get(n)?.spec.dependsOn ?? []) if (!seen.has(d.name)) { seen.add(d.name); walk(d.name); } };
  walk(after);
  return seen.has(before);
}
