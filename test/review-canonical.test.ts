// npm run diff on the canonical merge-request changes of issue 7, made on the
// real sources: each change is a branch of one scratch copy (base = main),
// edits environments/*.yaml or chart code, re-synthesises the environments it
// concerns, and is diffed against main. The diff must list exactly the objects
// affected (expected sets come from the catalog and the base dist/, not from
// the diff) and flag exactly the destructive ones. The six changes are
// prepared side by side in beforeAll; each test then reads its report.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEVER_MERGE_WHEN } from '../charts/environment/node-pools';
import { IMAGES, SERVICES, STORES, STORE_IMAGES, TOPICS, isEnabled, type Feature } from '../charts/mojaloop/catalog';
import { MIGRATIONS } from '../charts/mojaloop/migrations';
import { STORE_EXPORTERS } from '../charts/mojaloop/monitoring/store-exporters';
import { ADMIN_SERVICES, FSPIOP_ROUTES } from '../charts/mojaloop/api-routes';
import { routeName } from '../charts/gateway/external';
import { GATEWAY_NAMESPACE } from '../charts/gateway/proxy-pods';
import { PSMDB_BACKUP_IMAGE } from '../charts/mojaloop/stores/backup';
import { storageClassName } from '../charts/mojaloop/storage';
import { providerOf } from '../charts/sync/upstream';
import { UPSTREAM_DASHBOARDS } from '../monitoring/mojaloop/dashboards/upstream';
import type { DiffReport } from '../scripts/lib/diff';
import { STORE_KINDS } from '../scripts/lib/destructive';
import { formatMarkdown, formatText } from '../scripts/lib/diff-format';
import type { DistObject } from '../scripts/lib/manifests';
import { formatPath } from '../scripts/lib/object-diff';
import { ENV_NAMES, environment } from './support/bundled';
import { ROOT, destructiveObjects, distObjects, distTree, objectLines } from './support/dist-copy';
import { ScratchSource, type Change } from './support/review-scratch';

/** environments/<env>.yaml with one value set (comments and layout kept). */
const setIn = (keys: string[], value: unknown) => (text: string): string => {
  const doc = parseDocument(text);
  doc.setIn(keys, value);
  return doc.toString();
};

const NEW_TAG = 'v19.15.0';
const NEW_RULE = 'MojaloopKafkaOfflinePartitions';
/** Inserted in the middle of the store rules (after the Kafka under-replication alert), not at the end. */
const KAFKA_RULES_END = '    }));\n  }\n  const free =';
const newRule = `    rules.push(alert(ctx, {
      name: '${NEW_RULE}',
      expr: \`sum by (namespace, store) (kafka_controller_kafkacontroller_offlinepartitionscount{\${ns}}) > 0\`,
      for: '1m',
      severity: 'critical',
      summary: 'Kafka {{ $labels.store }} has {{ $value }} partitions without a leader',
      description: 'Kafka cluster {{ $labels.store }} in {{ $labels.namespace }} has partitions without a leader: producers and consumers of those partitions stop.',
    }));
`;
const MONOLITHIC = ENV_NAMES.filter((e) => environment(e).monitoring.loki.mode === 'monolithic');

/** The canonical changes: name -> how to make it. */
const CHANGES = {
  bump: (c: Change) => c.edit('environments/prod.yaml', setIn(['mojaloop', 'images', 'central-ledger'], NEW_TAG)).render(['prod']),
  rule: (c: Change) => c.edit('monitoring/mojaloop/rules/stores.ts', (t) => t.replace(KAFKA_RULES_END, `    }));\n${newRule}  }\n  const free =`)).synth(),
  shrink: (c: Change) => c
    .edit('environments/prod.yaml', setIn(['monitoring', 'prometheus', 'storage'], '420Gi'))
    .edit('environments/prod.yaml', setIn(['monitoring', 'loki', 'storage'], '40Gi'))
    .render(['prod']),
  rename: (c: Change) => c
    .edit('charts/monitoring-core/loki.ts', (t) => t.replace("component(chart, { name: 'loki', component: 'single-binary'", "component(chart, { name: 'loki', instance: 'loki-single-binary', component: 'single-binary'"))
    .synth(MONOLITHIC),
  bulkOff: (c: Change) => c.edit('environments/prod.yaml', setIn(['features', 'bulk'], false)).render(['prod']),
  movePool: (c: Change) => c
    .edit('charts/mojaloop/catalog.ts', (t) => t.replace(/(name: 'quoting-service', image[^\n]*\n\s*pool: )'QUOTING-SERVICE'/, "$1'CORE-API-ADAPTERS'"))
    .synth(),
} satisfies Record<string, (c: Change) => Promise<Change>>;

