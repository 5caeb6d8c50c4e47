#!/usr/bin/env tsx
// Regenerates imports/ from the CRDs pinned in cdk8s.yaml:
// - imports/*.ts: typed bindings (cdk8s import), used by the charts;
// - imports/schemas/<group>/<kind>-<version>.json: JSON Schemas of every served
//   version, used by `npm run validate` (see scripts/lib/crd-schema.ts).
//   npm run import                 fetch each pinned URL (needs network)
//   npm run import                 from the package registries at the pinned versions, as e2e
//                                  (Go module proxy; Strimzi's generator from Maven Central)
//   npm run import -- --url        fetch each pinned URL (needs network to GitHub)
//   npm run import -- --from DIR   read the same files from DIR/<project>-<version>/<file>
//   npm run import -- --schemas-only [--from DIR]   regenerate only imports/schemas/
// The local copy is only an input: nothing from it is committed but what is generated.
import { $, fs, path } from 'zx';
import { parse, parseAllDocuments } from 'yaml';
import { crdSchemas } from './lib/crd-schema';
import { upstreamCheckout } from './e2e/upstream';
import { IMPORT } from './lib/commands';
import { command } from './lib/cli';

const { flags: argv } = command(IMPORT);

$.verbose = false;
const root = path.resolve(import.meta.dirname, '..');
const config = parse(fs.readFileSync(path.join(root, 'cdk8s.yaml'), 'utf8')) as { imports: string[] };

// upstream repository -> local folder prefix (folder = `${prefix}-${tag without leading v when the folder has none}`)
const folderOf: Record<string, (tag: string) => string> = {
  'prometheus-operator/prometheus-operator': (t) => `prometheus-operator-${t}`,
  'grafana/grafana-operator': (t) => `grafana-operator-${t}`,
  'fluxcd/source-controller': (t) => `flux-source-controller-${t}`,
  'fluxcd/kustomize-controller': (t) => `flux-kustomize-controller-${t}`,
  'fluxcd/helm-controller': (t) => `flux-helm-controller-${t}`,
  'cert-manager/cert-manager': (t) => `cert-manager-${t}`,
  'argoproj/argo-cd': (t) => `argo-cd-${t}`,
  'strimzi/strimzi-kafka-operator': (t) => `strimzi-${t}`,
  'percona/percona-xtradb-cluster-operator': (t) => `percona-xtradb-cluster-operator-${t}`,
  'percona/percona-server-mongodb-operator': (t) => `percona-server-mongodb-operator-${t}`,
  'OT-CONTAINER-KIT/redis-operator': (t) => `redis-operator-${t}`,
  'kairos-io/kairos-operator': (t) => `kairos-operator-${t}`,
  'external-secrets/external-secrets': (t) => `external-secrets-${t}`,
};

const from = argv.from ? path.resolve(String(argv.from)) : undefined;
const specs = config.imports.map((spec) => {
  const [alias, url] = spec.split(':=');
  const m = /^https:\/\/raw\.githubusercontent\.com\/([^/]+\/[^/]+)\/([^/]+)\/(.+)$/.exec(url);
  if (!m) throw new Error(`cdk8s.yaml: import ${alias} is not a pinned raw GitHub URL: ${url}`);
  const [, repo, tag, file] = m;
  if (argv.url) return { alias, source: url };
  if (!from) {
    // The same source as e2e: the package registries at the pinned version (scripts/e2e/upstream.ts).
    const checkout = upstreamCheckout(`https://github.com/${repo}`, tag);
    if (!checkout) throw new Error(`${alias}: github.com/${repo} ${tag} is served by no registry and ../shared/crds is absent: use --url or --from <dir>`);
    const inModule = path.join(checkout.dir, file);
    return { alias, source: fs.existsSync(inModule) ? inModule : path.join(checkout.dir, path.basename(file)) };
  }
  const folder = folderOf[repo]?.(tag);
  if (!folder) throw new Error(`no local folder mapping for ${repo}`);
  const local = path.join(from, folder, path.basename(file));
  if (!fs.existsSync(local)) throw new Error(`${alias}: ${local} not found`);
  return { alias, source: local };
});

const read = async (source: string): Promise<string> => {
  if (!/^https:/.test(source)) return fs.readFile(source, 'utf8');
  const res = await fetch(source);
  if (!res.ok) throw new Error(`${source}: HTTP ${res.status}`);
  return res.text();
};

const schemaDir = path.join(root, 'imports', 'schemas');
await fs.remove(schemaDir);
let schemaCount = 0;
for (const { alias, source } of specs) {
  for (const doc of parseAllDocuments(await read(source))) {
    for (const s of crdSchemas(doc.toJS({ maxAliasCount: -1 }) ?? {})) {
      const file = path.join(schemaDir, s.group, `${s.kind.toLowerCase()}-${s.version}.json`);
      if (await fs.pathExists(file)) throw new Error(`${alias}: ${s.group} ${s.kind} ${s.version} is defined twice`);
      await fs.outputFile(file, `${JSON.stringify(s.schema, null, 1)}\n`);
      schemaCount++;
    }
  }
}
console.log(`imports/schemas/: ${schemaCount} schemas regenerated`);
if (argv['schemas-only']) process.exit(0);

for (const entry of await fs.readdir(path.join(root, 'imports'))) {
  if (entry !== 'schemas') await fs.remove(path.join(root, 'imports', entry));
}
// One call per CRD (the CLI imports only the first spec of a list), run from a
// scratch folder: the CLI records what it imported in the cdk8s.yaml of its cwd.
const scratch = await fs.mkdtemp(path.join((await import('node:os')).tmpdir(), 'crd-import-'));
await fs.writeFile(path.join(scratch, 'cdk8s.yaml'), 'language: typescript\n');
const cli = path.join(root, 'node_modules/.bin/cdk8s');
try {
  for (const { alias, source } of specs) {
    await $({ cwd: scratch })`${cli} import --no-check-upgrade --language typescript --output ${path.join(root, 'imports')} ${`${alias}:=${source}`}`;
  }
} finally {
  await fs.remove(scratch);
}
console.log(`imports/: ${(await fs.readdir(path.join(root, 'imports'))).filter((f: string) => f.endsWith('.ts')).length} modules regenerated`);
