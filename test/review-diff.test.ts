// npm run diff on canonical merge-request changes. Each change is made on a
// scratch copy of dist/ (real output + realistic fixtures for objects the
// charts do not render yet), committed as base -> change, and the diff must
// list exactly the objects affected and flag exactly the destructive ones.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { formatMarkdown, formatText } from '../scripts/lib/diff-format';
import { formatPath } from '../scripts/lib/object-diff';
import { FIXTURES, ROOT, ScratchDist, ScratchSource, destructiveObjects, objectLines } from './support/review-scratch';

const ML = 'prod/mojaloop';
const MC = 'prod/monitoring-core';
const scratches: Array<{ remove(): void }> = [];
const scratch = <T extends { remove(): void }>(s: T): T => (scratches.push(s), s);
afterEach(() => scratches.splice(0).forEach((s) => s.remove()));

/** A scratch dist/ with the fixtures on main and a branch for the change. */
function change(): ScratchDist {
  const s = scratch(new ScratchDist());
  s.branch('change');
  return s;
}

const fieldPaths = (r: ReturnType<ScratchDist['diff']>, name: string) =>
  r.objects.find((o) => o.name === name)!.fields.map((f) => formatPath(f.path));

describe('canonical changes', () => {
  it('bump a Mojaloop image tag in one environment: one Deployment changed, the image listed, nothing destructive', () => {
    const s = change();
    s.edit(`${ML}/deployment-central-ledger-service.yaml`, (m) => {
      m.metadata.labels['app.kubernetes.io/version'] = 'v19.15.0';
      m.spec.template.metadata.labels['app.kubernetes.io/version'] = 'v19.15.0';
      m.spec.template.spec.containers[0].image = 'docker.io/mojaloop/central-ledger:v19.15.0';
    });
    s.commit('bump central-ledger');
    const r = s.diff();
    expect(objectLines(r)).toEqual([`${ML} changed Deployment mojaloop/central-ledger-service`]);
    expect(r.environments).toEqual(['prod']);
    expect(fieldPaths(r, 'central-ledger-service')).toEqual([
      'metadata.labels["app.kubernetes.io/version"]',
      'spec.template.metadata.labels["app.kubernetes.io/version"]',
      'spec.template.spec.containers[central-ledger].image',
    ]);
    expect(r.images).toEqual([{ env: 'prod', layer: 'mojaloop', repository: 'docker.io/mojaloop/central-ledger', from: 'v19.14.0', to: 'v19.15.0' }]);
    expect(r.destructive).toEqual([]);
    expect(formatText(r)).toContain('spec.template.spec.containers[central-ledger].image: docker.io/mojaloop/central-ledger:v19.14.0 -> docker.io/mojaloop/central-ledger:v19.15.0');
  });

  it('add an alert rule: one PrometheusRule added, nothing else (the kustomization resource list is implied)', () => {
    const s = change();
    s.addTree(path.join(FIXTURES, 'additions/prod'), 'prod');
    s.commit('alert on transfer prepare errors');
    const r = s.diff();
    expect(objectLines(r)).toEqual([`${ML} added PrometheusRule mojaloop/central-ledger-alerts`]);
    expect(r.files).toEqual([]);
    expect(r.images).toEqual([]);
    expect(r.destructive).toEqual([]);
  });

  it('shrink a PVC: flagged destructive; growing it is not', () => {
    const s = change();
    s.edit(`${MC}/persistentvolumeclaim-grafana-data.yaml`, (m) => { m.spec.resources.requests.storage = '5Gi'; });
    s.commit('shrink');
    const r = s.diff();
    expect(objectLines(r)).toEqual([`${MC} changed PersistentVolumeClaim monitoring-core/grafana-data`]);
    expect(destructiveObjects(r)).toEqual([`${MC} PersistentVolumeClaim monitoring-core/grafana-data`]);
    expect(r.destructive[0].reason).toMatch(/storage shrinks at spec\.resources\.requests\.storage: 10Gi -> 5Gi/);

    s.edit(`${MC}/persistentvolumeclaim-grafana-data.yaml`, (m) => { m.spec.resources.requests.storage = '20Gi'; });
    const grow = s.diff();
    expect(objectLines(grow)).toEqual([`${MC} changed PersistentVolumeClaim monitoring-core/grafana-data`]);
    expect(grow.destructive).toEqual([]);
  });

  it('rename a StatefulSet: the old one removed (destructive), the new one added (not)', () => {
    const s = change();
    s.edit(`${MC}/statefulset-loki.yaml`, (m) => { m.metadata.name = 'loki-monolithic'; });
    s.move(`${MC}/statefulset-loki.yaml`, `${MC}/statefulset-loki-monolithic.yaml`);
    s.commit('rename');
    const r = s.diff();
    expect(objectLines(r)).toEqual([
      `${MC} added StatefulSet monitoring-core/loki-monolithic`,
      `${MC} removed StatefulSet monitoring-core/loki`,
    ]);
    expect(destructiveObjects(r)).toEqual([`${MC} StatefulSet monitoring-core/loki`]);
    expect(r.destructive[0].reason).toMatch(/volumes stay orphaned.*prune-protected/);
    expect(r.images).toEqual([]);
  });

  it('drop a feature whose store holds data (bulk): its workloads go quietly, its store and topic are flagged', () => {
    const s = change();
    for (const f of ['deployment-bulk-api-adapter-service', 'service-bulk-api-adapter-service', 'perconaservermongodb-mongodb-bulk', 'kafkatopic-topic-bulk-prepare']) s.delete(`${ML}/${f}.yaml`);
    s.commit('bulk off');
    const r = s.diff();
    expect(objectLines(r)).toEqual([
      `${ML} removed Deployment mojaloop/bulk-api-adapter-service`,
      `${ML} removed KafkaTopic mojaloop/topic-bulk-prepare`,
      `${ML} removed PerconaServerMongoDB mojaloop/mongodb-bulk`,
      `${ML} removed Service mojaloop/bulk-api-adapter-service`,
    ]);
    expect(destructiveObjects(r)).toEqual([
      `${ML} KafkaTopic mojaloop/topic-bulk-prepare`,
      `${ML} PerconaServerMongoDB mojaloop/mongodb-bulk`,
    ]);
    expect(r.images.map((i) => `${i.repository}: ${i.from} -> ${i.to ?? '(gone)'}`).sort()).toEqual([
      'docker.io/mojaloop/bulk-api-adapter: v17.2.7 -> (gone)',
      'docker.io/percona/percona-server-mongodb: 8.0.12-4 -> (gone)',
    ]);
  });

  it('drop the Kafka cluster and its node pools (whose claims hold the log): every store object flagged', () => {
    const s = change();
    for (const f of ['kafka-kafka', 'kafkanodepool-controller', 'kafkanodepool-broker']) s.delete(`${ML}/${f}.yaml`);
    s.commit('no kafka');
    const r = s.diff();
    expect(destructiveObjects(r)).toEqual(objectLines(r).map((l) => l.replace(' removed ', ' ')));
    expect(destructiveObjects(r)).toEqual([`${ML} Kafka mojaloop/kafka`, `${ML} KafkaNodePool mojaloop/broker`, `${ML} KafkaNodePool mojaloop/controller`]);
  });

  it('move a service to another pool: one Deployment changed in affinity and toleration, nothing destructive', () => {
    const s = change();
    s.edit(`${ML}/deployment-central-ledger-handler-transfer-prepare.yaml`, (m) => {
      const spec = m.spec.template.spec;
      spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key = 'workload-class.mojaloop.io/CENTRAL-LEDGER-SVC';
      spec.tolerations[0].key = 'workload-class.mojaloop.io/CENTRAL-LEDGER-SVC';
    });
    s.commit('move');
    const r = s.diff();
    expect(objectLines(r)).toEqual([`${ML} changed Deployment mojaloop/central-ledger-handler-transfer-prepare`]);
    expect(fieldPaths(r, 'central-ledger-handler-transfer-prepare')).toEqual([
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key',
      'spec.template.spec.tolerations[0].key',
    ]);
    expect(r.destructive).toEqual([]);
  });
});

