// The rules and the presentation of npm run diff, on edits of the real dist/
// made in memory (no git, no re-synth): the edits a source change cannot make
// (an immutable selector changed by hand, a quorum broken) and the noise the
// diff must not report. Canonical source changes: review-canonical.test.ts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FLUX_PRUNE_ANNOTATION } from '../charts/lib/prune';
import { formatChange } from '../scripts/lib/change-format';
import { diffDist } from '../scripts/lib/diff';
import { formatMarkdown, formatText, wrap } from '../scripts/lib/diff-format';
import { diffValues, formatPath } from '../scripts/lib/object-diff';
import { wordDiff } from '../scripts/lib/text-diff';
import { DistTree, distTree, objectLines } from './support/dist-copy';

const ML = 'prod/mojaloop';
const MC = 'prod/monitoring-core';

/** The reasons a hand edit of the real dist/ is flagged for ("Kind ns/name: reason"). */
const flagged = (edit: (t: DistTree) => void, extra?: Record<string, unknown>): string[] => {
  const t = new DistTree(extra);
  edit(t);
  return t.diff().destructive.map((d) => `${d.object}: ${d.reason}`);
};

/**
 * The charts render no bare PersistentVolumeClaim (claims come from StatefulSet
 * templates and operators), so the claim rules are checked on one of these.
 */
const PVC_FILE = `${MC}/persistentvolumeclaim-grafana-data.yaml`;
const pvc = {
  [PVC_FILE]: {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: 'grafana-data', namespace: 'monitoring-core',
      annotations: { [FLUX_PRUNE_ANNOTATION]: 'disabled', 'argocd.argoproj.io/sync-options': 'Prune=false' },
    },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'local-path', resources: { requests: { storage: '10Gi' } } },
  },
};

