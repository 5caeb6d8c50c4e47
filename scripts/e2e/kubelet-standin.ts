// What the nodes would do, and nothing more: no container runs here. A pod
// the real scheduler bound to a node is reported Running and Ready (as its
// kubelet would once the containers start); a pod being deleted is removed
// (as its kubelet would once the containers stop); a claim the scheduler
// assigned to a node gets a volume on that node (as K3S's local-path
// provisioner would for rancher.io/local-path). Documented as a stand-in:
// probes, images and start-up are not exercised.
import type { Kube } from './kube';

const LOCAL_PATH = 'rancher.io/local-path';

export class KubeletStandIn {
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(private readonly kube: Kube) {}

  start(intervalMs = 200): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One round; also callable directly to settle faster. */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const pods = (await this.kube.get<any>('/api/v1/pods')).items as any[];
      await Promise.all(pods.map(async (p) => {
        const path = `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`;
        if (p.metadata.deletionTimestamp) {
          await this.kube.request('DELETE', `${path}?gracePeriodSeconds=0`, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, preconditions: { uid: p.metadata.uid } }).catch(() => undefined);
          return;
        }
        if (p.spec.nodeName && !isReady(p)) {
          const now = new Date().toISOString();
          const cond = (type: string) => ({ type, status: 'True', lastTransitionTime: now });
          await this.kube.request('PATCH', `${path}/status`, {
            status: {
              phase: 'Running', startTime: now, podIP: '10.42.0.1', podIPs: [{ ip: '10.42.0.1' }], hostIP: '127.0.0.1',
              conditions: [cond('PodScheduled'), cond('Initialized'), cond('ContainersReady'), cond('Ready')],
            },
          }, 'application/merge-patch+json').catch(() => undefined);
        }
      }));
      await this.provision();
    } catch {
      // The API may be busy; the next round retries.
    } finally {
      this.busy = false;
    }
  }

  private async provision(): Promise<void> {
    const classes = new Map(((await this.kube.get<any>('/apis/storage.k8s.io/v1/storageclasses')).items as any[]).map((c) => [c.metadata.name, c]));
    const claims = (await this.kube.get<any>('/api/v1/persistentvolumeclaims')).items as any[];
    await Promise.all(claims.map(async (c) => {
      const node = c.metadata.annotations?.['volume.kubernetes.io/selected-node'];
      if (c.status?.phase === 'Bound' || c.spec.volumeName || !node) return;
      const sc = classes.get(c.spec.storageClassName);
      if (sc?.provisioner !== LOCAL_PATH) return;
      const name = `pvc-${c.metadata.uid}`;
      await this.kube.create('/api/v1/persistentvolumes', {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': LOCAL_PATH, 'local.path.provisioner/selected-node': node } },
        spec: {
          capacity: { storage: c.spec.resources.requests.storage },
          accessModes: c.spec.accessModes,
          persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
          storageClassName: c.spec.storageClassName,
          hostPath: { path: `/var/lib/rancher/k3s/storage/${name}_${c.metadata.namespace}_${c.metadata.name}`, type: 'DirectoryOrCreate' },
          nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
          claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: c.metadata.namespace, name: c.metadata.name, uid: c.metadata.uid },
        },
      }).catch(() => undefined);
    }));
  }
}

export const isReady = (p: any): boolean => Boolean(p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'));
