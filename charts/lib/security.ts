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
export const SECURITY_EXCEPTIONS: SecurityException[] = [
  {
    workload: 'node-exporter',
    namespace: 'monitoring',
    grants: ['hostNetwork', 'hostPID', 'hostPort', 'hostPath'],
    reason: 'Node metrics are the host\'s: its network interfaces (hostNetwork, port 9100 on the node), its processes (hostPID) and its filesystems and md/RAID state (read-only hostPath /, /proc, /sys). Runs as nobody, no capabilities, read-only root filesystem.',
  },
  {
    workload: 'alloy',
    namespace: 'monitoring',
    grants: ['hostPath', 'runAsUser=0'],
    reason: 'The log agent tails the node\'s container logs (read-only hostPath /var/log; the files are root-owned 0640, hence uid 0 without any capability) and keeps its read positions on the node (hostPath /var/lib/alloy) so a restart neither re-sends nor skips lines.',
  },
];

/** Pod Security Admission level a namespace enforces: privileged only where an exception needs it. */
export const podSecurityLevel = (namespace: 'monitoring' | 'mojaloop'): 'restricted' | 'privileged' =>
  SECURITY_EXCEPTIONS.some((e) => e.namespace === namespace) ? 'privileged' : 'restricted';
