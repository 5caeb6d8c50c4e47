// dist/<env>/README.md: what this environment runs, where, with which images,
// and where its Secrets come from (the few made by hand, Vault, the operators).
import type { Environment } from './environment/environment';
import type { LayerChart } from './lib/layer';
import { requiredSecrets } from './lib/secrets';
import type { RenderedLayer, Manifest } from './render';
import { clusterReadme } from './cluster/readme';
import { imageStrings } from './lib/image-strings';
import { secretsReadme } from './cluster-services/secrets-readme';


/** Images of every container of every pod template, and of custom resources with an `image` field. */
export function imagesOf(manifests: Manifest[]): string[] {
  return [...new Set(imageStrings(manifests).specImages)].sort();
}

/** The pool a workload is placed on, read back from its required node affinity. */
export function poolOf(m: Manifest): string | undefined {
  const text = JSON.stringify(m);
  return /"workload-class\.mojaloop\.io\/([A-Z0-9-]+)"/.exec(text)?.[1];
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Prometheus', 'Alertmanager', 'Grafana', 'Kafka', 'KafkaNodePool', 'PerconaXtraDBCluster', 'PerconaServerMongoDB', 'RedisCluster', 'RedisReplication']);

export function renderInventory(env: Environment, layers: RenderedLayer[], charts: LayerChart[]): string {
  const manifests = layers.flatMap((l) => l.objects.map((o) => o.manifest));
  const lines: string[] = [];
  const f = env.features;
  lines.push(`# Environment \`${env.name}\``, '');
  lines.push('Rendered by `npm run synth` from `environments/' + env.name + '.yaml`. Do not edit: change the source and re-render.', '');
  lines.push(`- stage: **${env.stage}**${env.productionLike ? ' (production-like)' : ''}`);
  lines.push(`- cluster: \`${env.cluster.name}\`, ${env.topology.nodes.length} node(s), ${env.topology.nodes.filter((n) => n.role === 'server').length} K3S server(s)`);
  lines.push(`- features: bulk ${f.bulk ? 'on' : 'off'}, thirdParty ${f.thirdParty ? 'on' : 'off'}, businessOps ${f.businessOps ? 'on' : 'off'}`);
  lines.push(`- layers: ${layers.map((l) => `\`${l.layer}/\` (${l.objects.length} objects)`).join(', ')}`, '');

  // Pools and what runs on them.
  const byPool = new Map<string, string[]>();
  for (const m of manifests) {
    if (!WORKLOAD_KINDS.has(m.kind)) continue;
    const pool = poolOf(m);
    // Custom resources are named by their kind too ("core" alone says little).
    const label = ['Deployment', 'StatefulSet', 'DaemonSet'].includes(m.kind) ? m.metadata.name : `${m.metadata.name} (${m.kind})`;
    if (pool) byPool.set(pool, [...(byPool.get(pool) ?? []), label]);
  }
  lines.push('## Pools', '', '```mermaid', 'flowchart LR');
  for (const g of env.topology.groups) {
    const gid = g.name.replace(/[^A-Za-z0-9]/g, '_');
    lines.push(`  subgraph ${gid}["${g.name}: ${g.nodes.length} node(s), ${g.size.cpu} CPU / ${Math.round(g.size.memoryBytes / 1024 ** 3)} GiB"]`);
    for (const p of g.pools) {
      const workloads = byPool.get(p);
      if (!workloads && g.pools.length > 8) continue; // keep the all-in-one dev diagram readable
      lines.push(`    ${gid}_${p.replace(/[^A-Za-z0-9]/g, '_')}["${p}${workloads ? `<br/>${[...new Set(workloads)].sort().join('<br/>')}` : ''}"]`);
    }
    lines.push('  end');
  }
  lines.push('```', '');
  lines.push('| group | pools | nodes |', '|---|---|---|');
  for (const g of env.topology.groups) lines.push(`| ${g.name} | ${g.pools.length > 8 ? 'all' : g.pools.join(', ')} | ${g.nodes.map((n) => n.name).join(', ')} |`);
  lines.push('');

  lines.push('## Images', '', '| image | tag |', '|---|---|');
  for (const image of imagesOf(manifests)) {
    const at = image.lastIndexOf(':');
    lines.push(`| \`${image.slice(0, at)}\` | \`${image.slice(at + 1)}\` |`);
  }
  lines.push('');

  lines.push(...clusterReadme(env, manifests));

  lines.push(...secretsReadme(env, charts.length ? requiredSecrets(charts[0]) : []));
  return lines.join('\n');
}
