import { describe, expect, it } from 'vitest';
import { ENV_NAMES, byKind, environment, objects } from './support/bundled';

describe.each(ENV_NAMES)('namespace baseline in %s', (env) => {
  const e = environment(env);
  for (const [layer, ns] of [['monitoring-core', e.namespaces.monitoring], ['mojaloop', e.namespaces.mojaloop]] as const) {
    const ms = objects(env, layer);
    it(`${layer}: Namespace (in the first layer, namespaces) with Pod Security Admission labels, protected from pruning`, () => {
      expect(byKind(ms, 'Namespace')).toEqual([]);
      const n = byKind(objects(env, 'namespaces'), 'Namespace').find((x) => x.metadata.name === ns.name)!;
      expect(n.metadata.name).toBe(ns.name);
      expect(n.metadata.labels?.['pod-security.kubernetes.io/enforce']).toMatch(/^(restricted|privileged|baseline)$/);
      expect(n.metadata.labels?.['pod-security.kubernetes.io/warn']).toBe('restricted');
      expect(n.metadata.annotations?.['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
    });
    it(`${layer}: default-deny NetworkPolicy for ingress and egress on every pod`, () => {
      const deny = byKind(ms, 'NetworkPolicy').find((p) => p.metadata.name === 'default-deny') as any;
      expect(deny.spec.podSelector).toEqual({});
      expect(deny.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(deny.spec.ingress).toBeUndefined();
      expect(deny.spec.egress).toBeUndefined();
    });
    it(`${layer}: LimitRange and ResourceQuota sized for the stage`, () => {
      expect(byKind(ms, 'LimitRange')).toHaveLength(1);
      const [quota] = byKind(ms, 'ResourceQuota') as any[];
      expect(quota.spec.hard['requests.cpu']).toBe(ns.quota.requestsCpu);
      expect(quota.spec.hard.pods).toBe(String(ns.quota.pods));
    });
    it(`${layer}: every namespaced object lives in ${ns.name} (RBAC grants excepted: they live where they grant)`, () => {
      for (const m of ms) {
        // Cluster-scoped kinds have no namespace.
        if (['Namespace', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding'].includes(m.kind)) continue;
        if (m.kind === 'Role' || m.kind === 'RoleBinding') expect([ns.name, e.namespaces.mojaloop.name, e.namespaces.monitoring.name, 'kube-system']).toContain(m.metadata.namespace);
        else expect(m.metadata.namespace, `${m.kind}/${m.metadata.name}`).toBe(ns.name);
      }
    });
  }
});