describe('destructive rules', () => {
  it('immutable fields: workload selectors, StatefulSet serviceName and claim templates, a headless Service made ClusterIP, PVC class', () => {
    expect(flagged((t) => t.edit(`${ML}/deployment-centralledger-service.yaml`, (m) => { m.spec.selector.matchLabels.tier = 'api'; m.spec.template.metadata.labels.tier = 'api'; })))
      .toEqual(['Deployment mojaloop/centralledger-service: spec.selector is immutable: the apply fails until the object is deleted and recreated']);
    expect(flagged((t) => t.edit('dev/monitoring-core/statefulset-loki.yaml', (m) => { m.spec.serviceName = 'loki-headless'; m.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '5Gi'; }))).toEqual([
      'StatefulSet monitoring-core/loki: spec.serviceName is immutable: the apply fails until the object is deleted and recreated',
      'StatefulSet monitoring-core/loki: spec.volumeClaimTemplates is immutable: the apply fails until the object is deleted and recreated',
      'StatefulSet monitoring-core/loki: storage shrinks at spec.volumeClaimTemplates[data].spec.resources.requests.storage: 10Gi -> 5Gi (volumes cannot shrink)',
    ]);
    expect(flagged((t) => t.edit(`${MC}/service-loki-index-gateway-headless.yaml`, (m) => { delete m.spec.clusterIP; })))
      .toEqual(['Service monitoring-core/loki-index-gateway-headless: spec.clusterIP is immutable: the apply fails until the object is deleted and recreated']);
    expect(flagged((t) => t.edit(PVC_FILE, (m) => { m.spec.storageClassName = 'longhorn'; }), pvc))
      .toEqual(['PersistentVolumeClaim monitoring-core/grafana-data: spec.storageClassName is immutable: the apply fails until the object is deleted and recreated']);
  });

  it('storage that shrinks: claim request, Strimzi volume size, Percona claim template; growing is safe', () => {
    expect(flagged((t) => t.edit(PVC_FILE, (m) => { m.spec.resources.requests.storage = '5Gi'; }), pvc))
      .toEqual(['PersistentVolumeClaim monitoring-core/grafana-data: storage shrinks at spec.resources.requests.storage: 10Gi -> 5Gi (volumes cannot shrink)']);
    expect(flagged((t) => t.edit(PVC_FILE, (m) => { m.spec.resources.requests.storage = '20Gi'; }), pvc)).toEqual([]);
    expect(flagged((t) => t.edit(`${ML}/kafkanodepool-brokers.yaml`, (m) => { m.spec.storage.volumes[0].size = '100Gi'; })))
      .toEqual(['KafkaNodePool mojaloop/brokers: storage shrinks at spec.storage.volumes[0].size: 200Gi -> 100Gi (volumes cannot shrink)']);
    expect(flagged((t) => t.edit(`${ML}/perconaservermongodb-bulk-db.yaml`, (m) => { m.spec.replsets[0].volumeSpec.persistentVolumeClaim.resources.requests.storage = '50Gi'; })))
      .toEqual(['PerconaServerMongoDB mojaloop/bulk-db: storage shrinks at spec.replsets[rs0].volumeSpec.persistentVolumeClaim.resources.requests.storage: 100Gi -> 50Gi (volumes cannot shrink)']);
    expect(flagged((t) => t.edit(`${ML}/kafkanodepool-brokers.yaml`, (m) => { m.spec.storage.volumes[0].size = '400Gi'; }))).toEqual([]);
  });

  it('replicas below quorum: fewer than 3 or even, for members that hold a quorum; Deployments are free to scale', () => {
    expect(flagged((t) => t.edit(`${ML}/kafkanodepool-controllers.yaml`, (m) => { m.spec.replicas = 2; })))
      .toEqual(['KafkaNodePool mojaloop/controllers: replicas drop below a safe quorum at spec.replicas: 3 -> 2 (needs an odd count of at least 3)']);
    expect(flagged((t) => t.edit(`${ML}/perconaservermongodb-bulk-db.yaml`, (m) => { m.spec.replsets[0].size = 1; })))
      .toEqual(['PerconaServerMongoDB mojaloop/bulk-db: replicas drop below a safe quorum at spec.replsets[rs0].size: 3 -> 1 (needs an odd count of at least 3)']);
    expect(flagged((t) => t.edit(`${ML}/perconaxtradbcluster-central-ledger-db.yaml`, (m) => { m.spec.pxc.size = 2; })))
      .toEqual(['PerconaXtraDBCluster mojaloop/central-ledger-db: replicas drop below a safe quorum at spec.pxc.size: 3 -> 2 (needs an odd count of at least 3)']);
    expect(flagged((t) => t.edit(`${ML}/deployment-centralledger-handler-transfer-prepare.yaml`, (m) => { m.spec.replicas = 2; }))).toEqual([]);
    // 5 -> 3 keeps an odd quorum; 5 -> 4 does not.
    const five = new DistTree().edit(`${ML}/kafkanodepool-controllers.yaml`, (m) => { m.spec.replicas = 5; }).files;
    const from5 = (n: number) => new DistTree({}, five).edit(`${ML}/kafkanodepool-controllers.yaml`, (m) => { m.spec.replicas = n; }).diff().destructive.map((d) => d.reason);
    expect(from5(3)).toEqual([]);
    expect(from5(4)).toEqual(['replicas drop below a safe quorum at spec.replicas: 5 -> 4 (needs an odd count of at least 3)']);
  });

  it('prune protection removed (Flux and Argo CD annotations) from a store', () => {
    expect(flagged((t) => t.edit(`${ML}/perconaservermongodb-bulk-db.yaml`, (m) => { delete m.metadata.annotations; }))).toEqual([
      'PerconaServerMongoDB mojaloop/bulk-db: prune protection removed (kustomize.toolkit.fluxcd.io/prune: disabled): Flux may now delete it',
      'PerconaServerMongoDB mojaloop/bulk-db: prune protection removed (argocd.argoproj.io/sync-options: Prune=false): Argo CD may now delete it',
    ]);
  });

  it('removals that lose data: a PersistentVolumeClaim, a Namespace, the Kafka cluster and its node pools', () => {
    expect(flagged((t) => t.delete(PVC_FILE), pvc)).toEqual([
      'PersistentVolumeClaim monitoring-core/grafana-data: removed: it holds data (prune-protected: the sync tool leaves it orphaned in the cluster; delete it by hand only if that is the intent)',
    ]);
    expect(flagged((t) => t.delete('staging/namespaces/namespace-mojaloop.yaml'))).toEqual([
      'Namespace mojaloop: removed: deleting a namespace deletes everything in it (prune-protected: the sync tool leaves it orphaned in the cluster; delete it by hand only if that is the intent)',
    ]);
    const t = new DistTree();
    for (const f of ['kafka-kafka', 'kafkanodepool-controllers', 'kafkanodepool-brokers']) t.delete(`${ML}/${f}.yaml`);
    const r = t.diff();
    expect(r.destructive.map((d) => d.object)).toEqual(['Kafka mojaloop/kafka', 'KafkaNodePool mojaloop/brokers', 'KafkaNodePool mojaloop/controllers']);
  });
});

