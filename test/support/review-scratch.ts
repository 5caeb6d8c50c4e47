// Scratch material for testing the review tooling (npm run diff, validate).
// - ScratchSource: a git repository whose main commit holds the sources and
//   dist/ of this checkout (the base). Each canonical change is a merge request
//   on its own worktree and branch: edit environments/*.yaml or chart code,
//   re-synthesise (a real `npm run synth` process, only the environments the
//   change concerns), diff against main. Worktrees share the base commit and
//   check out only the sources (file creation is what costs here), so many
//   changes are prepared side by side cheaply.
// - DistTree: the real dist/ in memory, for the diff's rules on edits that no
//   source change produces (an immutable selector edited by hand): no git, no disk.
// - ScratchDist: a copy of the real dist/ on disk, for npm run validate.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { toYaml } from '../../charts/render';
import { diffDist, diffTrees, type DiffReport } from '../../scripts/lib/diff';
import { renderAll, writeDist } from '../../scripts/lib/dist';
import { readWorkTree, type Tree } from '../../scripts/lib/dist-tree';
import { isKustomization, objectsOf, type DistObject } from '../../scripts/lib/manifests';

export const ROOT = path.resolve(import.meta.dirname, '../..');

const run = promisify(execFile);
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 }).toString().trim();

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
   * CPU for loading cdk8s and the CRD bindings) per change.
   */
  async render(envs: string[]): Promise<this> {
    // Let the caller start the other changes' synth processes first: this blocks the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    const code = [...this.edited].filter((f) => !f.startsWith('environments/'));
    if (code.length) throw new Error(`render() renders with this checkout's code, but ${code.join(', ')} changed: use synth()`);
    const { rendered, errors } = renderAll({ envDir: path.join(this.dir, 'environments'), only: envs });
    if (errors.length) throw new Error(`synth of ${this.dir} failed:\n${errors.join('\n')}`);
    writeDist(rendered, { dist: path.join(this.dir, 'dist') });
    this.envs = envs;
    return this;
  }

  /** `npm run synth -- --env <env>...` in the worktree (every environment without envs). */
  async synth(envs: string[] = []): Promise<this> {
    const args = ['--import', 'tsx', 'scripts/synth.ts', ...envs.flatMap((e) => ['--env', e])];
    try {
      await run(process.execPath, args, { cwd: this.dir });
    } catch (e) {
      throw new Error(`synth failed in ${this.dir}:\n${(e as { stderr?: string }).stderr}`);
    }
    this.envs = envs;
    return this;
  }

  /** `npm run diff [-- --env <env>...]`: the rendered environments against the merge base with main. */
  diff(): DiffReport { return diffDist({ repo: this.dir, envs: this.envs }); }

  /** The CLI arguments selecting the same environments. */
  get envArgs(): string[] { return this.envs.flatMap((e) => ['--env', e]); }
}

/** A layer's kustomization.yaml with its resources listed the way the renderer does, from the names in its folder. */
function relisted(kustomization: string, names: string[]): string {
  const k = parse(kustomization) as Record<string, unknown>;
  const generated = new Set([...((k.secretGenerator as Array<{ files?: string[] }>) ?? []), ...((k.configMapGenerator as Array<{ files?: string[] }>) ?? [])].flatMap((g) => g.files ?? []));
  k.resources = names.filter((f) => f.endsWith('.yaml') && !isKustomization(f) && !generated.has(f)).sort();
  return toYaml(k);
}

function relist(files: Tree, layerDir: string): void {
  const file = `${layerDir}/kustomization.yaml`;
  const text = files.get(file);
  if (text === undefined) return;
  files.set(file, relisted(text, [...files.keys()].filter((f) => path.posix.dirname(f) === layerDir).map((f) => path.posix.basename(f))));
}

let realDist: Tree | undefined;
/** The repository's dist/, read once. */
export const distTree = (): Tree => (realDist ??= readWorkTree(path.join(ROOT, 'dist')));

