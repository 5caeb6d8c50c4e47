// Every rendered node cloud-config through the real `kairos-agent validate`
// (kairos-agent v2.31.4: Kairos v4.2.0 ships v2.31.3 through kairos-init
// v0.17.2, which the Go module proxy does not serve; v2.31.4 is the next patch,
// adding only the ssh_hardening hook), and every K3S argument against K3S's flags.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENV_NAMES, environment } from './support/bundled';
import { BUILD_TIMEOUT, goToolsBin } from './support/go-tools';
import { checkK3sArgs, checkTopLevelKeys, kairosValidate, nodeConfigFiles } from './support/kairos-agent';
import { DIST, editYaml, scratchDist } from './support/scratch-dist';

beforeAll(() => { goToolsBin('kairos'); }, BUILD_TIMEOUT);

describe.each(ENV_NAMES)('Kairos node configs of %s', (name) => {
  const envDir = path.join(DIST, name);

  it('kairos-agent validate accepts every one', () => {
    const files = nodeConfigFiles(envDir);
    expect(files).toHaveLength(environment(name).topology.nodes.length);
    expect(files.map(kairosValidate).filter(Boolean)).toEqual([]);
  });

  it('every top-level key is in kairos-agent\'s schema or read by a named Kairos component', () => {
    expect(checkTopLevelKeys(nodeConfigFiles(envDir))).toEqual([]);
  });

  it('every K3S argument is a flag of the K3S command it is passed to', () => {
    expect(checkK3sArgs(nodeConfigFiles(envDir))).toEqual([]);
  });
});

describe('broken node configs in a scratch dist/', () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const first = () => nodeConfigFiles(dir)[0];

  it.each([
    ['a wrongly typed field', (d: Record<string, any>) => { d.install.auto = 'yes'; }, "'/install/auto' does not validate"],
    ['bind_mounts not a list', (d: Record<string, any>) => { d.install.bind_mounts = '/var/lib/alloy'; }, "'/install/bind_mounts' does not validate"],
    ['an install device Kairos cannot use', (d: Record<string, any>) => { d.install.device = 'sda'; }, 'does not match pattern'],
    ['no users', (d: Record<string, any>) => { delete d.users; }, 'missing properties'],
  ])('kairos-agent validate rejects %s', (_what, change, message) => {
    dir = scratchDist('prod');
    editYaml(first(), change);
    expect(kairosValidate(first())).toContain(message);
  });

  it('kairos-agent validate rejects a file without the #cloud-config header', () => {
    dir = scratchDist('prod');
    fs.writeFileSync(first(), fs.readFileSync(first(), 'utf8').replace('#cloud-config\n', ''));
    expect(kairosValidate(first())).toContain('missing #cloud-config header');
  });

  it('an unknown top-level key passes kairos-agent validate (its schema allows additional properties) but not the key check', () => {
    dir = scratchDist('prod');
    editYaml(first(), (d) => { d.bind_mounts = ['/var/lib/alloy']; });
    expect(kairosValidate(first())).toBeUndefined();
    expect(checkTopLevelKeys([first()]).join('\n')).toMatch(/^prod-\S+\.yaml: top-level key "bind_mounts" is read by no Kairos component/);
  });

  it('a misspelt K3S flag is named with its file and position', () => {
    dir = scratchDist('prod');
    editYaml(first(), (d) => { (d.k3s ?? d['k3s-agent']).args.push('--node-lable=foo=bar'); });
    expect(checkK3sArgs([first()]).join('\n')).toMatch(/^prod-\S+\.yaml: k3s(-agent)?\.args\[\d+\]: --node-lable is not a flag of `k3s (server|agent)`/);
  });
});