describe('noise', () => {
  it('a renamed file, reordered keys and other formatting are no change', () => {
    const t = new DistTree().move(`${ML}/kafka-kafka.yaml`, `${ML}/kafka-cluster.yaml`);
    const m = t.read(`${ML}/deployment-centralledger-service.yaml`);
    // Keys in reverse order, flow style, different quoting.
    const reversed = (v: unknown): unknown => Array.isArray(v) ? v.map(reversed) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
    t.text(`${ML}/deployment-centralledger-service.yaml`, () => `# reformatted\n${JSON.stringify(reversed(m), null, 4)}\n`);
    const r = t.diff();
    expect(r.objects).toEqual([]);
    expect(r.files).toEqual([]);
  });

  it('an object moved to another layer is a change of layer, not an add + remove', () => {
    const t = new DistTree().move(`${MC}/networkpolicy-allow-loki.yaml`, `${ML}/monitoring-core_networkpolicy-allow-loki.yaml`);
    expect(t.diff().objects.map((o) => [o.change, o.layer, o.fromLayer, o.fields])).toEqual([['changed', 'mojaloop', 'monitoring-core', []]]);
  });

  it('non-object files (README.md, alertmanager.yaml, cloud-configs) are reported as changed files', () => {
    const t = new DistTree()
      .text('prod/README.md', (s) => `${s}\nanother line\n`)
      .text(`${MC}/alertmanager.yaml`, (s) => `${s}# reviewed\n`)
      .text('prod/kairos/prod-cp-9.yaml', () => '#cloud-config\nhostname: prod-cp-9\n');
    const r = t.diff();
    expect(r.objects).toEqual([]);
    expect(r.files.map((f) => `${f.change} ${f.file} +${f.linesAdded} -${f.linesRemoved}`)).toEqual([
      'added prod/kairos/prod-cp-9.yaml +3 -0',
      'changed prod/monitoring-core/alertmanager.yaml +1 -0',
      'changed prod/README.md +2 -0',
    ]);
    const text = formatText(r);
    // A YAML file by path (a comment is no change of data, so its lines are shown), other text by its changed lines.
    expect(text).toContain('  file ~ prod/monitoring-core/alertmanager.yaml (+1 -0 lines)\n      + # reviewed\n');
    expect(text).toContain('  file ~ prod/README.md (+2 -0 lines)\n      + another line\n');
    const routed = new DistTree().text(`${MC}/alertmanager.yaml`, (s) => s.replace('repeat_interval: 4h', 'repeat_interval: 6h')).diff();
    expect(formatText(routed)).toContain('  file ~ prod/monitoring-core/alertmanager.yaml (+1 -1 lines)\n      route.repeat_interval: 4h -> 6h\n');
  });

  it('list items are matched by identity (name, metadata.name, alert/record) or alignment, so an insertion is one change', () => {
    const rules = (names: string[]) => ({ groups: [{ name: 'g', rules: names.map((alert) => ({ alert, expr: `up{job="${alert}"} == 0` })) }] });
    expect(diffValues(rules(['A', 'B', 'C']), rules(['A', 'X', 'B', 'C'])).map((c) => formatPath(c.path))).toEqual(['groups[g].rules[X]']);
    const from = (apps: string[]) => ({ from: apps.map((app) => ({ podSelector: { matchLabels: { app } } })) });
    expect(diffValues(from(['a', 'b', 'c', 'd']), from(['a', 'c', 'd']))).toEqual([{ path: ['from', 1], old: { podSelector: { matchLabels: { app: 'b' } } } }]);
    expect(diffValues(from(['a', 'b']), from(['a', 'x'])).map((c) => `${formatPath(c.path)}: ${String(c.old)} -> ${String(c.new)}`))
      .toEqual(['from[1].podSelector.matchLabels.app: b -> x']);
  });

  it('a small change inside an embedded JSON or YAML text is shown by path; a large one is summarised by lines', () => {
    const cm = (host: string) => ({ data: { 'override.json': `${JSON.stringify({ DATABASE: { HOST: host, PORT: 3306 } }, null, 2)}\n` } });
    const small = diffValues(cm('db-a'), cm('db-b'));
    expect(small.flatMap(formatChange)).toEqual(['data["override.json"] › DATABASE.HOST: db-a -> db-b']);
    const big = (n: number) => ({ json: `${JSON.stringify({ panels: Array.from({ length: 20 }, (_, i) => ({ id: i, title: `p${i}`, span: n })) }, null, 2)}\n` });
    const lines = diffValues(big(1), big(2)).flatMap(formatChange);
    expect(lines).toEqual(['json: text changed (+20 -20 lines)']);
    const text = (s: string) => ({ 'nginx.conf': s });
    expect(diffValues(text('a\nlisten 8080;\nb\n'), text('a\nlisten 8081;\nb\n')).flatMap(formatChange))
      .toEqual(['["nginx.conf"]: text changed (+1 -1 lines)', '  ~ listen [-8080-]{+8081+};']);
    expect(diffValues(text('a\nlisten 8080;\nb\n'), text('a\nb\nlisten 8080;\nc\n')).flatMap(formatChange))
      .toEqual(['["nginx.conf"]: text changed (+1 -0 lines)', '  + c']);
  });

  it('long one-line values (PromQL, regex alternations) show the words that changed, git-word-diff style, never cut', () => {
    const a = 'sum by (namespace) (kafka_consumergroup_lag{namespace="mojaloop",consumergroup=~"bulk-a|bulk-b|cl-group-transfer-admin|cl-group-transfer-fulfil|cl-group-transfer-get"}) > 1000';
    const b = a.replace('bulk-a|bulk-b|', '');
    expect(wordDiff(a, b)).toBe('…jaloop",consumergroup=~"[-bulk-a|bulk-b|-]cl-group-transfer-admin|…');
    // The report keeps the whole expression (it wraps long lines instead of cutting them).
    expect(formatChange({ path: ['expr'], old: a, new: b })).toEqual([`expr: ${a.replace('bulk-a|bulk-b|', '[-bulk-a|bulk-b|-]')}`]);
    const channel = `#${'mojaloop-payments-switch-critical-alerts-'.repeat(3)}prod`;
    const lines = formatChange({ path: ['receivers[critical]', 'slack_configs[0]', 'channel'], old: '#old', new: channel });
    expect(lines.join('')).toContain(channel.slice(1));
    expect(lines.join('')).not.toContain('…');
    expect(wrap(`      ${lines[0]}`, 60).every((l) => l.length <= 60)).toBe(true);
    expect(wrap(`      ${lines[0]}`, 60).map((l) => l.trim()).join('')).toBe(lines[0].replace(/ /g, ''));
  });
});

