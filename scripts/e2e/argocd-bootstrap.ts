// Argo CD's bootstrap where it touches the API server, as dist/<env>/README.md
// ("Sync") gives it: the install's argocd-cm (the pinned release's
// manifests/base/config/argocd-cm.yaml, which the install applies), then the
// README's `kubectl -n argocd patch configmap argocd-cm --patch-file <file>`:
// a strategic-merge patch, which kubectl sends as is and the API server
// merges. The result must carry every key of the rendered file and keep the
// install's own keys (charts/sync/argocd-health.ts).
import fs from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import type { Finding } from './apply';
import type { Kube, KubeObject } from './kube';

/** The README's argocd-cm patch command: namespace, ConfigMap, and the patch file relative to dist/<env>/. */
export function argoCmPatchCommand(readme: string): { namespace: string; name: string; file: string } | undefined {
  const m = /^kubectl -n (\S+) patch configmap (\S+) --patch-file dist\/[^/\s]+\/(\S+)/m.exec(readme);
  return m ? { namespace: m[1], name: m[2], file: m[3] } : undefined;
}

export async function argoBootstrapConfig(kube: Kube, distEnv: string, argoCheckout: string): Promise<Finding[]> {
  const readmeFile = path.join(distEnv, 'README.md');
  const cmd = argoCmPatchCommand(fs.readFileSync(readmeFile, 'utf8'));
  if (!cmd) return [{ file: readmeFile, object: 'ConfigMap argocd/argocd-cm', message: 'the Sync section patches no argocd-cm: sync waves would not wait for Application health' }];
  const installed = yaml.load(fs.readFileSync(path.join(argoCheckout, 'manifests/base/config/argocd-cm.yaml'), 'utf8')) as KubeObject;
  await kube.apply({ ...installed, metadata: { ...installed.metadata, namespace: cmd.namespace } }, { fieldManager: 'kubectl' });
  const patchFile = path.join(distEnv, cmd.file);
  const patch = yaml.load(fs.readFileSync(patchFile, 'utf8')) as { data?: Record<string, string> };
  const object = `ConfigMap ${cmd.namespace}/${cmd.name}`;
  try {
    await kube.request('PATCH', `/api/v1/namespaces/${cmd.namespace}/configmaps/${cmd.name}`, patch, 'application/strategic-merge-patch+json');
  } catch (e) {
    return [{ file: patchFile, object, message: `the API server refused the README's patch: ${(e as Error).message}` }];
  }
  const data = ((await kube.get<KubeObject>(`/api/v1/namespaces/${cmd.namespace}/configmaps/${cmd.name}`)) as any).data ?? {};
  const findings: Finding[] = [];
  for (const [k, v] of Object.entries(patch.data ?? {})) if (data[k] !== v) findings.push({ file: patchFile, object, message: `after the patch, ${k} is not the rendered value` });
  for (const k of Object.keys((installed as any).data ?? {})) if (!(k in data)) findings.push({ file: patchFile, object, message: `the patch removed the install's ${k}` });
  if (!Object.keys(patch.data ?? {}).length) findings.push({ file: patchFile, object, message: 'the patch sets no key' });
  return findings;
}
