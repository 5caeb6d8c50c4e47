// npm run synth is idempotent and removes stale files; npm run check catches
// every way dist/ can drift from the sources.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratchRepo, type Scratch } from './support/scratch';

describe('synth and check on a scratch copy', () => {
  let s: Scratch;
  beforeEach(() => { s = scratchRepo(); });
  afterEach(() => s.remove());

  it('re-running synth is byte-identical (environments rendered in parallel, as npm run synth does), and check passes', () => {
    const before = s.snapshot();
    const r = s.runWith({ RENDER_WORKERS: '1' }, 'synth.ts');
    expect(r.status, r.stderr).toBe(0);
    expect(s.snapshot()).toEqual(before);
    expect(s.run('check.ts').status).toBe(0);
  }, 180_000); // the first scratch runs may build the bundles on a fresh clone

  it('synth --env renders only that environment', () => {
    fs.writeFileSync(path.join(s.dir, 'dist/dev/README.md'), 'edited');
    fs.writeFileSync(path.join(s.dir, 'dist/prod/README.md'), 'edited');
    expect(s.run('synth.ts', '--env', 'prod').status).toBe(0);
    expect(s.read('dist/prod/README.md')).not.toBe('edited');
    expect(s.read('dist/dev/README.md')).toBe('edited');
  });

  it('synth removes stale files and folders of deleted environments', () => {
    s.write('dist/prod/mojaloop/deployment-retired.yaml', 'kind: Deployment\n');
    s.write('dist/retired-env/README.md', 'old');
    expect(s.run('synth.ts').status).toBe(0);
    expect(fs.existsSync(path.join(s.dir, 'dist/prod/mojaloop/deployment-retired.yaml'))).toBe(false);
    expect(fs.existsSync(path.join(s.dir, 'dist/retired-env'))).toBe(false);
  });

  it('check fails, naming each file, after a hand edit, a deleted file, a file added by hand and a stale schema (one run)', () => {
    const file = 'dist/prod/namespaces/namespace-mojaloop.yaml';
    s.write(file, `${s.read(file)}# hand edit\n`);
    fs.rmSync(path.join(s.dir, 'dist/test/monitoring-core/kustomization.yaml'));
    s.write('dist/staging/mojaloop/configmap-extra.yaml', 'kind: ConfigMap\n');
    s.write('environments/environment.schema.json', '{}\n');
    const r = s.run('check.ts');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}: differs`);
    expect(r.stderr).toContain('dist/test/monitoring-core/kustomization.yaml: is missing');
    expect(r.stderr).toContain('dist/staging/mojaloop/configmap-extra.yaml: is not rendered by the sources');
    expect(r.stderr).toContain('environments/environment.schema.json: differs');
    expect(r.stderr).toContain('check failed: 4 file(s) out of date');
  });

  it('check fails after a source change that was not re-synthesised, naming every affected file', () => {
    const env = s.read('environments/staging.yaml');
    s.write('environments/staging.yaml', env.replace('cluster:\n  name: mojaloop-staging', 'namespaces:\n  mojaloop: {quota: {pods: 999}}\ncluster:\n  name: mojaloop-staging'));
    const r = s.run('check.ts');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('dist/staging/mojaloop/resourcequota-compute-and-storage.yaml: differs');
    expect(r.stderr).not.toContain('dist/prod/');
    expect(s.run('synth.ts').status).toBe(0);
    expect(s.run('check.ts').status).toBe(0);
  });
});
