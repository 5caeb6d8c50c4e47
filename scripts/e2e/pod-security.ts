// Every pod template we render (Deployment, StatefulSet, DaemonSet, Job,
// CronJob) is admitted by the real Pod Security admission plugin of its
// namespace: a Pod built from the template is created with a server-side
// dry-run, so the API server's admission chain (PodSecurity, ServiceAccount,
// LimitRanger, ResourceQuota) rules on it exactly as it will on the
// controllers' pods. A warning ("would violate PodSecurity restricted") is
// accepted only for the workloads charts/lib/security.ts lists as exceptions.
import { SECURITY_EXCEPTIONS } from '../../charts/lib/security';
import { ApiError, type Kube, type KubeObject } from './kube';
import type { Finding } from './apply';

export function podTemplateOf(o: KubeObject): any | undefined {
  const spec = o.spec as any;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet'].includes(o.kind)) return spec?.template;
  if (o.kind === 'CronJob') return spec?.jobTemplate?.spec?.template;
  return undefined;
}

/** The exception that covers a workload, if any (by app.kubernetes.io/name and namespace role). */
export function exceptionFor(o: KubeObject, namespaceRoles: Record<string, 'monitoring' | 'mojaloop'>): string | undefined {
  const role = namespaceRoles[o.metadata.namespace ?? ''];
  const name = (podTemplateOf(o)?.metadata?.labels ?? o.metadata.labels ?? {})['app.kubernetes.io/name'];
  return SECURITY_EXCEPTIONS.find((e) => e.workload === name && e.namespace === role)?.workload;
}

export const isPodSecurityWarning = (w: string): boolean => /would violate PodSecurity/.test(w);

export async function admitPodTemplates(kube: Kube, owners: Array<{ object: KubeObject; file: string }>, namespaceRoles: Record<string, 'monitoring' | 'mojaloop'>): Promise<{ admitted: number; findings: Finding[] }> {
  const findings: Finding[] = [];
  let admitted = 0;
  await Promise.all(owners.map(async ({ object: o, file }) => {
    const template = podTemplateOf(o);
    if (!template) return;
    const ns = o.metadata.namespace ?? 'default';
    const name = `${o.metadata.name}-e2e-admission`.slice(0, 63).replace(/-+$/, '');
    // A StatefulSet's controller adds a volume per claim template, as here.
    const claims = ((o.spec as any).volumeClaimTemplates ?? []).map((c: any) => ({ name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name}-${o.metadata.name}-0` } }));
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: ns, labels: template.metadata?.labels, annotations: template.metadata?.annotations },
      spec: { ...template.spec, volumes: [...(template.spec.volumes ?? []), ...claims] },
    };
    const what = `${o.kind} ${ns}/${o.metadata.name}`;
    try {
      const { warnings } = await kube.create(`/api/v1/namespaces/${ns}/pods`, pod, true);
      admitted++;
      for (const w of warnings) {
        if (isPodSecurityWarning(w) && exceptionFor(o, namespaceRoles)) continue;
        findings.push({ file, object: what, message: `pod template admitted with a warning: ${w}` });
      }
    } catch (e) {
      findings.push({ file, object: what, message: `pod template refused by admission (${e instanceof ApiError ? `${e.status} ${e.reason}` : ''}): ${e instanceof Error ? e.message : e}` });
    }
  }));
  return { admitted, findings };
}
