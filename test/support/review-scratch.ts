// Canonical merge requests on the real sources, for testing npm run diff.
// ScratchSource is a git repository whose main commit holds the sources and
// dist/ of this checkout (the base). Each canonical change is a merge request
// on its own worktree and branch: edit environments/*.yaml or chart code,
// re-synthesise only the environments the change concerns (a real `npm run
// synth` process for code changes; synth's own renderAll + writeDist in this
// process for environment-only changes), then diff against main. Worktrees
// share the base commit and check out only the sources (creating files is
// what costs on this machine), so the changes are prepared side by side.
// Edits of dist/ itself (no source change): ./dist-copy.ts.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { diffDist, type DiffReport } from '../../scripts/lib/diff';
import { renderAll, writeDist } from '../../scripts/lib/dist';
import { ROOT } from './dist-copy';

const run = promisify(execFile);
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 }).toString().trim();
const tryGit = (cwd: string, ...args: string[]): string | undefined => {
  try {
    return git(cwd, ...args);
  } catch {
    return undefined;
  }
};

/** What synth reads, committed with dist/ as the base (npm test runs `check` first, so the two agree). */
const SOURCES = ['charts', 'environments', 'monitoring', 'scripts', 'package.json', 'tsconfig.json', 'cdk8s.yaml'];
/** Read-only inputs linked into each change rather than copied: dependencies and the generated CRD bindings (13 MB). */
const LINKED = ['node_modules', 'imports'];

export class ScratchSource {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-source-'));

  /** Commits the repository's sources and dist/ as they are on disk (no copy: git reads them in place). */
  constructor() {
    git(this.dir, 'init', '-q', '-b', 'main');
    for (const [k, v] of [['user.email', 'ci@example.invalid'], ['user.name', 'scratch'], ['commit.gpgsign', 'false']]) git(this.dir, 'config', k, v);
    // Borrow this checkout's object store (as `git clone --shared` does): files already
    // committed here are not written again, only what the working tree changed.
    const objects = tryGit(ROOT, 'rev-parse', '--path-format=absolute', '--git-path', 'objects');
    if (objects) fs.writeFileSync(path.join(this.dir, '.git', 'objects', 'info', 'alternates'), `${objects}\n`);
    git(this.dir, `--work-tree=${ROOT}`, 'add', '--', ...SOURCES, 'dist');
    git(this.dir, 'commit', '-q', '-m', 'base');
  }

  /**
   * A merge request: a worktree on branch `name` from main, with the sources
   * checked out. dist/ starts empty and holds what the change's synth renders,
   * so only the environments it renders are compared.
   */
  change(name: string): Change {
    const dir = path.join(this.dir, '.changes', name);
    git(this.dir, 'worktree', 'add', '-q', '--no-checkout', '-b', name, dir, 'main');
    git(dir, 'checkout', 'main', '--', ...SOURCES);
    for (const l of LINKED) fs.symlinkSync(path.join(ROOT, l), path.join(dir, l), 'dir');
    return new Change(dir);
  }

  remove(): void { fs.rmSync(this.dir, { recursive: true, force: true }); }
}

export class Change {
  /** The environments rendered (all when empty). */
  private envs: string[] = [];
  private readonly edited = new Set<string>();

  constructor(readonly dir: string) {}

  /** Edits a source file as text; fails when the edit does not apply (a stale anchor). */
  edit(file: string, change: (text: string) => string): this {
    const p = path.join(this.dir, file);
    const before = fs.readFileSync(p, 'utf8');
    const after = change(before);
    if (after === before) throw new Error(`edit of ${file} changed nothing`);
    fs.writeFileSync(p, after);
    this.edited.add(file);
    return this;
  }

  /**
   * What `npm run synth -- --env <env>...` does (renderAll + writeDist), run in
   * this process: for changes to environment files only, where the worktree's
   * code is this checkout's, already loaded. Saves a process start (~2 s of
   * CPU for tsx, cdk8s and the CRD bindings) per change.
   */
  async render(envs: string[]): Promise<this> {
    // Let the caller start the other changes' synth processes first: rendering blocks the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    const code = [...this.edited].filter((f) => !f.startsWith('environments/'));
    if (code.length) throw new Error(`render() renders with this checkout's code, but ${code.join(', ')} changed: use synth()`);
    const { rendered, errors } = renderAll({ envDir: path.join(this.dir, 'environments'), only: envs });
    if (errors.length) throw new Error(`synth of ${this.dir} failed:\n${errors.join('\n')}`);
    writeDist(rendered, { dist: path.join(this.dir, 'dist') });
    this.envs = envs;
    return this;
  }

  /**
   * `npm run synth -- --env <env>...` in the worktree (every environment
   * without envs), as npm runs it: scripts/run.mjs bundles the changed code
   * (into the worktree's own .cache/), which costs less than loading it
   * module by module through tsx. In one thread (RENDER_WORKERS=0, the same
   * output: check.test.ts): the changes are prepared side by side already.
   */
  async synth(envs: string[] = []): Promise<this> {
    const args = ['scripts/run.mjs', 'scripts/synth.ts', ...envs.flatMap((e) => ['--env', e])];
    try {
      await run(process.execPath, args, { cwd: this.dir, env: { ...process.env, RENDER_WORKERS: '0' } });
    } catch (e) {
      throw new Error(`synth failed in ${this.dir}:\n${(e as { stderr?: string }).stderr}`);
    }
    this.envs = envs;
    return this;
  }

  private report: DiffReport | undefined;

  /**
   * `npm run diff [-- --env <env>...]`: the rendered environments against the
   * merge base with main. Computed once: the change is done when it is diffed.
   */
  diff(): DiffReport {
    this.report ??= diffDist({ repo: this.dir, envs: this.envs });
    return this.report;
  }

  /** The CLI arguments selecting the same environments. */
  get envArgs(): string[] { return this.envs.flatMap((e) => ['--env', e]); }
}