let source: ScratchSource;
const prepared = new Map<keyof typeof CHANGES, Promise<Change>>();
beforeAll(() => {
  source = new ScratchSource();
  for (const [name, make] of Object.entries(CHANGES) as Array<[keyof typeof CHANGES, (c: Change) => Promise<Change>]>) {
    const p = make(source.change(name));
    p.catch(() => {}); // reported by the test that awaits it
    prepared.set(name, p);
  }
});
afterAll(async () => {
  await Promise.allSettled(prepared.values());
  source?.remove();
});
const report = async (name: keyof typeof CHANGES): Promise<DiffReport> => (await prepared.get(name)!).diff();

// --- expectations from the base dist/ and the catalog ---

const base = (under: string): DistObject[] => distObjects(distTree(), under);
const line = (env: string, layer: string, change: string, kind: string, name: string, namespace = '') =>
  `${env}/${layer} ${change} ${kind} ${namespace ? `${namespace}/` : ''}${name}`;
const fieldPaths = (r: DiffReport, kind: string, name: string, env = 'prod') =>
  r.objects.find((o) => o.env === env && o.kind === kind && o.name === name)!.fields.map((f) => formatPath(f.path));
const sorted = (xs: string[]) => [...xs].sort();

/** Container ports anywhere in an object (pod templates, operator sidecars), by number and by name. */
function containerPorts(value: unknown): Array<string | number> {
  if (Array.isArray(value)) return value.flatMap(containerPorts);
  if (!value || typeof value !== 'object') return [];
  const v = value as Record<string, unknown>;
  const own = typeof v.containerPort === 'number' ? [v.containerPort, ...(typeof v.name === 'string' ? [v.name] : [])] : [];
  return [...own, ...Object.values(v).flatMap(containerPorts)];
}

/** Does a label selector anywhere in the object (selector, podSelector, matchLabels) require this label? */
function selects(value: unknown, key: string, wanted: string, under = ''): boolean {
  if (Array.isArray(value)) return value.some((v) => selects(v, key, wanted, under));
  if (!value || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) =>
    (['selector', 'podSelector', 'matchLabels'].includes(under) && k === key && v === wanted) || selects(v, key, wanted, k));
}

