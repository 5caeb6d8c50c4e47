// K3S's packaged add-ons, read from the rendered node configs against what
// the layers render: Traefik runs exactly where an Ingress of class traefik
// exists and is then placed on K3S-CLUSTER-SVCS; ServiceLB only on
// K3S-CLUSTER-SVCS nodes; metrics-server never (nothing reads metrics.k8s.io).
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_NAMES, environment, objects, renderedFiles } from './support/bundled';
import { SERVICELB_NODE_LABEL, TRAEFIK_CONFIG_MANIFEST } from '../charts/cluster/k3s-addons';
import { poolLabelKey } from '../charts/environment/node-pools';

const configs = (env: string) => [...renderedFiles(env)]
  .filter(([p]) => p.startsWith('kairos/') && !p.startsWith('kairos/auroraboot-'))
  .map(([p, text]) => ({ path: p, config: parse(text) as any }));
const argsOf = (c: any): string[] => (c.k3s ?? c['k3s-agent']).args;
const manifestOf = (c: any, file: string): string | undefined =>
  (c.stages.initramfs as any[]).flatMap((s) => s.files ?? []).find((f: any) => f.path === file)?.content;

/** What the add-on settings must be, from the rendered layers alone. */
function addonProblems(name: string, nodes: ReturnType<typeof configs>, rendered = objects(name)): string[] {
  const problems: string[] = [];
  // Ours, or the one grafana-operator creates from a Grafana CR's spec.ingress.
  const traefikIngress = rendered.some((o) => (o.kind === 'Ingress' && (o as any).spec?.ingressClassName === 'traefik')
    || (o.kind === 'Grafana' && (o as any).spec?.ingress?.spec?.ingressClassName === 'traefik'));
  if (rendered.some((o) => o.kind === 'HorizontalPodAutoscaler')) problems.push('an HPA is rendered: metrics-server is needed');
  for (const { path, config } of nodes) {
    const args = argsOf(config);
    const label = args.includes(`--node-label=${SERVICELB_NODE_LABEL}=true`);
    const svcs = args.includes(`--node-label=${poolLabelKey('K3S-CLUSTER-SVCS')}=enabled`);
    if (label !== svcs) problems.push(`${path}: ServiceLB label ${label ? 'on a node outside' : 'missing on a node of'} K3S-CLUSTER-SVCS`);
    if (!config.k3s) continue;
    if (!args.includes('--disable=metrics-server')) problems.push(`${path}: metrics-server not disabled`);
    if (args.includes('--disable=traefik') === traefikIngress) problems.push(`${path}: Traefik ${traefikIngress ? 'disabled although an Ingress needs it' : 'kept although no Ingress uses it'}`);
    const placement = manifestOf(config, TRAEFIK_CONFIG_MANIFEST);
    if (traefikIngress && !/K3S-CLUSTER-SVCS/.test(placement ?? '')) problems.push(`${path}: Traefik kept but not placed on K3S-CLUSTER-SVCS`);
  }
  return problems;
}

describe.each(ENV_NAMES)('K3S packaged add-ons of %s', (name) => {
  it('Traefik only with an Ingress (then on K3S-CLUSTER-SVCS), ServiceLB on K3S-CLUSTER-SVCS nodes, no metrics-server', () => {
    expect(environment(name).topology.nodes.length).toBeGreaterThan(0);
    expect(addonProblems(name, configs(name))).toEqual([]);
  });
});

describe('the add-on check fails on broken input', () => {
  it('prod without its Grafana Ingress must disable Traefik; a ServiceLB label on another node and a kept metrics-server are reported', () => {
    const nodes = structuredClone(configs('prod'));
    const server = nodes.find((n) => n.config.k3s)!;
    server.config.k3s.args = server.config.k3s.args.filter((a: string) => a !== '--disable=metrics-server');
    const agent = nodes.find((n) => !argsOf(n.config).some((a) => a.includes('K3S-CLUSTER-SVCS')))!;
    argsOf(agent.config).push(`--node-label=${SERVICELB_NODE_LABEL}=true`);
    const withoutIngress = objects('prod').map((o) => (o.kind === 'Grafana' ? { ...o, spec: { ...(o as any).spec, ingress: undefined } } : o));
    const problems = addonProblems('prod', nodes, withoutIngress);
    expect(problems).toContain(`${server.path}: metrics-server not disabled`);
    expect(problems).toContain(`${server.path}: Traefik kept although no Ingress uses it`);
    expect(problems).toContain(`${agent.path}: ServiceLB label on a node outside K3S-CLUSTER-SVCS`);
  });
});