describe('destructive rules', () => {
  const flagged = (edit: (s: ScratchDist) => void): string[] => {
    const s = change();
    edit(s);
    return s.diff().destructive.map((d) => `${d.object}: ${d.reason}`);
  };

  it('immutable fields: workload selectors, StatefulSet serviceName and claim templates, Service clusterIP, PVC class', () => {
    expect(flagged((s) => s.edit(`${ML}/deployment-central-ledger-service.yaml`, (m) => { m.spec.selector.matchLabels.tier = 'api'; m.spec.template.metadata.labels.tier = 'api'; })))
      .toEqual(['Deployment mojaloop/central-ledger-service: spec.selector is immutable: the apply fails until the object is deleted and recreated']);
    expect(flagged((s) => s.edit(`${MC}/statefulset-loki.yaml`, (m) => { m.spec.serviceName = 'loki'; m.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '40Gi'; }))).toEqual([
      'StatefulSet monitoring-core/loki: spec.serviceName is immutable: the apply fails until the object is deleted and recreated',
      'StatefulSet monitoring-core/loki: spec.volumeClaimTemplates is immutable: the apply fails until the object is deleted and recreated',
      'StatefulSet monitoring-core/loki: storage shrinks at spec.volumeClaimTemplates[0].spec.resources.requests.storage: 50Gi -> 40Gi (volumes cannot shrink)',
    ]);
    expect(flagged((s) => s.edit(`${ML}/service-bulk-api-adapter-service.yaml`, (m) => { m.spec.clusterIP = 'None'; })))
      .toEqual(['Service mojaloop/bulk-api-adapter-service: spec.clusterIP is immutable: the apply fails until the object is deleted and recreated']);
    expect(flagged((s) => s.edit(`${MC}/persistentvolumeclaim-grafana-data.yaml`, (m) => { m.spec.storageClassName = 'longhorn'; })))
      .toEqual(['PersistentVolumeClaim monitoring-core/grafana-data: spec.storageClassName is immutable: the apply fails until the object is deleted and recreated']);
  });

  it('store storage that shrinks: Strimzi volume size, Percona claim request', () => {
    expect(flagged((s) => s.edit(`${ML}/kafkanodepool-broker.yaml`, (m) => { m.spec.storage.volumes[0].size = '100Gi'; })))
      .toEqual(['KafkaNodePool mojaloop/broker: storage shrinks at spec.storage.volumes[0].size: 200Gi -> 100Gi (volumes cannot shrink)']);
    expect(flagged((s) => s.edit(`${ML}/perconaservermongodb-mongodb-bulk.yaml`, (m) => { m.spec.replsets[0].volumeSpec.persistentVolumeClaim.resources.requests.storage = '50Gi'; })))
      .toEqual(['PerconaServerMongoDB mojaloop/mongodb-bulk: storage shrinks at spec.replsets[rs0].volumeSpec.persistentVolumeClaim.resources.requests.storage: 100Gi -> 50Gi (volumes cannot shrink)']);
    expect(flagged((s) => s.edit(`${ML}/kafkanodepool-broker.yaml`, (m) => { m.spec.storage.volumes[0].size = '400Gi'; }))).toEqual([]);
  });

  it('replicas below quorum: fewer than 3 or even, for members that hold a quorum; Deployments are free to scale', () => {
    expect(flagged((s) => s.edit(`${ML}/kafkanodepool-controller.yaml`, (m) => { m.spec.replicas = 2; })))
      .toEqual(['KafkaNodePool mojaloop/controller: replicas drop below a safe quorum at spec.replicas: 3 -> 2 (needs an odd count of at least 3)']);
    expect(flagged((s) => s.edit(`${ML}/perconaservermongodb-mongodb-bulk.yaml`, (m) => { m.spec.replsets[0].size = 1; })))
      .toEqual(['PerconaServerMongoDB mojaloop/mongodb-bulk: replicas drop below a safe quorum at spec.replsets[rs0].size: 3 -> 1 (needs an odd count of at least 3)']);
    expect(flagged((s) => s.edit(`${ML}/deployment-central-ledger-handler-transfer-prepare.yaml`, (m) => { m.spec.replicas = 2; }))).toEqual([]);
    // 5 -> 3 keeps an odd quorum; 5 -> 4 does not.
    const s = change();
    s.edit(`${ML}/kafkanodepool-controller.yaml`, (m) => { m.spec.replicas = 5; });
    s.commit('five');
    s.edit(`${ML}/kafkanodepool-controller.yaml`, (m) => { m.spec.replicas = 3; });
    expect(s.diff('HEAD').destructive).toEqual([]);
    s.edit(`${ML}/kafkanodepool-controller.yaml`, (m) => { m.spec.replicas = 4; });
    expect(s.diff('HEAD').destructive.map((d) => d.reason)).toEqual(['replicas drop below a safe quorum at spec.replicas: 5 -> 4 (needs an odd count of at least 3)']);
  });

  it('prune protection removed (Flux and Argo CD annotations)', () => {
    expect(flagged((s) => s.edit(`${MC}/persistentvolumeclaim-grafana-data.yaml`, (m) => { delete m.metadata.annotations; }))).toEqual([
      'PersistentVolumeClaim monitoring-core/grafana-data: prune protection removed (kustomize.toolkit.fluxcd.io/prune: disabled): Flux may now delete it',
      'PersistentVolumeClaim monitoring-core/grafana-data: prune protection removed (argocd.argoproj.io/sync-options: Prune=false): Argo CD may now delete it',
    ]);
  });

  it('removing a PersistentVolumeClaim is destructive', () => {
    expect(flagged((s) => s.delete(`${MC}/persistentvolumeclaim-grafana-data.yaml`))).toEqual([
      'PersistentVolumeClaim monitoring-core/grafana-data: removed: it holds data (prune-protected: the sync tool leaves it orphaned in the cluster; delete it by hand only if that is the intent)',
    ]);
  });

  it('removing a Namespace is destructive (real dist/ object)', () => {
    expect(flagged((s) => s.delete('staging/mojaloop/namespace-mojaloop.yaml'))).toEqual([
      'Namespace mojaloop: removed: deleting a namespace deletes everything in it (prune-protected: the sync tool leaves it orphaned in the cluster; delete it by hand only if that is the intent)',
    ]);
  });
});

