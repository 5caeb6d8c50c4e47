// The CI definitions kept in the repository: same jobs on GitLab and GitHub,
// real tools from Debian packages, pinned actions, no credentials, owners.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/dist-copy';

const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const gitlab = parse(read('.gitlab-ci.yml')) as Record<string, any>;
const github = parse(read('.github/workflows/ci.yml')) as { jobs: Record<string, any> };
const scriptOf = (job: any): string => JSON.stringify([job.script, job.steps]);

describe('pipelines', () => {
  it('GitLab and GitHub both run test, check, validate and diff', () => {
    for (const job of ['test', 'check', 'validate', 'diff']) {
      expect(gitlab[job], `.gitlab-ci.yml ${job}`).toBeDefined();
      expect(github.jobs[job], `ci.yml ${job}`).toBeDefined();
    }
    expect(scriptOf(gitlab.test)).toContain('npm test');
    expect(scriptOf(github.jobs.test)).toContain('npm test');
    expect(scriptOf(gitlab.validate)).toContain('npm run validate');
    expect(scriptOf(github.jobs.validate)).toContain('npm run validate');
  });

  it('build the pinned Go tools before the tests, and run e2e, as .ci/run does', () => {
    for (const [name, jobs] of [['.gitlab-ci.yml', gitlab], ['ci.yml', github.jobs]] as const) {
      expect(scriptOf(jobs.test), name).toContain('scripts/e2e/build-tools.sh');
      expect(scriptOf(jobs.e2e), name).toContain('npm run e2e');
      expect(scriptOf(jobs.test), name).not.toMatch(/apt-get install .*prometheus /);
    }
    expect(read('.ci/run')).toMatch(/npm test\nnpm run e2e/);
  });

  it('post the diff against the merge base, exit 3 kept apart from errors, token by variable name only', () => {
    expect(scriptOf(gitlab.diff)).toContain('--base \\"$CI_MERGE_REQUEST_DIFF_BASE_SHA\\" --format markdown');
    expect(scriptOf(gitlab.diff)).toContain('PRIVATE-TOKEN: ${REVIEW_NOTE_TOKEN}');
    expect(gitlab.diff.artifacts.paths).toEqual(['diff.md']);
    expect(gitlab.diff.variables.GIT_DEPTH).toBe(0);
    expect(scriptOf(github.jobs.diff)).toContain('--format markdown --output diff.md');
    expect(github.jobs.diff.permissions['pull-requests']).toBe('write');
    expect(Object.keys(gitlab.variables ?? {})).not.toContain('REVIEW_NOTE_TOKEN');
  });

  it('pin every GitHub action to an exact release', () => {
    const uses = Object.values(github.jobs).flatMap((j: any) => (j.steps ?? []).map((s: any) => s.uses).filter(Boolean));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(/@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/);
  });

  it('CODEOWNERS gives monitoring-core to the platform team and mojaloop to the switch team', () => {
    const owners = new Map(read('CODEOWNERS').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.trim().split(/\s+/) as [string, string]));
    for (const p of ['/charts/monitoring-core/', '/monitoring/core/', '/dist/*/monitoring-core/']) expect(owners.get(p), p).toBe('@platform-team');
    for (const p of ['/charts/mojaloop/', '/monitoring/mojaloop/', '/dist/*/mojaloop/']) expect(owners.get(p), p).toBe('@switch-team');
  });
});
