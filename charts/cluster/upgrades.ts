// Node lifecycle: upgrading Kairos (and the K3S it ships) node by node with
// the Kairos operator's NodeOpUpgrade (kairos.io/docs Operator >
// NodeOpUpgrade; the system-upgrade-controller route is deprecated upstream).
// One NodeOpUpgrade per pool group, concurrency 1, stop on the first failure;
// the operator cordons and drains each node before the upgrade Job and
// reboots it after. The files are applied one at a time, control plane first
// (the runbook loop waits for each to reach phase Completed), so at most one
// node of the whole cluster is down at any moment: never two members of any
// quorum (etcd, Kafka, the stores), whose replicas are one per node of one
// group (charts/lib/placement.ts).
import type { Environment } from '../environment/environment';
import { mirrorImage, mirrorSource } from '../environment/sections/mirrors';
import { poolLabelKey } from '../environment/node-pools';
import { toYaml } from '../lib/yaml';

/** Kairos operator release (github.com/kairos-io/kairos-operator); its NodeOpUpgrade CRD is pinned in cdk8s.yaml. */
export const KAIROS_OPERATOR_VERSION = 'v0.1.3';
export const KAIROS_OPERATOR_REPO = 'https://github.com/kairos-io/kairos-operator';
/** The operator's controller image at that release (config/manager/kustomization.yaml). */
export const KAIROS_OPERATOR_IMAGE = 'quay.io/kairos/operator:v0.1.2';
/** kubectl apply -k target: the operator's documented kustomize install, through the git mirror when there is one. */
export const kairosOperatorInstall = (env: Environment): string =>
  `${mirrorSource(env.mirrors, KAIROS_OPERATOR_REPO)}/config/default?ref=${KAIROS_OPERATOR_VERSION}`;
/** The operator's namespace; its upgrade Jobs run there with the host's privileges. */
export const UPGRADE_NAMESPACE = 'operator-system';
export const UPGRADES_FOLDER = 'upgrades';

export interface UpgradeFile { file: string; group?: string; content: string }

export function upgradeFiles(env: Environment): UpgradeFile[] {
  const groups = [...env.topology.groups].sort((a, b) => Number(b.pools.includes('K3S-CONTROL-PLANE')) - Number(a.pools.includes('K3S-CONTROL-PLANE')));
  const header = (lines: string[]) => `${lines.map((l) => `# ${l}`).join('\n')}\n`;
  const out: UpgradeFile[] = [{
    file: '00-namespace.yaml',
    content: header([
      'Pod Security of the Kairos operator\'s namespace: its upgrade Jobs rewrite the node\'s OS (hostPID, privileged),',
      'so it is "privileged" (audit and warn stay "restricted"). Apply after the operator, server-side, so that',
      'reapplying the operator\'s own kustomization never drops these labels:',
      '  kubectl apply --server-side --field-manager=mojaloop-gitops -f <this file>',
    ]) + toYaml({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: UPGRADE_NAMESPACE,
        labels: {
          'kubernetes.io/metadata.name': UPGRADE_NAMESPACE,
          'pod-security.kubernetes.io/enforce': 'privileged',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    }),
  }];
  groups.forEach((g, i) => {
    const name = `kairos-upgrade-${g.name.toLowerCase()}`;
    out.push({
      file: `${String(i + 1).padStart(2, '0')}-${g.name.toLowerCase()}.yaml`,
      group: g.name,
      content: header([
        `Upgrade the ${g.nodes.length} node(s) of pool group ${g.name} to ${env.kairos.image}, one node at a time.`,
        'Apply only after the previous file\'s NodeOpUpgrade reached phase Completed (see README, "Upgrading nodes").',
      ]) + toYaml({
        apiVersion: 'operator.kairos.io/v1alpha1',
        kind: 'NodeOpUpgrade',
        metadata: { name, namespace: UPGRADE_NAMESPACE },
        spec: {
          image: mirrorImage(env.mirrors, env.kairos.image),
          nodeSelector: { matchLabels: { [poolLabelKey(g.pools[0])]: 'enabled', 'kairos.io/managed': 'true' } },
          concurrency: 1,
          stopOnFailure: true,
          upgradeActive: true,
          upgradeRecovery: false,
          // A node whose upgrade failed stays cordoned for inspection.
          uncordonOnFailure: false,
        },
      }),
    });
  });
  return out;
}
