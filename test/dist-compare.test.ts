// Each rendering thread compares its environments with dist/ (RenderOptions
// compareWith, scripts/lib/dist.ts): an environment is "unchanged" only when
// its folder holds exactly the rendered files, and synth and check then skip
// reading it again; a render worker's comparison counts as much as the main
// thread's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareDist, DIST, renderAll, writeDist } from '../scripts/lib/dist';
import { scratchRepo } from './support/scratch';

describe('comparing with dist/ where an environment is rendered', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-compare-'));
  afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));
  fs.cpSync(path.join(DIST, 'dev'), path.join(dist, 'dev'), { recursive: true });
  fs.cpSync(path.join(DIST, 'test'), path.join(dist, 'test'), { recursive: true });
  const readme = path.join(dist, 'dev', 'README.md');

  it('unchanged when the folder holds exactly the rendered files; not after an edit, an extra file or a missing one', () => {
    expect([...renderAll({ only: ['dev', 'test'], compareWith: dist }).unchanged].sort()).toEqual(['dev', 'test']);
    fs.appendFileSync(readme, 'edited\n');
    fs.writeFileSync(path.join(dist, 'test', 'extra.yaml'), 'kind: ConfigMap\n');
    expect([...renderAll({ only: ['dev', 'test'], compareWith: dist }).unchanged]).toEqual([]);
    fs.rmSync(path.join(dist, 'test', 'extra.yaml'));
    fs.rmSync(path.join(dist, 'test', 'README.md'));
    expect([...renderAll({ only: ['test'], compareWith: dist }).unchanged]).toEqual([]);
    expect(renderAll({ only: ['test'] }).unchanged.size).toBe(0); // nothing compared without compareWith
  });

  it('check reads only what changed, and still names every drifted file; synth rewrites only what changed', () => {
    const r = renderAll({ only: ['dev', 'test'], compareWith: dist });
    expect(compareDist(r.rendered, dist, r.unchanged).map((d) => `${d.file} ${d.problem}`)).toEqual(['dist/dev/README.md differs', 'dist/test/README.md missing']);
    // An environment wrongly taken for unchanged is not read: the set is trusted.
    expect(compareDist(r.rendered, dist, new Set(['dev', 'test']))).toEqual([]);
    const written = writeDist(r.rendered, { dist, unchanged: r.unchanged });
    expect(written.written).toEqual(['dev', 'test']);
    const again = renderAll({ only: ['dev', 'test'], compareWith: dist });
    expect([...again.unchanged].sort()).toEqual(['dev', 'test']);
    expect(writeDist(again.rendered, { dist, unchanged: again.unchanged })).toEqual({ written: [], unchanged: ['dev', 'test'], removed: [] });
  });

  it('with a render worker (the real CLI): drift in the environments either thread rendered is found and then rewritten', () => {
    const s = scratchRepo();
    try {
      for (const env of ['prod', 'staging', 'test', 'dev']) s.write(`dist/${env}/README.md`, 'edited\n');
      const check = s.runWith({ RENDER_WORKERS: '1' }, 'check.ts');
      expect(check.status).toBe(1);
      for (const env of ['prod', 'staging', 'test', 'dev']) expect(check.stderr).toContain(`dist/${env}/README.md: differs`);
      const synth = s.runWith({ RENDER_WORKERS: '1' }, 'synth.ts', '--json');
      expect(synth.status, synth.stderr).toBe(0);
      expect(JSON.parse(synth.stdout).written.sort()).toEqual(['dev', 'prod', 'staging', 'test']);
      expect(s.runWith({ RENDER_WORKERS: '1' }, 'check.ts').status).toBe(0);
      expect(JSON.parse(s.runWith({ RENDER_WORKERS: '1' }, 'synth.ts', '--json').stdout).unchanged.sort()).toEqual(['dev', 'prod', 'staging', 'test']);
    } finally {
      s.remove();
    }
  }, 180_000);
});
