// The bundled environments: shapes from the design (BRIEF section 3) and the
// topology the node-pool rules ask for.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_NAMES, environment } from './support/bundled';
import { NEVER_MERGE, poolLabelKey, SUGGESTED_COMBINATIONS } from '../charts/environment/node-pools';
import { poolsNeeded } from '../charts/mojaloop/catalog';

it('bundles dev, test, staging and prod', () => {
  expect(ENV_NAMES).toEqual(['dev', 'prod', 'staging', 'test']);
});

it('every environment file starts with the yaml-language-server schema line', () => {
  for (const name of ENV_NAMES) {
    const first = fs.readFileSync(path.join('environments', `${name}.yaml`), 'utf8').split('\n')[0];
    expect(first).toBe('# yaml-language-server: $schema=./environment.schema.json');
  }
});

describe('dev', () => {
  const env = environment('dev');
  it('is one K3S server carrying every pool label', () => {
    expect(env.topology.nodes).toHaveLength(1);
    const [node] = env.topology.nodes;
    expect(node.role).toBe('server');
    for (const pool of poolsNeeded(env.features)) expect(node.labels[poolLabelKey(pool)]).toBe('enabled');
    expect(node.taints).toEqual([]);
  });
  it('has single replicas and monolithic Loki', () => {
    expect(env.monitoring.prometheus.replicas).toBe(1);
    expect(env.monitoring.alertmanager.replicas).toBe(1);
    expect(env.monitoring.loki.mode).toBe('monolithic');
  });
});

describe('test', () => {
  const env = environment('test');
  it('has three K3S servers and the suggested workload combinations', () => {
    expect(env.topology.nodes.filter((n) => n.role === 'server')).toHaveLength(3);
    for (const [name, pools] of Object.entries(SUGGESTED_COMBINATIONS)) {
      const group = env.topology.groups.find((g) => g.name === name);
      expect(group?.pools, name).toEqual(pools);
      for (const node of group!.nodes) for (const p of pools) expect(node.labels[poolLabelKey(p)]).toBe('enabled');
    }
  });
  it('keeps 3 nodes where quorum matters', () => {
    for (const pool of ['K3S-CONTROL-PLANE', 'KAFKA-CONTROL-PLANE', 'KAFKA-DATA-PLANE', 'RDBMS-CENTRAL-LEDGER-LIVE'] as const) {
      expect(env.topology.nodesOf(pool)).toHaveLength(3);
    }
  });
});

describe.each(['staging', 'prod'])('%s (production-like)', (name) => {
  const env = environment(name);
  it('keeps every never-merge pool dedicated and tainted', () => {
    for (const pool of NEVER_MERGE) {
      const group = env.topology.groupOf(pool);
      if (!group) continue;
      expect(group.pools, pool).toEqual([pool]);
      for (const n of group.nodes) expect(n.taints).toContainEqual({ key: poolLabelKey(pool), value: 'enabled', effect: 'NoSchedule' });
    }
  });
  it('has every pool group odd and >= 3 nodes', () => {
    for (const g of env.topology.groups) {
      expect(g.nodes.length, g.name).toBeGreaterThanOrEqual(3);
      expect(g.nodes.length % 2, g.name).toBe(1);
    }
  });
  it('runs Prometheus as an HA pair and Alertmanager x3, Loki distributed', () => {
    expect(env.monitoring.prometheus.replicas).toBe(2);
    expect(env.monitoring.alertmanager.replicas).toBe(3);
    expect(env.monitoring.loki.mode).toBe('distributed');
  });
});

it('prod dedicates every pool it uses and spreads nodes over racks', () => {
  const env = environment('prod');
  for (const g of env.topology.groups) {
    expect(g.dedicated, g.name).toBe(true);
    expect(new Set(g.nodes.map((n) => n.rack)).size, g.name).toBe(3);
  }
});

it('staging nodes are smaller than prod nodes', () => {
  const size = (env: string) => environment(env).topology.groupOf('KAFKA-DATA-PLANE')!.size.memoryBytes;
  expect(size('staging')).toBeLessThan(size('prod'));
});
