// Objects that hold data (namespaces, PVCs, store custom resources) must never
// be deleted by the sync tool's garbage collection, whichever tool syncs.
import type { ApiObject } from 'cdk8s';

export const FLUX_PRUNE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/prune';
export const ARGO_SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

export function protectFromPrune<T extends ApiObject>(obj: T): T {
  obj.metadata.addAnnotation(FLUX_PRUNE_ANNOTATION, 'disabled');
  obj.metadata.addAnnotation(ARGO_SYNC_OPTIONS_ANNOTATION, 'Prune=false');
  return obj;
}

export const isPruneProtected = (manifest: { metadata?: { annotations?: Record<string, string> } }): boolean =>
  manifest.metadata?.annotations?.[FLUX_PRUNE_ANNOTATION] === 'disabled' &&
  (manifest.metadata?.annotations?.[ARGO_SYNC_OPTIONS_ANNOTATION] ?? '').includes('Prune=false');
