// Our replacements of K3S's CoreDNS and local-path provisioner, as Kairos
// writes them into K3S's auto-deploy folder, broken in a scratch copy of
// dist/dev: the real CoreDNS refuses a Corefile it cannot load, and cannot get
// ready when our ClusterRole keeps it from reading Services. (Removing only
// list, or only watch, did not stop it getting ready here: its informers
// still synced.) The clean run is
// `npm run e2e` itself (CoreDNS answers for the applied Services there).
import fs from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { COREDNS_MANIFEST } from '../../charts/cluster/coredns';
import { e2e, lines, scratchDist } from './support';

/** Edits our CoreDNS manifest in every server's cloud-config of a scratch dist/<env>. */
function editCoreDns(distEnv: string, edit: (docs: any[]) => void): void {
  const dir = path.join(distEnv, 'kairos');
  for (const f of fs.readdirSync(dir).filter((x) => !x.startsWith('auroraboot-'))) {
    const file = path.join(dir, f);
    const text = fs.readFileSync(file, 'utf8');
    const config = yaml.load(text) as any;
    if (!config.k3s) continue;
    for (const step of config.stages.initramfs) {
      for (const w of step.files ?? []) {
        if (w.path !== COREDNS_MANIFEST) continue;
        const docs = (yaml.loadAll(w.content) as any[]).filter(Boolean);
        edit(docs);
        w.content = docs.map((d) => yaml.dump(d, { lineWidth: -1 })).join('---\n');
      }
    }
    fs.writeFileSync(file, `${text.split('\n').filter((l) => l.startsWith('#')).join('\n')}\n${yaml.dump(config, { lineWidth: -1 })}`);
  }
}
const corefileOf = (docs: any[]) => docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'coredns').data;

describe('e2e refuses broken replacements of K3S\'s add-ons (dist/dev)', () => {
  it('a Corefile with a misspelt plugin: the real CoreDNS does not start', async () => {
    const dist = scratchDist('dev');
    editCoreDns(dist, (docs) => { const d = corefileOf(docs); d.Corefile = d.Corefile.replace('loadbalance', 'loadbalancer'); });
    const r = await e2e('dev', dist, { coredns: true });
    expect(lines(r)).toMatch(/kairos\/dev-node-1\.yaml \(\/var\/lib\/rancher\/k3s\/server\/manifests\/mojaloop-coredns\.yaml\): ConfigMap kube-system\/coredns \(Corefile\): CoreDNS exited \(1\) on the rendered Corefile:[\s\S]*loadbalancer/);
  });

  it('system:coredns without its rule on Services, Pods and Namespaces: the kubernetes plugin never syncs, CoreDNS never gets ready', async () => {
    const dist = scratchDist('dev');
    editCoreDns(dist, (docs) => {
      const role = docs.find((d) => d.kind === 'ClusterRole');
      role.rules = role.rules.filter((r: any) => !r.resources.includes('services'));
    });
    const r = await e2e('dev', dist, { coredns: true });
    expect(lines(r)).toMatch(/mojaloop-coredns\.yaml\): ConfigMap kube-system\/coredns \(Corefile\): CoreDNS not ready after 60 s/);
  });
});