describe('reports', () => {
  it('an unchanged dist/ renders as "no changes" in both formats', () => {
    const r = new DistTree().diff();
    expect(formatText(r)).toContain('no changes in dist/');
    expect(formatMarkdown(r)).toContain('No changes in `dist/`.');
  });

  it('objects with exactly the same change are shown once, under the list of them', () => {
    const t = new DistTree();
    for (const f of ['service-quoting-service', 'service-quoting-service-handler']) t.edit(`${ML}/${f}.yaml`, (m) => { m.metadata.labels.team = 'quotes'; });
    const text = formatText(t.diff());
    expect(text).toContain([
      '  ~ Service mojaloop/quoting-service',
      '  ~ Service mojaloop/quoting-service-handler',
      '      each of these 2:',
      '        metadata.labels.team: + quotes',
    ].join('\n'));
  });

  // How long this takes is measured by `npm run bench` (its diff row), not asserted here: a timing fails under load.
  it('one edit in each of the four environments is four changed objects', () => {
    const t = new DistTree();
    for (const env of ['dev', 'test', 'staging', 'prod']) t.edit(`${env}/mojaloop/deployment-quoting-service.yaml`, (m) => { m.spec.replicas += 1; });
    expect(objectLines(t.diff())).toEqual(['dev', 'prod', 'staging', 'test'].map((env) => `${env}/mojaloop changed Deployment mojaloop/quoting-service`));
  });
});

describe('default base (git)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-git-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
  const file = (f: string) => path.join(dir, 'dist', f);
  const set = (f: string, replicas: number) => fs.writeFileSync(file(f), distTree().get(f)!.replace(/^ {2}replicas: \d+$/m, `  replicas: ${replicas}`));

  it('the merge base with main on a branch; HEAD on main (working tree vs last commit)', () => {
    // A small repository: two store objects of prod are enough to tell the bases apart.
    const files = [`${ML}/kafkanodepool-brokers.yaml`, `${ML}/kafkanodepool-controllers.yaml`];
    for (const f of files) {
      fs.mkdirSync(path.dirname(file(f)), { recursive: true });
      fs.writeFileSync(file(f), distTree().get(f)!);
    }
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.email=ci@example.invalid', '-c', 'user.name=scratch', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'base');
    set(files[0], 5);
    let r = diffDist({ repo: dir });
    expect(r.base.sha).toBe(git('rev-parse', 'HEAD'));
    expect(objectLines(r)).toEqual([`${ML} changed KafkaNodePool mojaloop/brokers`]);
    git('checkout', '-q', '-b', 'feature');
    git('add', '-A');
    git('-c', 'user.email=ci@example.invalid', '-c', 'user.name=scratch', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'five brokers');
    set(files[1], 5);
    r = diffDist({ repo: dir });
    expect(r.base.ref).toBe('merge-base(HEAD, main)');
    expect(objectLines(r)).toEqual([`${ML} changed KafkaNodePool mojaloop/brokers`, `${ML} changed KafkaNodePool mojaloop/controllers`]);
  });
});