describe('canonical changes on the real sources', () => {
  it('bump a Mojaloop image tag in prod: exactly the Deployments of that image in prod, the bump in the image list, nothing destructive', async () => {
    const r = await report('bump');
    const prod = environment('prod');
    const deployments = SERVICES.filter((s) => s.image === 'central-ledger' && isEnabled(s.feature, prod.features)).map((s) => `${prod.mojaloop.namePrefix}${s.name}`);
    expect(deployments.length).toBeGreaterThan(5);
    // The image's migration Job is named by its tag: the new one runs, the old one goes (charts/mojaloop/migration-job.ts).
    const jobName = (tag: string) => `${prod.mojaloop.namePrefix}central-ledger-migration-${tag.replace(/\./g, '-')}`;
    expect(MIGRATIONS.filter((m) => m.image === 'central-ledger')).toHaveLength(1);
    expect(objectLines(r)).toEqual(sorted([
      ...deployments.map((d) => line('prod', 'mojaloop', 'changed', 'Deployment', d, 'mojaloop')),
      line('prod', 'mojaloop', 'added', 'Job', jobName(NEW_TAG), 'mojaloop'),
      line('prod', 'mojaloop', 'removed', 'Job', jobName(IMAGES['central-ledger']), 'mojaloop'),
    ]));
    for (const d of deployments) {
      expect(fieldPaths(r, 'Deployment', d)).toEqual([
        'metadata.labels["app.kubernetes.io/version"]',
        'spec.template.metadata.labels["app.kubernetes.io/version"]',
        `spec.template.spec.containers[${d}].image`,
      ]);
    }
    expect(r.images).toEqual([{ env: 'prod', layer: 'mojaloop', repository: 'docker.io/mojaloop/central-ledger', from: IMAGES['central-ledger'], to: NEW_TAG }]);
    expect(r.destructive).toEqual([]);
    expect(r.environments).toEqual(['prod']);
    // The environment's README lists the images in use.
    expect(r.files.map((f) => f.file)).toEqual(['prod/README.md']);
    expect(formatText(r)).toContain(`spec.template.spec.containers[${deployments[0]}].image: docker.io/mojaloop/central-ledger:${IMAGES['central-ledger']} -> docker.io/mojaloop/central-ledger:${NEW_TAG}`);
  });

  it('add an alert rule: exactly the PrometheusRules holding that group change, in every environment, by one added rule', async () => {
    const r = await report('rule');
    const holders = ENV_NAMES.flatMap((env) => base(`${env}/`)
      .filter((o) => o.kind === 'PrometheusRule')
      .filter((o) => (o.manifest.spec as { groups: Array<{ name: string; rules: Array<{ alert?: string }> }> }).groups
        .some((g) => g.name === 'mojaloop-stores' && g.rules.some((x) => x.alert === 'MojaloopKafkaUnderReplicatedPartitions')))
      .map((o) => line(o.env, o.layer, 'changed', o.kind, o.name, o.namespace)));
    expect(holders).toHaveLength(ENV_NAMES.length);
    expect(objectLines(r)).toEqual(sorted(holders));
    for (const o of r.objects) {
      expect(o.fields.map((f) => formatPath(f.path))).toEqual([`spec.groups[mojaloop-stores].rules[${NEW_RULE}]`]);
      expect(o.fields[0]).toMatchObject({ old: undefined, new: { alert: NEW_RULE, for: '1m', labels: { severity: 'critical' }, expr: expect.stringContaining('offlinepartitionscount') } });
    }
    expect(r.destructive).toEqual([]);
    expect(r.images).toEqual([]);
    expect(r.files).toEqual([]);
    // The new rule reads as its fields, not as a one-line dump.
    expect(formatText(r)).toContain(`spec.groups[mojaloop-stores].rules[${NEW_RULE}]: added\n`);
  });

  it('shrink volumes in prod (Prometheus and Loki ingesters): exactly those two objects, both destructive', async () => {
    const r = await report('shrink');
    const prod = environment('prod').monitoring;
    expect(objectLines(r)).toEqual([
      line('prod', 'monitoring-core', 'changed', 'Prometheus', 'core', 'monitoring-core'),
      line('prod', 'monitoring-core', 'changed', 'StatefulSet', 'loki-ingester', 'monitoring-core'),
    ]);
    expect(destructiveObjects(r)).toEqual([
      'prod/monitoring-core Prometheus monitoring-core/core',
      'prod/monitoring-core StatefulSet monitoring-core/loki-ingester',
    ]);
    expect(r.destructive.map((d) => `${d.object}: ${d.reason}`)).toEqual([
      `Prometheus monitoring-core/core: storage shrinks at spec.storage.volumeClaimTemplate.spec.resources.requests.storage: ${prod.prometheus.storage} -> 420Gi (volumes cannot shrink)`,
      'StatefulSet monitoring-core/loki-ingester: spec.volumeClaimTemplates is immutable: the apply fails until the object is deleted and recreated',
      `StatefulSet monitoring-core/loki-ingester: storage shrinks at spec.volumeClaimTemplates[data].spec.resources.requests.storage: ${prod.loki.storage} -> 40Gi (volumes cannot shrink)`,
    ]);
    expect(r.files).toEqual([]);
  });

  it('rename a StatefulSet (monolithic Loki): the old one removed and flagged, the new one added, the objects selecting its pods listed', async () => {
    const r = await report('rename');
    expect(MONOLITHIC.length).toBeGreaterThan(0);
    const expected = MONOLITHIC.flatMap((env) => {
      const selecting = base(`${env}/monitoring-core/`)
        .filter((o) => !(o.kind === 'StatefulSet' && o.name === 'loki') && selects(o.manifest, 'app.kubernetes.io/instance', 'loki'))
        .map((o) => line(env, 'monitoring-core', 'changed', o.kind, o.name, o.namespace));
      return [
        line(env, 'monitoring-core', 'removed', 'StatefulSet', 'loki', 'monitoring-core'),
        line(env, 'monitoring-core', 'added', 'StatefulSet', 'loki-single-binary', 'monitoring-core'),
        ...selecting,
      ];
    });
    expect(objectLines(r)).toEqual(sorted(expected));
    // Concretely: its Service and ServiceMonitor (a single replica has no PDB; the NetworkPolicy selects by name).
    expect(objectLines(r).filter((l) => l.includes(' changed ')).map((l) => l.split(' ').slice(2).join(' '))).toEqual(
      MONOLITHIC.flatMap(() => ['Service monitoring-core/loki', 'ServiceMonitor monitoring-core/loki']),
    );
    expect(destructiveObjects(r)).toEqual(MONOLITHIC.map((env) => `${env}/monitoring-core StatefulSet monitoring-core/loki`));
    expect(r.destructive[0].reason).toMatch(/^removed: its pods go; its volumes stay orphaned \(prune-protected/);
    expect(r.images).toEqual([]);
    expect(r.files.map((f) => f.file)).toEqual(MONOLITHIC.map((env) => `${env}/README.md`));
  });

  it('drop a feature whose store holds data (bulk in prod): everything of the feature removed, its store and topics flagged, its users updated', async () => {
    const r = await report('bulkOff');
    const prod = environment('prod');
    const ns = prod.namespaces.mojaloop.name;
    const p = prod.mojaloop.namePrefix;
    const on = (f: Feature) => isEnabled(f, { ...prod.features, bulk: false });
    const services = SERVICES.filter((s) => s.feature === 'bulk');
    const stores = STORES.filter((s) => s.feature === 'bulk');
    const keptKinds = new Set(STORES.filter((s) => on(s.feature)).map((s) => s.kind));
    const crKind = (kind: (typeof STORES)[number]['kind']) => STORE_EXPORTERS[kind][0].crKinds[0];
    const removed = [
      ...services.flatMap((s) => [
        ['Deployment', s.name], ['Service', s.name], ['PodDisruptionBudget', s.name], ['NetworkPolicy', s.name], ['ConfigMap', `${s.name}-config`],
        ...(s.metricsPrefix ? [['ServiceMonitor', s.name]] : []),
      ]),
      ...stores.flatMap((s) => [
        [crKind(s.kind), s.name], ['NetworkPolicy', `${s.name}-store`],
        ...STORE_EXPORTERS[s.kind].map((t) => ['PodMonitor', `${s.name}-${t.suffix}`]),
      ]),
      ...TOPICS.filter((t) => t.feature === 'bulk').map((t) => ['KafkaTopic', t.name]),
      ...UPSTREAM_DASHBOARDS.filter((d) => d.store && stores.some((s) => s.kind === d.store) && !keptKinds.has(d.store)).map((d) => ['GrafanaDashboard', d.name]),
    ].map(([kind, name]) => line('prod', 'mojaloop', 'removed', kind, `${p}${name}`, ns));
    const pools = [...new Set(stores.map((s) => s.pool))].filter((pool) => !STORES.some((s) => on(s.feature) && s.pool === pool));
    removed.push(...pools.map((pool) => line('prod', 'mojaloop', 'removed', 'StorageClass', storageClassName(pool))));
    // The application users' Secret of each dropped store is no longer delivered (its values stay in Vault).
    removed.push(...stores.filter((s) => s.databases?.length).map((s) => line('prod', 'cluster-services', 'removed', 'ExternalSecret', `${p}${s.name}-app-users`, ns)));
    // The external gateway stops routing the feature's resources.
    removed.push(...FSPIOP_ROUTES.filter((r) => r.feature === 'bulk').map((r) => line('prod', 'gateway', 'removed', 'HTTPRoute', routeName(r.prefix), GATEWAY_NAMESPACE)));
    // Stores the feature's services reached, and the scrape policy, lose their rules for it.
    const reached = [...new Set(services.flatMap((s) => s.stores))].filter((n) => !stores.some((s) => s.name === n));
    // The scrape policy loses the ports (by number or name) only the dropped store's pods listened on.
    const prodObjects = base('prod/mojaloop/');
    const isRemoved = (o: DistObject) => removed.includes(line('prod', 'mojaloop', 'removed', o.kind, o.name, o.namespace));
    const portsOf = (objs: DistObject[]) => new Set(objs.flatMap((o) => containerPorts(o.manifest)));
    const kept = portsOf(prodObjects.filter((o) => !isRemoved(o)));
    const droppedPorts = [...portsOf(prodObjects.filter((o) => isRemoved(o) && STORE_KINDS.has(o.kind)))].filter((x) => !kept.has(x));
    const scrape = prodObjects.find((o) => o.kind === 'NetworkPolicy' && o.name === 'allow-prometheus-scrape')!;
    const scrapePorts = (scrape.manifest.spec as { ingress: Array<{ ports: Array<{ port: string | number }> }> }).ingress.flatMap((i) => i.ports.map((x) => x.port));
    const changed = [
      ...reached.map((n) => line('prod', 'mojaloop', 'changed', 'NetworkPolicy', `${p}${n}-store`, ns)),
      // An admin API admits its callers by name: the feature's services leave its ingress.
      ...ADMIN_SERVICES.filter((a) => services.some((s) => s.calls.includes(a))).map((a) => line('prod', 'mojaloop', 'changed', 'NetworkPolicy', `${p}${a}`, ns)),
      ...(scrapePorts.some((x) => droppedPorts.includes(x)) ? [line('prod', 'mojaloop', 'changed', 'NetworkPolicy', scrape.name, ns)] : []),
      line('prod', 'mojaloop', 'changed', 'PrometheusRule', `${p}mojaloop-rules`, ns),
      // The mojaloop layer no longer waits for the operator of the dropped store's kind.
      line('prod', 'flux-system', 'changed', 'Kustomization', 'mojaloop', 'flux-system'),
    ];
    expect(objectLines(r)).toEqual(sorted([...removed, ...changed]));
    const operators = stores.map((s) => base('prod/mojaloop/').find((o) => o.kind === crKind(s.kind) && o.name === `${p}${s.name}`)!).map((o) => providerOf(o.apiVersion, o.kind)!.name);
    expect(fieldPaths(r, 'Kustomization', 'mojaloop')).toEqual(operators.map((o) => `spec.dependsOn[${o}]`));

    // Destructive: exactly the removed store objects (the CR and the topics, both prune-protected).
    const storeObjects = r.objects.filter((o) => o.change === 'removed' && STORE_KINDS.has(o.kind)).map((o) => `${o.env}/${o.layer} ${o.kind} ${o.namespace}/${o.name}`);
    expect(storeObjects.length).toBe(stores.length + TOPICS.filter((t) => t.feature === 'bulk').length);
    expect(destructiveObjects(r)).toEqual(sorted(storeObjects));
    expect(new Set(r.destructive.map((d) => d.reason))).toEqual(new Set(['removed: it holds data (prune-protected: the sync tool leaves it orphaned in the cluster; delete it by hand only if that is the intent)']));

    // Images: only those nothing else in prod uses any more (central-ledger runs on in the core handlers).
    const goneImages = [...new Set(services.map((s) => s.image))].filter((i) => !SERVICES.some((s) => on(s.feature) && s.image === i)).map((i) => `docker.io/mojaloop/${i}`);
    expect(goneImages).toEqual(['docker.io/mojaloop/bulk-api-adapter']);
    expect(r.images.filter((i) => i.to !== undefined)).toEqual([]);
    // The bulk MongoDB's images go with it (its backup agent too when prod backs up).
    const mongoImages = [STORE_IMAGES.psmdb, STORE_IMAGES.mongodbExporter, ...(environment('prod').backups ? [PSMDB_BACKUP_IMAGE] : [])];
    expect(sorted(r.images.map((i) => i.repository))).toEqual(sorted([...goneImages, ...mongoImages].map((i) => i.replace(/:[^:/]+$/, ''))));

    // Files: the README, and the cloud-configs of the pool nodes that lose their dedicated taint.
    const untainted = NEVER_MERGE_WHEN.bulk.flatMap((pool) => prod.topology.nodesOf(pool).map((n) => `prod/kairos/${n.name}.yaml`));
    expect(sorted(r.files.map((f) => f.file))).toEqual(sorted(['prod/README.md', ...untainted]));
  });

  it('move a service to another pool: exactly its Deployment changes in every environment (affinity and toleration), nothing destructive', async () => {
    const r = await report('movePool');
    expect(objectLines(r)).toEqual(ENV_NAMES.map((env) => line(env, 'mojaloop', 'changed', 'Deployment', `${environment(env).mojaloop.namePrefix}quoting-service`, 'mojaloop')).sort());
    for (const env of ENV_NAMES) {
      const o = r.objects.find((x) => x.env === env)!;
      expect(o.fields.map((f) => [formatPath(f.path), f.old, f.new])).toEqual([
        ['spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key', 'workload-class.mojaloop.io/QUOTING-SERVICE', 'workload-class.mojaloop.io/CORE-API-ADAPTERS'],
        ['spec.template.spec.tolerations[0].key', 'workload-class.mojaloop.io/QUOTING-SERVICE', 'workload-class.mojaloop.io/CORE-API-ADAPTERS'],
      ]);
    }
    expect(r.destructive).toEqual([]);
    expect(r.images).toEqual([]);
    expect(r.files.map((f) => f.file)).toEqual(ENV_NAMES.map((e) => `${e}/README.md`).sort());
  });
});

describe('npm run diff (CLI) on the changes', () => {
  // As npm runs it: the bundle of this checkout (built by the globalSetup).
  const cli = async (args: string[]) => {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['scripts/run.mjs', 'scripts/diff.ts', ...args], { cwd: ROOT });
      return { code: 0, out: stdout };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, out: err.stdout + err.stderr };
    }
  };

  it('exit 0 for safe changes, 3 for destructive ones (Markdown for the merge request), 2 (usage) for a bad base', async () => {
    const [bump, bulk] = await Promise.all([prepared.get('bump')!, prepared.get('bulkOff')!]);
    const [safe, destructive, bad] = await Promise.all([
      cli(['--repo', bump.dir, ...bump.envArgs]),
      cli(['--repo', bulk.dir, ...bulk.envArgs, '--format', 'markdown']),
      cli(['--repo', bump.dir, '--base', 'no-such-ref']),
    ]);
    expect(safe.code).toBe(0);
    expect(safe.out).toContain('no destructive changes');
    expect(destructive.code).toBe(3);
    expect(destructive.out).toMatch(/:warning: \*\*\d+ destructive change\(s\)\*\*/);
    expect(destructive.out).toContain('| removed: it holds data (prune-protected: the sync tool leaves it orphaned in the cluster; delete it by hand only if that is the intent) | prod/mojaloop `KafkaTopic mojaloop/topic-bulk-fulfil`<br>');
    const r = await report('bulkOff');
    const n = (c: string) => r.objects.filter((o) => o.layer === 'mojaloop' && o.change === c).length;
    expect(destructive.out).toContain(`| prod/mojaloop | 0 | ${n('changed')} | ${n('removed')} | 0 |`);
    expect(bad).toMatchObject({ code: 2, out: expect.stringContaining('--base no-such-ref: not a commit') });
  });

  it('the text report groups destructive changes by reason and lists images that really went', async () => {
    const text = formatText(await report('bulkOff'));
    expect(text).toMatch(/DESTRUCTIVE CHANGES \(\d+\):\n {2}! removed: it holds data \(prune-protected[^\n]*:\n {6}prod\/mojaloop KafkaTopic mojaloop\/topic-bulk-fulfil\n/);
    expect(text).not.toContain('central-ledger: ');
    expect(formatMarkdown(await report('bump'))).toContain('No destructive changes.');
  });

  it('what a reviewer must check comes first: destructive changes, the per-environment summary, pools left idle', async () => {
    const r = await report('bulkOff');
    expect(r.idle.map((i) => i.pool)).toEqual(['CORE-HANDLERS-BULK', 'DOC-BULK-LIVE']);
    expect(r.idle[0]).toMatchObject({ env: 'prod', nodes: ['prod-bulk-1', 'prod-bulk-2', 'prod-bulk-3'] });
    const text = formatText(r);
    const at = (s: string) => text.indexOf(s);
    expect(at('DESTRUCTIVE CHANGES')).toBeGreaterThan(0);
    expect(at('DESTRUCTIVE CHANGES')).toBeLessThan(at('Summary:\n  prod: '));
    expect(at('Summary:')).toBeLessThan(at('NOTICE: nodes left idle (2 pool(s)):\n  ! prod: pool CORE-HANDLERS-BULK keeps 3 node(s) (prod-bulk-1, prod-bulk-2, prod-bulk-3) with no workload any more'));
    expect(at('NOTICE')).toBeLessThan(at('prod/mojaloop: '));
    expect(text.split('\n').every((l) => l.length <= 160)).toBe(true);
    const md = formatMarkdown(r);
    expect(md.indexOf(':warning:')).toBeLessThan(md.indexOf('| **prod** |'));
    expect(md.indexOf('| **prod** |')).toBeLessThan(md.indexOf('Nodes left idle'));
    expect(md.indexOf('Nodes left idle')).toBeLessThan(md.indexOf('#### Objects'));
    // A change that empties no pool has no notice.
    expect((await report('bump')).idle).toEqual([]);
  });
});
