// The files a rendered Kairos cloud-config writes into K3S's auto-deploy
// folder (charts/cluster/node-stages.ts): what K3S applies by itself on that
// server. Read from dist/<env>/kairos/ by e2e (scripts/e2e/auto-deploy.ts),
// `npm run where` and test/cluster-placement.test.ts.
import { load } from 'js-yaml';
import { K3S_MANIFESTS_DIR } from '../../charts/cluster/k3s-addons';

export interface AutoDeployFile { path: string; content: string }

interface CloudConfig { k3s?: { enabled?: boolean }; stages?: { initramfs?: Array<{ files?: AutoDeployFile[] }> } }

/** A node's files in the folder, from its cloud-config's text; undefined for a node that runs no K3S server (K3S reads the folder on servers only). */
export function autoDeployFilesOf(cloudConfig: string): AutoDeployFile[] | undefined {
  const config = load(cloudConfig) as CloudConfig | null;
  if (!config?.k3s?.enabled) return undefined;
  return (config.stages?.initramfs ?? []).flatMap((s) => s.files ?? [])
    .filter((f) => f.path.startsWith(`${K3S_MANIFESTS_DIR}/`))
    .map((f) => ({ path: f.path, content: f.content }));
}
