// npm run where: what runs on a node or a pool, from the rendered dist/.
import { describe, expect, it } from 'vitest';
import { DIST } from '../scripts/lib/dist';
import { formatWhere, where } from '../scripts/lib/where';

describe('where', () => {
  it('a node: the workloads of its pools, one pod per node, requests against allocatable', () => {
    const r = where(DIST, 'prod', 'prod-handlers-1')!;
    expect(r.kind).toBe('node');
    const [n] = r.nodes;
    expect(n.pools).toEqual(['CORE-HANDLERS']);
    expect(n.workloads.find((w) => w.owner === 'Deployment/centralledger-handler-transfer-prepare')).toMatchObject({ certain: true, replicas: 5, eligibleNodes: 5 });
    expect(n.workloads.find((w) => w.owner === 'Deployment/centralledger-handler-timeout')).toMatchObject({ certain: false, replicas: 1 });
    expect(n.workloads.every((w) => !w.owner.includes('kafka'))).toBe(true);
    expect(n.requested.cpu).toBeGreaterThan(0);
    expect(n.requested.cpu).toBeLessThanOrEqual(n.allocatable.cpu);
    expect(formatWhere(r)).toContain('prod-handlers-1          rack-1   cpu ');
  });

  it('K3S-CLUSTER-SVCS: the upstream sources\' workloads too (not in dist/), marked as upstream', () => {
    const r = where(DIST, 'staging', 'K3S-CLUSTER-SVCS')!;
    const [n] = r.nodes;
    expect(n.workloads.find((w) => w.owner === 'Deployment/strimzi-cluster-operator')).toMatchObject({ upstream: 'strimzi-cluster-operator', replicas: 1, eligibleNodes: 3, certain: false });
    expect(n.workloads.find((w) => w.owner === 'StatefulSet/vault')).toMatchObject({ upstream: 'vault', replicas: 3, certain: true });
    // Flux's four controllers, the charts' 10 workloads, the four operators.
    expect(n.workloads.filter((w) => w.upstream)).toHaveLength(18);
    expect(formatWhere(r)).toContain('Deployment/source-controller (upstream flux-system)');
  });

  it('a pool: every node of it; an unknown name: nothing', () => {
    expect(where(DIST, 'prod', 'CORE-HANDLERS')!.nodes.map((n) => n.node)).toEqual(['prod-handlers-1', 'prod-handlers-2', 'prod-handlers-3', 'prod-handlers-4', 'prod-handlers-5']);
    expect(where(DIST, 'prod', 'no-such-node')).toBeUndefined();
  });
});
