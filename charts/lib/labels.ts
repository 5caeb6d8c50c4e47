// Standard labels. Selector labels are a stable subset: Deployment and
// StatefulSet selectors are immutable, so nothing that changes (version,
// environment) may ever be part of them.
import type { Environment } from '../environment/environment';

export const MANAGED_BY = 'cdk8s';
export const ENVIRONMENT_LABEL = 'environment';

export interface AppIdentity {
  /** app.kubernetes.io/name: what it is (e.g. prometheus, centralledger-service). */
  name: string;
  /** app.kubernetes.io/instance: this installation of it; defaults to name. */
  instance?: string;
  component?: string;
  partOf: string;
  version?: string;
}

export const selectorLabels = (id: AppIdentity): Record<string, string> => ({
  'app.kubernetes.io/name': id.name,
  'app.kubernetes.io/instance': id.instance ?? id.name,
});

export const standardLabels = (env: Environment, id: AppIdentity): Record<string, string> => ({
  ...selectorLabels(id),
  ...(id.component ? { 'app.kubernetes.io/component': id.component } : {}),
  'app.kubernetes.io/part-of': id.partOf,
  ...(id.version ? { 'app.kubernetes.io/version': labelValue(id.version) } : {}),
  'app.kubernetes.io/managed-by': MANAGED_BY,
  [ENVIRONMENT_LABEL]: env.name,
});

/** Label values allow [A-Za-z0-9_.-], at most 63 characters ("v1.2.3+k3s1" -> "v1.2.3-k3s1"). */
export const labelValue = (v: string): string => v.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 63);
