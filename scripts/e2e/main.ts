// npm run e2e [-- --env NAME ...] [--dist DIR] [--keep]
// Applies dist/<env> of each environment (all by default) to a real
// Kubernetes v1.36.3 control plane on loopback, in the rendered sync order,
// and checks what only the real API server, admission and authorizer can
// prove. Exit 0: every environment applied cleanly; 1: findings (each names
// the file, the object and the API server's message); 2: usage error.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startControlPlane } from './control-plane';
import { applyEnvironment, type EnvironmentReport } from './environment';
import { buildTools } from './tools';
import { COREDNS_VERSION } from '../../charts/cluster/coredns';

const root = path.resolve(import.meta.dirname, '../..');
const HELP = `usage: npm run e2e [-- --env NAME ...] [--dist DIR] [--keep]
  --env NAME   an environment of dist/ (repeatable; default: all)
  --dist DIR   the dist/ folder to apply (default: dist/)
  --keep       keep the control plane's directory (logs, etcd) under $TMPDIR
E2E_CONCURRENCY=N runs N environments at once (default 1).
Without --env and --dist, the e2e test suite (test/e2e/) runs afterwards.
Needs Go 1.26+: the control plane is built from tools/ on first use (scripts/e2e/build-tools.sh).`;

let args;
try {
  args = parseArgs({ options: { env: { type: 'string', multiple: true }, dist: { type: 'string' }, keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
} catch (e) {
  console.error(`${(e as Error).message}\n${HELP}`);
  process.exit(2);
}
if (args.values.help) {
  console.log(HELP);
  process.exit(0);
}
if (args.values.keep) process.env.E2E_KEEP = '1';
const dist = path.resolve(args.values.dist ?? path.join(root, 'dist'));
const all = fs.readdirSync(dist).filter((d) => fs.statSync(path.join(dist, d)).isDirectory()).sort();
const envs = args.values.env ?? all;
for (const e of envs) {
  if (!all.includes(e)) {
    console.error(`e2e: no environment ${e} in ${dist} (have: ${all.join(', ')})`);
    process.exit(2);
  }
}

const bins = buildTools(['kube', 'kustomize', 'helm', 'prometheus', 'alertmanager', 'prometheus-operator', 'coredns'], process.env, { progress: true });
const prom = { operator: path.join(bins['prometheus-operator'], 'operator'), promtool: path.join(bins.prometheus, 'promtool'), amtool: path.join(bins.alertmanager, 'amtool') };
// One environment at a time by default: on 2 cores, two control planes at once
// saved under a minute of five and made the drill's timing tighter.
const concurrency = Math.max(1, Number(process.env.E2E_CONCURRENCY ?? 1));
const reports: EnvironmentReport[] = [];
const queue = [...envs];
async function worker(): Promise<void> {
  for (let env = queue.shift(); env; env = queue.shift()) {
    const cp = await startControlPlane(bins.kube, { label: env });
    try {
      const r = await applyEnvironment(cp, {
        distEnv: path.join(dist, env),
        environmentFile: path.join(root, 'environments', `${env}.yaml`),
        kustomize: path.join(bins.kustomize, 'kustomize'),
        helm: path.join(bins.helm, 'helm'),
        coredns: path.join(bins.coredns, 'coredns'),
        progress: true,
        prom,
      });
      reports.push(r);
      print(r);
    } finally {
      await cp.stop();
    }
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, envs.length) }, worker));
const failed = reports.filter((r) => r.findings.length);
console.log(failed.length ? `e2e: ${failed.length} of ${reports.length} environment(s) failed: ${failed.map((r) => r.env).join(', ')}` : `e2e: ${reports.length} environment(s) applied cleanly`);
process.exit(failed.length ? 1 : 0);

function print(r: EnvironmentReport): void {
  console.log(`${r.env}: ${r.nodes} nodes, ${r.objects} objects applied in ${r.units.length} units, ${r.podTemplates} pod templates admitted, ${r.permissions} permissions checked, ${r.seconds.toFixed(1)} s`);
  if (r.dnsNames !== undefined) console.log(`  CoreDNS ${COREDNS_VERSION}: the rendered Corefile answered ${r.dnsNames} Service names with their clusterIPs (and NXDOMAIN for an unknown one)`);
  if (r.scrapeJobs !== undefined) console.log(`  prometheus-operator: ${r.scrapeJobs} scrape jobs, ${r.ruleFiles} rule files generated; promtool and amtool accept them`);
  if (r.pods !== undefined) console.log(`  placement: ${r.pods} pods Ready on ${r.nodes} nodes in ${r.placementSeconds?.toFixed(1)} s${r.drained !== undefined ? `; drain drill: ${r.drained} nodes drained in turn in ${r.drainSeconds?.toFixed(1)} s` : ''}`);
  for (const line of r.capacity ?? []) console.log(line);
  for (const n of r.notes) console.log(`  note: ${n}`);
  for (const f of r.findings) console.log(`  FAIL ${path.relative(process.cwd(), f.file) || f.file}: ${f.object}: ${f.message}`);
}
