// Placeholder until the stand-ins land (see the standins branch).
import type { KubeObject } from './kube';
export interface StandIn { cr: string; statefulSet: KubeObject; pdb?: KubeObject; quorum: boolean }
export function standInsFor(_cr: any): StandIn[] {
  return [];
}
