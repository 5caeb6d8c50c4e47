// Every identity of ours that talks to the API server holds what its program
// needs, asked of the real authorizer (SubjectAccessReview) after the whole
// environment is applied. For operators and agents the need is upstream's own
// RBAC at the pinned version, read from the module cache; the scope is where
// our rendered flags and environment point the program. A missing permission
// is reported by identity, namespace, verb and resource.
import type { Kube, KubeObject } from './kube';
import type { Finding } from './apply';
import { upstreamRules } from './upstream';

interface Rule { apiGroups?: string[]; resources?: string[]; verbs: string[]; nonResourceURLs?: string[] }

export interface Identity {
  /** ServiceAccount namespace/name. */
  serviceAccount: string;
  /** Where its needs come from, for messages. */
  source: string;
  rules: Rule[];
  /** Namespaces its namespaced needs apply in; cluster-scoped resources are checked cluster-wide. */
  namespaces: string[];
}

/** The value of a container flag (--name=value) or env var of a rendered Deployment/DaemonSet. */
function flag(o: KubeObject | undefined, name: string): string | undefined {
  for (const c of (o?.spec as any)?.template?.spec?.containers ?? []) {
    for (const a of c.args ?? []) if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
    for (const e of c.env ?? []) if (e.name === name) return e.value;
  }
  return undefined;
}
const list = (v?: string) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

/** The identities of monitoring-core and the local-path provisioner, found in what was applied. */
export function identities(applied: KubeObject[]): Identity[] {
  const find = (kind: string, name: string) => applied.find((o) => o.kind === kind && o.metadata.name === name);
  const out: Identity[] = [];
  const sa = (o: KubeObject) => `${o.metadata.namespace}/${(o.spec as any).template.spec.serviceAccountName}`;

  const po = find('Deployment', 'prometheus-operator');
  if (po) {
    const own = po.metadata.namespace!;
    const [upstream] = upstreamRules('github.com/prometheus-operator/prometheus-operator', ['example/rbac/prometheus-operator/prometheus-operator-cluster-role.yaml']);
    // Where it runs Prometheus/Alertmanager/ThanosRuler: everything upstream's role grants.
    const instances = new Set([own, ...['prometheus-instance-namespaces', 'alertmanager-instance-namespaces', 'thanos-ruler-instance-namespaces'].flatMap((f) => list(flag(po, f)))]);
    out.push({ serviceAccount: sa(po), source: upstream.file, rules: upstream.rules, namespaces: [...instances] });
    // Where it only reads monitors and rules (--namespaces): those kinds, and the
    // Secrets and ConfigMaps they may reference, read-only.
    const monitorOnly = list(flag(po, 'namespaces')).filter((n) => !instances.has(n));
    // (It lists and watches them, and writes their status subresource.)
    const monitorKinds = ['servicemonitors', 'podmonitors', 'probes', 'prometheusrules', 'scrapeconfigs'];
    const monitorRules: Rule[] = [
      { apiGroups: ['monitoring.coreos.com'], resources: monitorKinds, verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['monitoring.coreos.com'], resources: monitorKinds.map((k) => `${k}/status`), verbs: ['get', 'update', 'patch'] },
      { apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'list', 'watch'] },
    ];
    if (monitorOnly.length) out.push({ serviceAccount: sa(po), source: `${upstream.file} (monitor kinds, --namespaces)`, rules: monitorRules, namespaces: monitorOnly });
    // --kubelet-service: it keeps that Service and its Endpoints up to date, nothing else there.
    const kubelet = flag(po, 'kubelet-service');
    if (kubelet) {
      const rulesThere = upstream.rules.filter((r: Rule) => r.resources?.some((x) => ['services', 'endpoints', 'endpointslices'].includes(x)));
      out.push({ serviceAccount: sa(po), source: `${upstream.file} (services/endpoints rules, --kubelet-service=${kubelet})`, rules: rulesThere, namespaces: [kubelet.split('/')[0]] });
    }
  }

  const prom = applied.find((o) => o.kind === 'Prometheus');
  if (prom) {
    const rules = upstreamRules('github.com/prometheus-operator/prometheus-operator', ['example/rbac/prometheus/prometheus-cluster-role.yaml']);
    // Service discovery in every namespace a monitor lives in, and the kubelet's endpoints.
    const monitorNamespaces = new Set(applied.filter((o) => ['ServiceMonitor', 'PodMonitor', 'ScrapeConfig'].includes(o.kind)).map((o) => o.metadata.namespace!));
    const kubelet = po && flag(po, 'kubelet-service');
    if (kubelet) monitorNamespaces.add(kubelet.split('/')[0]);
    // Ingresses are discovered only for Probes with ingress targets.
    const ingressProbes = applied.some((o) => o.kind === 'Probe' && (o.spec as any)?.targets?.ingress);
    const needed = rules[0].rules.filter((r: Rule) => ingressProbes || !r.resources?.includes('ingresses'));
    out.push({ serviceAccount: `${prom.metadata.namespace}/${(prom.spec as any).serviceAccountName}`, source: `${rules[0].file}${ingressProbes ? '' : ' (ingresses: no Probe discovers them)'}`, rules: needed, namespaces: [...monitorNamespaces] });
  }

  const go = find('Deployment', 'grafana-operator');
  if (go) {
    const [manager, leader] = upstreamRules('github.com/grafana/grafana-operator/v5', ['config/rbac/role.yaml', 'config/rbac/leader_election_role.yaml']);
    // route.openshift.io: OpenShift only; K3S serves no such API (see charts/monitoring-core/grafana-operator.ts).
    const rules = manager.rules.filter((r: Rule) => !r.apiGroups?.includes('route.openshift.io'));
    out.push({ serviceAccount: sa(go), source: manager.file, rules, namespaces: list(flag(go, 'WATCH_NAMESPACE')) });
    out.push({ serviceAccount: sa(go), source: leader.file, rules: leader.rules, namespaces: [go.metadata.namespace!] });
  }

  const ksm = find('Deployment', 'kube-state-metrics');
  if (ksm) {
    const [upstream] = upstreamRules('k8s.io/kube-state-metrics/v2', ['examples/standard/cluster-role.yaml']);
    // Only the resources our --resources flag enables are listed and watched.
    const enabled = new Set(list(flag(ksm, 'resources')));
    const rules = upstream.rules.map((r: Rule) => ({ ...r, resources: r.resources?.filter((x) => enabled.has(x)) })).filter((r: Rule) => r.resources?.length);
    out.push({ serviceAccount: sa(ksm), source: `${upstream.file} (resources of --resources)`, rules, namespaces: [] });
  }

  const lpp = find('Deployment', 'local-path-provisioner');
  if (lpp) {
    // Its Role (helper pods, in its own namespace) and ClusterRole, upstream's at the pinned release.
    const [upstream] = upstreamRules('github.com/rancher/local-path-provisioner', ['deploy/local-path-storage.yaml']);
    out.push({ serviceAccount: sa(lpp), source: upstream.file, rules: upstream.rules, namespaces: [lpp.metadata.namespace!] });
  }

  const alloy = find('DaemonSet', 'alloy');
  if (alloy) {
    // discovery.kubernetes with role "pod" lists and watches pods in every namespace
    // (Alloy v1.18 docs, discovery.kubernetes); logs are read from the node's files.
    out.push({ serviceAccount: sa(alloy), source: 'Alloy discovery.kubernetes role=pod', rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }], namespaces: [] });
  }
  return out;
}

