// The capacity check at synth: placement mistakes fail rendering with the
// file, line, field path, the workloads that cannot be placed and why.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvironment } from '../charts/environment/load';
import { renderEnvironment, renderLayers } from '../charts/render';
import { capacityIssues } from '../charts/environment/capacity';
import { corednsObjects } from '../charts/cluster/coredns';
import { localPathObjects } from '../charts/cluster/local-path';
import { upstreamInstalls, upstreamWorkloadObjects, workloadObject } from '../charts/sync/upstream-workloads';
import { UPSTREAM_SOURCES } from '../charts/sync/upstream';
import { podGroupsOf, podRequests } from '../charts/environment/pod-groups';
import { ENV_NAMES, objects } from './support/bundled';

const envText = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '..', 'environments', `${name}.yaml`), 'utf8');
const PROD = envText('prod');

/** Renders a variant of an environment; returns the error message ('' when it renders). */
function renderVariant(name: string, edit: (text: string) => string): string {
  const text = edit(envText(name));
  expect(text).not.toBe(envText(name));
  try {
    renderEnvironment(parseEnvironment(text, name, `environments/${name}.yaml`));
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}
const renderProd = (edit: (text: string) => string) => renderVariant('prod', edit);

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe.each(ENV_NAMES)('%s', (name) => {
  it('every object that requires a pool label is counted by the capacity check', () => {
    // Sync-tool objects (an Argo CD Application's Helm values, a Flux Kustomization's patches, a
    // HelmRelease's values) place upstream workloads this repository does not render: the capacity
    // check counts those from charts/sync/upstream-workloads.ts (test/upstream-workloads.test.ts
    // holds that to the real rendering), test/cluster-placement.test.ts checks their placement.
    const pooled = objects(name).filter((m) => !['Application', 'Kustomization', 'HelmRelease'].includes(m.kind)
      && JSON.stringify(m).includes('"nodeAffinity"') && JSON.stringify(m).includes('workload-class.mojaloop.io/'));
    expect(pooled.length).toBeGreaterThan(5);
    for (const m of pooled) {
      const groups = podGroupsOf(m);
      expect(groups.length, `${m.kind}/${m.metadata.name}`).toBeGreaterThan(0);
      for (const g of groups) {
        expect(Object.keys(g.requiredLabels).some((k) => k.startsWith('workload-class.mojaloop.io/')), g.owner).toBe(true);
        if (g.replicas > 0) expect(g.cpu, g.owner).toBeGreaterThan(0); // a RedisCluster may have no followers
      }
    }
  });
});

describe('requests of one pod, as the scheduler counts them', () => {
  const c = (name: string, cpu: string, memory: string, restartPolicy?: string) => ({ name, resources: { requests: { cpu, memory } }, ...(restartPolicy ? { restartPolicy } : {}) });
  it('the containers and sidecars, or a larger init container beside the sidecars started before it', () => {
    const requests = (spec: unknown) => { const r = podRequests(spec as Record<string, unknown>); return { cpu: Math.round(r.cpu * 1000) / 1000, memory: r.memory }; };
    // Containers only.
    expect(requests({ containers: [c('a', '100m', '64Mi'), c('b', '50m', '64Mi')] })).toEqual({ cpu: 0.15, memory: 128 * 2 ** 20 });
    // An init container larger than the containers sets the CPU, not the memory.
    expect(requests({ initContainers: [c('init', '1', '32Mi')], containers: [c('a', '100m', '64Mi')] })).toEqual({ cpu: 1, memory: 64 * 2 ** 20 });
    // A sidecar counts with the containers and beside every init container after it, not before.
    expect(requests({ initContainers: [c('first', '500m', '0'), c('sidecar', '200m', '0', 'Always'), c('later', '500m', '0')], containers: [c('a', '100m', '0')] }))
      .toEqual({ cpu: 0.7, memory: 0 });
    // No requests at all (Argo CD's pods): nothing.
    expect(requests({ initContainers: [{ name: 'copyutil' }], containers: [{ name: 'server', resources: {} }] })).toEqual({ cpu: 0, memory: 0 });
  });
});

describe('placement mistakes fail synth', () => {
  it('two prod CORE-HANDLERS nodes without a rack: names the handlers, 2 of 7 replicas, and the node line', () => {
    const add = (t: string) => t.replace('      - {name: prod-handlers-5, rack: rack-2}\n', '      - {name: prod-handlers-5, rack: rack-2}\n      - {name: prod-handlers-6}\n      - {name: prod-handlers-7}\n');
    const message = renderProd(add);
    const line = lineOf(add(PROD), 'prod-handlers-6');
    expect(message).toMatch(new RegExp(`^environments/prod\\.yaml:${line}:[0-9]+: pools\\.CORE-HANDLERS\\.nodes\\[5\\]: cannot place `));
    expect(message).toContain('Deployment/centralledger-handler-transfer-prepare (2 of 7 replicas)');
    expect(message).toContain('prod-handlers-6, prod-handlers-7 have no rack');
    expect(message).toContain('DoNotSchedule');
    expect(message.split('\n')).toHaveLength(1); // one cause, one line: no cascade per workload
  });

  it('racks of very different sizes: the spread caps what fits', () => {
    // 5 handler nodes over racks 3-1-1: with maxSkew 1 at most 2+1+1 = 4 pods fit.
    const message = renderProd((t) => t.replace('{name: prod-handlers-5, rack: rack-2}', '{name: prod-handlers-5, rack: rack-1}'));
    expect(message).toContain('pools.CORE-HANDLERS.nodes: cannot place Deployment/centralledger-handler-transfer-prepare (1 of 5 replicas)');
    expect(message).toContain('4 pod(s) fit');
  });

  it('K3S-CLUSTER-SVCS counts our CoreDNS and local-path provisioner (written by Kairos, applied by K3S), not only the layers', () => {
    const message = renderProd((t) => t.replace('  K3S-CLUSTER-SVCS:\n    nodes:', '  K3S-CLUSTER-SVCS:\n    size: {cpu: 1, memory: 2Gi, disk: 100Gi}\n    nodes:'));
    expect(message).toMatch(/pools\.K3S-CLUSTER-SVCS\.size: requests exceed node prod-svcs-/);
    expect(message).toContain('Deployment/coredns');
  });

  it('K3S-CLUSTER-SVCS counts the upstream workloads too (Flux, the operators, the charts): staging on 2.5Gi nodes fails, naming them', () => {
    const smaller = (t: string) => t.replace('  K3S-CLUSTER-SVCS:\n    nodes:', '  K3S-CLUSTER-SVCS:\n    size: {cpu: 4, memory: 2560Mi, disk: 100Gi}\n    nodes:');
    const message = renderVariant('staging', smaller);
    expect(message).toMatch(/^environments\/staging\.yaml:[0-9]+:[0-9]+: pools\.K3S-CLUSTER-SVCS\.size: requests exceed the pool: its 32 pods request 2\.33 CPU and 3\.35Gi, 28 of them from upstream sources \(charts\/sync\/upstream-workloads\.ts: /);
    for (const w of ['Deployment/source-controller', 'Deployment/notification-controller', 'Deployment/strimzi-cluster-operator', 'Deployment/percona-xtradb-cluster-operator', 'Deployment/redis-operator-redis-operator', 'StatefulSet/vault']) expect(message).toContain(w);
    expect(message).toContain('its 3 node(s) offer 10.5 CPU and 3Gi');
    // What synth counted before (our objects, K3S's replacements, the Helm-chart sources' pods) fits the same nodes:
    // the Flux controllers and the operators' Deployments make the difference.
    const env = parseEnvironment(smaller(envText('staging')), 'staging', 'environments/staging.yaml');
    const charted = upstreamInstalls(env).filter((i) => UPSTREAM_SOURCES.find((s) => s.name === i.source)?.helm)
      .flatMap((i) => i.workloads.map((w) => workloadObject(i.source, w)));
    const rendered = renderLayers(env).layers.flatMap((l) => l.objects.map((o) => o.manifest));
    expect(capacityIssues(env, [...rendered, ...corednsObjects(env), ...localPathObjects(env), ...charted])).toEqual([]);
    expect(capacityIssues(env, [...rendered, ...corednsObjects(env), ...localPathObjects(env), ...upstreamWorkloadObjects(env)])).toHaveLength(1);
  });

  it('requests above allocatable: names the node, the workloads and the numbers', () => {
    const message = renderProd((t) => t.replace('  MONITORING:\n    nodes:', '  MONITORING:\n    size: {cpu: 2, memory: 4Gi, disk: 500Gi}\n    nodes:'));
    expect(message).toMatch(/^environments\/prod\.yaml:[0-9]+:[0-9]+: pools\.MONITORING\.size: requests exceed node prod-mon-1: /);
    expect(message).toContain('Alertmanager/core');
    expect(message).toContain('allocatable is 1.5 CPU and 2.5Gi');
  });
});
