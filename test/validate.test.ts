// npm run validate: every object of dist/ against the Kubernetes and CRD
// schemas, with file and field path in each error. Fast feedback only (a
// second, offline): the proof is npm run e2e, where the real kube-apiserver
// applies every object with fieldValidation=Strict and the CRDs at the pinned
// versions. Kept because it answers in a second for the same rule the cluster
// enforces (unknown and mistyped fields), without Go.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { App, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { LayerChart } from '../charts/lib/layer';
import { crdSchemas } from '../scripts/lib/crd-schema';
import { formatIssue, SCHEMA_DIR, validateDist } from '../scripts/lib/validate';
import { environment } from './support/bundled';
import { DistTree, ROOT, ScratchDist, distTree } from './support/dist-copy';

const scratches: ScratchDist[] = [];
afterEach(() => scratches.splice(0).forEach((s) => s.remove()));

const ML = 'prod/mojaloop';
/** prod's part of the real dist/, in memory, to break things in (one environment is enough and quicker). */
const prod = () => new DistTree({}, distTree('prod/'));
const validate = (t: DistTree) => validateDist('dist', { tree: t.files, prefix: 'dist' });

describe('npm run validate', () => {
  it('the real dist/ is valid, every object checked against a schema (operator CRs included)', async () => {
    const r = await validateDist();
    expect(r.issues.map(formatIssue)).toEqual([]);
    expect(r.objects).toBeGreaterThan(0);
    expect(r.kinds).toEqual(expect.arrayContaining(['kafka.strimzi.io/v1 Kafka', 'psmdb.percona.com/v1 PerconaServerMongoDB', 'monitoring.coreos.com/v1 PrometheusRule', 'apps/v1 StatefulSet']));
  });

  it('catches an object broken through a cdk8s escape hatch, naming file and field path', async () => {
    const env = environment('prod');
    const chart = new LayerChart(new App(), 'mojaloop', env, env.namespaces.mojaloop.name);
    const labels = { 'app.kubernetes.io/name': 'quoting-service' };
    const deployment = new k8s.KubeDeployment(chart, 'quoting-service', {
      metadata: { name: 'quoting-service', namespace: 'mojaloop', labels },
      spec: {
        replicas: 3,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'quoting-service', image: 'docker.io/mojaloop/quoting-service:v17.14.5', ports: [{ name: 'http', containerPort: 3002 }] }] },
        },
      },
    });
    deployment.addJsonPatch(JsonPatch.replace('/spec/replicas', 'three'));
    const broken = chart.toJson()[0];
    const r = await validate(prod().write(`${ML}/deployment-quoting-service.yaml`, broken));
    expect(r.issues.map(formatIssue)).toEqual(['dist/prod/mojaloop/deployment-quoting-service.yaml: Deployment mojaloop/quoting-service: spec.replicas: must be integer']);

    // The command, on a folder, as npm runs it (the bundle the globalSetup built).
    const s = new ScratchDist('prod');
    scratches.push(s);
    s.write(`${ML}/deployment-quoting-service.yaml`, broken);

    let failed: { status: number; stderr: Buffer } | undefined;
    try {
      execFileSync(process.execPath, ['scripts/run.mjs', 'scripts/validate.ts', '--dist', s.dist], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      failed = e as { status: number; stderr: Buffer };
    }
    expect(failed?.status).toBe(1);
    expect(failed?.stderr.toString()).toMatch(/prod\/mojaloop\/deployment-quoting-service\.yaml: Deployment mojaloop\/quoting-service: spec\.replicas: must be integer/);
  });

  it('custom resources: wrong types, unknown fields and missing required fields, each with its path', async () => {
    const s = prod();
    s.edit(`${ML}/kafka-kafka.yaml`, (m) => {
      m.spec.kafka.listeners[0].port = '9092';
      m.spec.kafka.replica = 3;
      delete m.spec.kafka.listeners[0].type;
    });
    s.edit(`${ML}/perconaservermongodb-bulk-db.yaml`, (m) => { m.spec.replsets[0].volumeSpec.persistentVolumeClaim.resources.requests.storage = true; });
    s.edit(`${ML}/kafkatopic-topic-transfer-prepare.yaml`, (m) => { m.metadata.labels.tier = 1; });
    const r = await validate(s);
    expect(r.issues.map(formatIssue).sort()).toEqual([
      'dist/prod/mojaloop/kafka-kafka.yaml: Kafka mojaloop/kafka: spec.kafka.listeners[0].port: must be integer',
      'dist/prod/mojaloop/kafka-kafka.yaml: Kafka mojaloop/kafka: spec.kafka.listeners[0].type: required field missing',
      'dist/prod/mojaloop/kafka-kafka.yaml: Kafka mojaloop/kafka: spec.kafka.replica: unknown field',
      'dist/prod/mojaloop/kafkatopic-topic-transfer-prepare.yaml: KafkaTopic mojaloop/topic-transfer-prepare: metadata.labels.tier: must be string',
      'dist/prod/mojaloop/perconaservermongodb-bulk-db.yaml: PerconaServerMongoDB mojaloop/bulk-db: spec.replsets[0].volumeSpec.persistentVolumeClaim.resources.requests.storage: must be integer or string',
    ]);
  });

  it('a kind without a schema is an error, not skipped', async () => {
    const r = await validate(prod().write(`${ML}/alert-mojaloop.yaml`, { apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Alert', metadata: { name: 'mojaloop', namespace: 'mojaloop' }, spec: {} }));
    expect(r.issues.map(formatIssue)).toEqual([
      expect.stringMatching(/^dist\/prod\/mojaloop\/alert-mojaloop\.yaml: Alert mojaloop\/mojaloop: no schema for notification\.toolkit\.fluxcd\.io\/v1beta3 Alert/),
    ]);
  });

  it('each layer kustomization lists exactly its object files', async () => {
    // Changed behind the kustomization's back (not relisted).
    const s = prod();
    s.files.set(`${ML}/configmap-stray.yaml`, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stray\n  namespace: mojaloop\n');
    s.files.delete(`${ML}/limitrange-default-resources.yaml`);
    const r = await validate(s);
    expect(r.issues.map(formatIssue).sort()).toEqual([
      'dist/prod/mojaloop/configmap-stray.yaml: not listed in prod/mojaloop/kustomization.yaml: the sync tool would not apply it',
      'dist/prod/mojaloop/kustomization.yaml: resources: lists limitrange-default-resources.yaml, which does not exist',
    ]);
  });
});

describe('CRD schemas in imports/schemas/', () => {
  it('are generated for the group of every CRD binding pinned in cdk8s.yaml', () => {
    // <alias>-<group>.ts; both may contain '-' (certificate-cert-manager.io.ts): some suffix after a '-' is the group.
    for (const f of fs.readdirSync(path.join(ROOT, 'imports')).filter((x) => x.endsWith('.ts'))) {
      const parts = f.replace(/\.ts$/, '').split('-');
      expect(parts.slice(1).some((_, i) => fs.existsSync(path.join(SCHEMA_DIR, parts.slice(i + 1).join('-')))), f).toBe(true);
    }
    const pinned = (parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')) as { imports: string[] }).imports;
    expect(pinned.every((p) => /:=https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[^/]+\//.test(p))).toBe(true);
  });

  it('the repository holds no copy of a CRD', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
        if (['node_modules', '.git'].includes(d.name)) continue;
        const p = path.join(dir, d.name);
        if (d.isDirectory()) walk(p);
        else if (/\.(ya?ml|json)$/.test(d.name) && /^kind: CustomResourceDefinition$|"kind": "CustomResourceDefinition"/m.test(fs.readFileSync(p, 'utf8'))) offenders.push(path.relative(ROOT, p));
      }
    };
    walk(ROOT);
    expect(offenders).toEqual([]);
  });

  it('map structural-schema extensions: int-or-string, nullable, preserve-unknown-fields; strict elsewhere; no status', () => {
    const [s] = crdSchemas({
      kind: 'CustomResourceDefinition',
      spec: {
        group: 'example.org', names: { kind: 'Widget' },
        versions: [{
          name: 'v1', served: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    port: { 'x-kubernetes-int-or-string': true },
                    note: { type: 'string', nullable: true, description: 'dropped' },
                    extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                    size: { type: 'integer', format: 'int32', minimum: 0, exclusiveMinimum: true },
                  },
                },
                status: { type: 'object' },
              },
            },
          },
        }],
      },
    });
    expect(s).toMatchObject({ group: 'example.org', kind: 'Widget', version: 'v1' });
    const props = s.schema.properties as Record<string, any>;
    expect(props.status).toBeUndefined();
    expect(props.apiVersion).toEqual({ const: 'example.org/v1' });
    expect(s.schema.additionalProperties).toBe(false);
    expect(props.spec.additionalProperties).toBe(false);
    expect(props.spec.properties.port).toEqual({ anyOf: [{ type: 'integer' }, { type: 'string' }] });
    expect(props.spec.properties.note).toEqual({ type: ['string', 'null'] });
    expect(props.spec.properties.extra.additionalProperties).toBeUndefined();
    expect(props.spec.properties.size).toEqual({ type: 'integer', format: 'int32', exclusiveMinimum: 0 });
  });
});