/** Parsed objects of a dist/ tree, optionally only those below a folder (`prod/`, `prod/mojaloop/`). */
export function distObjects(tree: Tree, under = ''): DistObject[] {
  return [...tree].filter(([f]) => f.startsWith(under)).flatMap(([f, text]) => objectsOf(f, text) ?? []);
}

/** The real dist/ in memory, edited like a hand-made merge request. */
export class DistTree {
  readonly files: Tree;

  /** `extra`: objects (file -> manifest) added to the base, for kinds the charts do not render. */
  constructor(extra: Record<string, unknown> = {}, readonly base: Tree = withObjects(distTree(), extra)) {
    this.files = new Map(this.base);
  }

  read(file: string): Record<string, any> {
    const text = this.files.get(file);
    if (text === undefined) throw new Error(`no ${file} in dist/`);
    return parse(text, { version: '1.1' });
  }

  write(file: string, manifest: unknown): this {
    this.files.set(file, toYaml(manifest));
    relist(this.files, path.posix.dirname(file));
    return this;
  }

  /** Edits one rendered object in place. */
  edit(file: string, change: (m: Record<string, any>) => void): this {
    const m = this.read(file);
    change(m);
    return this.write(file, m);
  }

  text(file: string, change: (text: string) => string): this {
    this.files.set(file, change(this.files.get(file) ?? ''));
    return this;
  }

  delete(file: string): this {
    if (!this.files.delete(file)) throw new Error(`no ${file} in dist/`);
    relist(this.files, path.posix.dirname(file));
    return this;
  }

  /** Renames a file (the object in it stays the same). */
  move(from: string, to: string): this {
    this.files.set(to, this.files.get(from)!);
    this.files.delete(from);
    relist(this.files, path.posix.dirname(from));
    relist(this.files, path.posix.dirname(to));
    return this;
  }

  diff(): DiffReport { return diffTrees(this.base, this.files, { ref: 'dist/', sha: '0'.repeat(40) }); }
}

function withObjects(tree: Tree, extra: Record<string, unknown>): Tree {
  if (Object.keys(extra).length === 0) return tree;
  const out = new Map(tree);
  for (const [file, manifest] of Object.entries(extra)) {
    out.set(file, toYaml(manifest));
    relist(out, path.posix.dirname(file));
  }
  return out;
}

/** A copy of the real dist/ on disk (for tools that read a folder), edited in place. */
export class ScratchDist {
  readonly dist = fs.mkdtempSync(path.join(os.tmpdir(), 'review-dist-'));

  constructor() {
    fs.cpSync(path.join(ROOT, 'dist'), this.dist, { recursive: true });
  }

  read(file: string): Record<string, any> { return parse(fs.readFileSync(path.join(this.dist, file), 'utf8'), { version: '1.1' }); }

  /** Writes an object and lists it in its layer's kustomization.yaml. */
  write(file: string, manifest: unknown): void {
    const dir = path.dirname(path.join(this.dist, file));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(this.dist, file), toYaml(manifest));
    const k = path.join(dir, 'kustomization.yaml');
    if (fs.existsSync(k)) fs.writeFileSync(k, relisted(fs.readFileSync(k, 'utf8'), fs.readdirSync(dir)));
  }

  edit(file: string, change: (m: Record<string, any>) => void): void {
    const m = this.read(file);
    change(m);
    this.write(file, m);
  }

  remove(): void { fs.rmSync(this.dist, { recursive: true, force: true }); }
}

/** Object lines of a report ("prod/mojaloop changed Deployment mojaloop/x"), sorted, for exact assertions. */
export const objectLines = (r: DiffReport): string[] =>
  r.objects.map((o) => `${o.env}/${o.layer} ${o.change} ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`).sort();

export const destructiveObjects = (r: DiffReport): string[] => [...new Set(r.destructive.map((d) => `${d.env}/${d.layer} ${d.object}`))].sort();
