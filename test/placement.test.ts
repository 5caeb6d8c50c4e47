// The placement helper: the one place pools become scheduling constraints.
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { majority, placement, podDisruptionBudget } from '../charts/lib/placement';
import { environment } from './support/bundled';

const selector = { 'app.kubernetes.io/name': 'x', 'app.kubernetes.io/instance': 'x' };

describe('placement', () => {
  it('requires the pool label, one replica per node, and tolerates the pool taint', () => {
    const p = placement(environment('prod'), 'CORE-HANDLERS', selector);
    expect(p.replicas).toBe(5);
    expect(p.affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'workload-class.mojaloop.io/CORE-HANDLERS', operator: 'In', values: ['enabled'] }] },
    ]);
    expect(p.affinity.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selector } },
    ]);
    expect(p.tolerations).toEqual([{ key: 'workload-class.mojaloop.io/CORE-HANDLERS', operator: 'Equal', value: 'enabled', effect: 'NoSchedule' }]);
  });
  it('spreads over racks when the pool declares them, not otherwise', () => {
    expect(placement(environment('prod'), 'CORE-HANDLERS', selector).topologySpreadConstraints?.map((c) => c.topologyKey)).toEqual(['topology.mojaloop.io/rack']);
    expect(placement(environment('test'), 'CORE-HANDLERS', selector).topologySpreadConstraints).toBeUndefined();
  });
  it('runs one replica in dev and for singletons', () => {
    expect(placement(environment('dev'), 'CORE-HANDLERS', selector).replicas).toBe(1);
    expect(placement(environment('prod'), 'CORE-HANDLERS', selector, { singleton: true }).replicas).toBe(1);
  });
  it('refuses a pool the environment does not have', () => {
    // Every bundled environment has every pool it renders for; test has no RDBMS-BUISOPS-LIVE (businessOps is off).
    expect(() => placement(environment('test'), 'RDBMS-BUISOPS-LIVE', selector)).toThrow(/pool RDBMS-BUISOPS-LIVE has no nodes/);
  });
});

describe('podDisruptionBudget', () => {
  const pdb = (replicas: number) => {
    const chart = new Chart(Testing.app(), 'c');
    podDisruptionBudget(chart, { name: 'x', namespace: 'ns', labels: selector, selector, replicas });
    return Testing.synth(chart)[0]?.spec;
  };
  it('keeps a majority', () => {
    expect(majority(3)).toBe(2);
    expect(majority(5)).toBe(3);
    expect(pdb(3)).toEqual({ minAvailable: 2, selector: { matchLabels: selector } });
    expect(pdb(5)).toEqual({ minAvailable: 3, selector: { matchLabels: selector } });
  });
  it('lets a pair lose one and gives a single replica none (it could never drain)', () => {
    expect(pdb(2)).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector } });
    expect(pdb(1)).toBeUndefined();
  });
});