describe('noise and plain files', () => {
  it('a renamed file, reordered keys and other formatting are no change', () => {
    const s = change();
    s.move(`${ML}/kafka-kafka.yaml`, `${ML}/kafka-cluster.yaml`);
    const file = path.join(s.dist, `${ML}/deployment-central-ledger-service.yaml`);
    const m = s.read(`${ML}/deployment-central-ledger-service.yaml`);
    // Keys in reverse order, flow style, different quoting.
    const reversed = (v: unknown): unknown => Array.isArray(v) ? v.map(reversed) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
    fs.writeFileSync(file, `# reformatted\n${JSON.stringify(reversed(m), null, 4)}\n`);
    const r = s.diff();
    expect(r.objects).toEqual([]);
    expect(r.files).toEqual([]);
  });

  it('an object moved to another layer is a change of layer, not an add + remove', () => {
    const s = change();
    fs.renameSync(path.join(s.dist, `${MC}/persistentvolumeclaim-grafana-data.yaml`), path.join(s.dist, `${ML}/monitoring-core_persistentvolumeclaim-grafana-data.yaml`));
    const r = s.diff();
    expect(r.objects.map((o) => [o.change, o.layer, o.fromLayer, o.fields])).toEqual([['changed', 'mojaloop', 'monitoring-core', []]]);
  });

  it('non-object files (README.md, alertmanager.yaml, cloud-configs) are reported as changed files', () => {
    const s = change();
    fs.appendFileSync(path.join(s.dist, 'prod/README.md'), '\nanother line\n');
    fs.appendFileSync(path.join(s.dist, `${MC}/alertmanager.yaml`), '# reviewed\n');
    fs.writeFileSync(path.join(s.dist, 'prod/kairos/prod-cp-9.yaml'), '#cloud-config\nhostname: prod-cp-9\n');
    const r = s.diff();
    expect(r.objects).toEqual([]);
    expect(r.files.map((f) => `${f.change} ${f.file} +${f.linesAdded} -${f.linesRemoved}`)).toEqual([
      'added prod/kairos/prod-cp-9.yaml +3 -0',
      'changed prod/README.md +2 -0',
      'changed prod/monitoring-core/alertmanager.yaml +1 -0',
    ].sort((a, b) => a.split(' ')[1].localeCompare(b.split(' ')[1])));
  });

  it('default base: the merge base with main on a branch; HEAD on main (working tree vs last commit)', () => {
    const s = scratch(new ScratchDist());
    s.edit(`${ML}/kafkanodepool-broker.yaml`, (m) => { m.spec.replicas = 5; });
    let r = s.diff();
    expect(r.base.sha).toBe(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: s.dir }).toString().trim());
    expect(objectLines(r)).toEqual([`${ML} changed KafkaNodePool mojaloop/broker`]);
    s.branch('feature');
    s.commit('five brokers');
    s.edit(`${ML}/kafkanodepool-controller.yaml`, (m) => { m.spec.replicas = 5; });
    r = s.diff();
    expect(r.base.ref).toBe('merge-base(HEAD, main)');
    expect(objectLines(r)).toEqual([`${ML} changed KafkaNodePool mojaloop/broker`, `${ML} changed KafkaNodePool mojaloop/controller`]);
  });
});

