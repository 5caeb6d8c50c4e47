// environments/ as a whole: misnamed files are refused (not skipped), and a
// copied environment that keeps another's cluster name, node names or API
// endpoint is rejected in both files, at the line of each clash.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanEnvironmentFolder } from '../charts/environment/folder';
import { renderAll } from '../scripts/lib/dist';

const ENVS = path.join(import.meta.dirname, '..', 'environments');
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-folder-'));
  for (const f of ['staging.yaml', 'environment.schema.json']) fs.copyFileSync(path.join(ENVS, f), path.join(dir, f));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('file names', () => {
  it.each([
    ['perf.yml', 'environment files end in ".yaml"; rename it to perf.yaml'],
    ['perf.YAML', 'environment files end in ".yaml"; rename it to perf.yaml'],
    ['Perf_Env.yaml', '"Perf_Env" is not a valid environment name: expected lowercase letters, digits and "-", starting with a letter, at most 32 characters (it becomes dist/<name>/ and the environment label), e.g. perf-env.yaml'],
    ['perf.yaml.bak', 'not an environment file'],
    ['notes.txt', 'not an environment file'],
  ])('%s is refused, not skipped', (file, message) => {
    fs.writeFileSync(path.join(dir, file), 'stage: dev\n');
    const { files, issues } = scanEnvironmentFolder(dir, 'environments');
    expect(files.map((f) => path.basename(f))).toEqual(['staging.yaml']);
    expect(issues).toEqual([{ file: `environments/${file}`, path: [], message: expect.stringContaining(message) }]);
    if (file !== 'perf.yml') return; // synth's path, once: renderAll reports the folder's problems first
    const r = renderAll({ envDir: dir });
    expect(r.errors[0]).toMatch(new RegExp(`${file.replace(/\./g, '\\.')}: \\(top level\\): `));
    expect(r.errors[0]).toContain(issues[0].message);
  });

  it('editor files and the schema are not environments', () => {
    fs.writeFileSync(path.join(dir, '.staging.yaml.swp'), 'x');
    expect(scanEnvironmentFolder(dir).issues).toEqual([]);
  });
});

describe('identities unique across environments', () => {
  it('a copy of staging that keeps its cluster name, node names and API endpoint fails in both files', () => {
    const staging = fs.readFileSync(path.join(dir, 'staging.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'perf.yaml'), staging);
    const { errors, rendered } = renderAll({ envDir: dir });
    expect(rendered.size).toBe(0);
    const text = errors.join('\n');
    const perf = text.split('\n').filter((l) => l.includes('perf.yaml:'));
    expect(perf.find((l) => l.includes(': cluster.name: cluster name "mojaloop-staging" is also used by'))).toMatch(/^.*perf\.yaml:[0-9]+:[0-9]+: /);
    expect(perf.some((l) => /: kairos\.apiEndpoint: API endpoint ".+" is also used by/.test(l))).toBe(true);
    expect(perf.some((l) => /: pools\.[A-Z0-9-]+\.nodes\[0\]\.name: node name "stg-[a-z0-9-]+" is also used by/.test(l))).toBe(true);
    expect(text).toMatch(/staging\.yaml:[0-9]+:[0-9]+: cluster\.name: cluster name "mojaloop-staging" is also used by .*perf\.yaml/);
  });

  it('renaming the cluster, the nodes and the endpoint makes the copy valid', () => {
    const staging = fs.readFileSync(path.join(dir, 'staging.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'perf.yaml'), staging.replaceAll('mojaloop-staging', 'mojaloop-perf').replaceAll('{name: stg-', '{name: perf-'));
    const { errors } = renderAll({ envDir: dir, only: ['perf'] });
    expect(errors).toEqual([]);
  });
});
