// npm run where: what runs on a node or a pool, from the rendered dist/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

  it('K3S-CLUSTER-SVCS: CoreDNS and local-path-provisioner, which the servers\' cloud-configs write for K3S to apply', () => {
    const auto = (dist: string) => where(dist, 'staging', 'K3S-CLUSTER-SVCS')!.nodes[0].workloads.filter((w) => w.autoDeployed);
    expect(auto(DIST)).toEqual([
      expect.objectContaining({ owner: 'Deployment/coredns', autoDeployed: '/var/lib/rancher/k3s/server/manifests/mojaloop-coredns.yaml', certain: true }),
      expect.objectContaining({ owner: 'Deployment/local-path-provisioner', autoDeployed: '/var/lib/rancher/k3s/server/manifests/mojaloop-local-path.yaml', replicas: 1 }),
    ]);
    expect(formatWhere(where(DIST, 'staging', 'K3S-CLUSTER-SVCS')!)).toContain('Deployment/coredns (K3S auto-deploy)');
    expect(where(DIST, 'staging', 'CORE-HANDLERS')!.nodes[0].workloads.some((w) => w.autoDeployed)).toBe(false);
    // Cloud-configs that no longer write the auto-deploy files: nothing is listed for them.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'where-'));
    try {
      fs.cpSync(path.join(DIST, 'staging'), path.join(copy, 'staging'), { recursive: true });
      const kairos = path.join(copy, 'staging', 'kairos');
      for (const f of fs.readdirSync(kairos)) fs.writeFileSync(path.join(kairos, f), fs.readFileSync(path.join(kairos, f), 'utf8').replaceAll('/var/lib/rancher/k3s/server/manifests/', '/etc/elsewhere/'));
      expect(auto(copy)).toEqual([]);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('a pool: every node of it; an unknown name: nothing', () => {
    expect(where(DIST, 'prod', 'CORE-HANDLERS')!.nodes.map((n) => n.node)).toEqual(['prod-handlers-1', 'prod-handlers-2', 'prod-handlers-3', 'prod-handlers-4', 'prod-handlers-5']);
    expect(where(DIST, 'prod', 'no-such-node')).toBeUndefined();
  });
});