describe('npm run diff (CLI)', () => {
  const run = (args: string[]) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, ['--import', 'tsx', 'scripts/diff.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }).toString() };
    } catch (e) {
      const err = e as { status: number; stdout: Buffer; stderr: Buffer };
      return { code: err.status, out: err.stdout.toString() + err.stderr.toString() };
    }
  };

  it('exit 0 for safe changes, 3 for destructive ones, 1 for a bad base; Markdown for the merge request', () => {
    const s = change();
    s.addTree(path.join(FIXTURES, 'additions/prod'), 'prod');
    expect(run(['--repo', s.dir]).code).toBe(0);
    s.delete(`${ML}/kafka-kafka.yaml`);
    const md = run(['--repo', s.dir, '--format', 'markdown']);
    expect(md.code).toBe(3);
    expect(md.out).toContain(':warning: **1 destructive change(s)**');
    expect(md.out).toContain('| prod/mojaloop | `Kafka mojaloop/kafka` | removed: it holds data');
    expect(md.out).toContain('| prod/mojaloop | 1 | 0 | 1 | 0 |');
    expect(run(['--repo', s.dir, '--base', 'no-such-ref'])).toMatchObject({ code: 1, out: expect.stringContaining('--base no-such-ref: not a commit') });
  });

  it('the report of the real repository renders in both formats', () => {
    const s = change();
    const r = s.diff();
    expect(formatText(r)).toContain('no changes in dist/');
    expect(formatMarkdown(r)).toContain('No changes in `dist/`.');
  });
});

describe('from a source change (re-synth on a scratch copy)', () => {
  it('bump the central-ledger image in prod only: only prod may change, nothing destructive, every image change is that bump', () => {
    const s = scratch(new ScratchSource());
    s.branch('bump');
    s.editEnvironment('prod', (text) => {
      const doc = parseDocument(text);
      doc.setIn(['mojaloop', 'images', 'central-ledger'], 'v19.15.0');
      return doc.toString();
    });
    s.synth();
    const r = s.diff();
    // Until the mojaloop chart renders Deployments this is empty; then it is the bump.
    expect(r.environments.every((e) => e === 'prod')).toBe(true);
    expect(r.destructive).toEqual([]);
    for (const i of r.images) expect(i).toMatchObject({ env: 'prod', repository: expect.stringMatching(/mojaloop\/central-ledger$/), from: 'v19.14.0', to: 'v19.15.0' });
    for (const o of r.objects) expect(o.change).toBe('changed');
  });
});
