// The real kube-scheduler and the drain drill catch what renders fine but
// cannot run: replicas no node can take, and budgets no drain can satisfy.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2e, editObject, lines, renderScratch, scratchDist } from './support';

describe('e2e placement, drain drill and prometheus-operator', () => {
  it('a ServiceMonitor whose selector matches no Service is reported (prometheus-operator keeps the job; it scrapes nothing)', async () => {
    const dist = scratchDist('dev');
    editObject(path.join(dist, 'mojaloop/servicemonitor-quoting-service.yaml'), (sm) => { sm.spec.selector.matchLabels['app.kubernetes.io/name'] = 'quoting-servce'; });
    const r = await e2e('dev', dist, { schedule: true, prom: true });
    expect(r.scrapeJobs, lines(r)).toBeGreaterThan(10);
    expect(lines(r)).toMatch(/servicemonitor-quoting-service\.yaml: ServiceMonitor mojaloop\/quoting-service: its selector matches no Service in mojaloop: the job scrapes nothing/);
  });

  it('two prod CORE-HANDLERS nodes without rack: synth refuses them, and without that check the replicas they would take stay Pending, with the scheduler\'s reason', async () => {
    const addNodes = (text: string) => text.replace(
      '      - {name: prod-handlers-5, rack: rack-2}\n',
      '      - {name: prod-handlers-5, rack: rack-2}\n      - {name: prod-handlers-6}\n      - {name: prod-handlers-7}\n',
    );
    await expect(renderScratch('prod', addNodes)).rejects.toThrow(/pools\.CORE-HANDLERS\.nodes\[5\]: cannot place/);
    // The static check is fast feedback; the real scheduler must catch it on its own.
    const { distEnv, environmentFile } = await renderScratch('prod', addNodes, { capacityCheck: false });
    const r = await e2e('prod', distEnv, { environmentFile, schedule: true });
    expect(lines(r)).toMatch(/Deployment mojaloop\/centralledger-handler-[a-z-]+: \d+\/\d+ replicas Ready; pod [a-z0-9-]+ Pending: Unschedulable: 0\/\d+ nodes are available: .*node\(s\) didn't match pod topology spread constraints \(missing required label\)/);
  });

  it('a PodDisruptionBudget with minAvailable equal to replicas blocks the drain, reported by node and pod', async () => {
    const dist = scratchDist('test');
    editObject(path.join(dist, 'mojaloop/poddisruptionbudget-account-lookup-service.yaml'), (pdb) => {
      delete pdb.spec.maxUnavailable;
      pdb.spec.minAvailable = 3;
    });
    const r = await e2e('test', dist, { schedule: true, evictionRetryMs: 2_000 });
    expect(lines(r)).toMatch(/node test-[a-z0-9-]+: Pod mojaloop\/account-lookup-service-[a-z0-9-]+: drain blocked: Cannot evict pod as it would violate the pod's disruption budget/);
  });
});
