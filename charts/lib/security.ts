// Security defaults: the Pod Security Standard "restricted" profile for every
// pod and container. Exceptions are not made here ad hoc: they are declared in
// SECURITY_EXCEPTIONS, with the reason, and tests hold every pod to this list.
import { k8s } from 'cdk8s-plus-27';

/** UID/GID used when an image's own user is a name, not a number (the kubelet can only verify numeric users). */
export const DEFAULT_UID = 65532;

export const restrictedPodSecurityContext = (uid = DEFAULT_UID, fsGroup = uid): k8s.PodSecurityContext => ({
  runAsNonRoot: true,
  runAsUser: uid,
  runAsGroup: uid,
  fsGroup,
  fsGroupChangePolicy: 'OnRootMismatch',
  seccompProfile: { type: 'RuntimeDefault' },
});

export const restrictedContainerSecurityContext = (opts: { readOnlyRootFilesystem?: boolean } = {}): k8s.SecurityContext => ({
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: opts.readOnlyRootFilesystem ?? true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
});

export interface SecurityException {
  /** Workload name (app.kubernetes.io/name). */
  workload: string;
  namespace: 'monitoring' | 'mojaloop';
  /** What deviates from "restricted". */
  grants: string[];
  reason: string;
}

/** The only workloads allowed to deviate from "restricted"; tests enforce it. */
export const SECURITY_EXCEPTIONS: SecurityException[] = [];

/** Pod Security Admission level a namespace enforces: privileged only where an exception needs it. */
export const podSecurityLevel = (namespace: 'monitoring' | 'mojaloop'): 'restricted' | 'privileged' =>
  SECURITY_EXCEPTIONS.some((e) => e.namespace === namespace) ? 'privileged' : 'restricted';
