// Our replacements of the K3S add-ons every server disables (k3s-addons.ts
// REPLACED_ADDONS): each a file of K3S's auto-deploy folder and its objects.
// Kairos writes the files on every server (node-stages.ts); the capacity
// check counts their pods beside ours (charts/render.ts).
import type { Environment } from '../environment/environment';
import { COREDNS_MANIFEST, corednsObjects } from './coredns';
import { LOCAL_PATH_MANIFEST, localPathObjects } from './local-path';

export interface AutoDeployedAddon { path: string; objects: Array<Record<string, any>> }

export const replacementAddons = (env: Environment): AutoDeployedAddon[] => [
  { path: COREDNS_MANIFEST, objects: corednsObjects(env) },
  { path: LOCAL_PATH_MANIFEST, objects: localPathObjects(env) },
];