/** Asks the authorizer for each (verb, resource, namespace) an identity needs. */
export async function checkPermissions(kube: Kube, ids: Identity[]): Promise<{ checked: number; findings: Finding[] }> {
  const resources = await resourcesByGroup(kube);
  const findings: Finding[] = [];
  let checked = 0;
  const asks: Array<Promise<void>> = [];
  for (const id of ids) {
    const [ns, name] = id.serviceAccount.split('/');
    const user = { user: `system:serviceaccount:${ns}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'] };
    for (const rule of id.rules) {
      for (const url of rule.nonResourceURLs ?? []) {
        for (const verb of rule.verbs) {
          asks.push(ask(kube, { ...user, nonResourceAttributes: { path: url, verb } }).then((ok) => {
            checked++;
            if (!ok) findings.push({ file: id.source, object: `ServiceAccount ${id.serviceAccount}`, message: `cannot ${verb} ${url}` });
          }));
        }
      }
      for (const group of rule.apiGroups ?? []) {
        for (const res of expand(rule.resources ?? [], resources.get(group))) {
          const [resource, subresource] = res.split('/');
          const scoped = resources.get(group)?.get(resource) ?? true;
          for (const namespace of scoped ? id.namespaces : ['']) {
            for (const verb of expandVerbs(rule.verbs)) {
              asks.push(ask(kube, { ...user, resourceAttributes: { namespace, verb, group, resource, subresource } }).then((ok) => {
                checked++;
                if (!ok) findings.push({ file: id.source, object: `ServiceAccount ${id.serviceAccount}`, message: `cannot ${verb} ${group || 'core'}/${res}${namespace ? ` in namespace ${namespace}` : ' cluster-wide'}` });
              }));
            }
          }
        }
      }
    }
  }
  await Promise.all(asks);
  findings.sort((a, b) => `${a.object}${a.message}`.localeCompare(`${b.object}${b.message}`));
  return { checked, findings };
}

async function ask(kube: Kube, spec: Record<string, unknown>): Promise<boolean> {
  const { body } = await kube.create<any>('/apis/authorization.k8s.io/v1/subjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec });
  return Boolean(body.status?.allowed);
}

/** "*" is every verb a controller uses. */
const expandVerbs = (verbs: string[]): string[] => (verbs.includes('*') ? ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] : verbs);

/** "*" and "*\/status" against what the API serves in that group; other names as they are. */
function expand(names: string[], served?: Map<string, boolean>): string[] {
  return names.flatMap((n) => {
    if (!n.startsWith('*')) return [n];
    const suffix = n.slice(1);
    return [...(served?.keys() ?? [])].map((r) => `${r}${suffix}`);
  });
}

/** group -> resource -> namespaced, from discovery. */
async function resourcesByGroup(kube: Kube): Promise<Map<string, Map<string, boolean>>> {
  const out = new Map<string, Map<string, boolean>>();
  const add = (group: string, list: any) => {
    for (const r of list.resources) {
      if (r.name.includes('/')) continue;
      if (!out.has(group)) out.set(group, new Map());
      out.get(group)!.set(r.name, r.namespaced);
    }
  };
  add('', await kube.get('/api/v1'));
  const apis = await kube.get<any>('/apis');
  await Promise.all(apis.groups.map(async (g: any) => add(g.name, await kube.get(`/apis/${g.preferredVersion.groupVersion}`).catch(() => ({ resources: [] })))));
  return out;
}
