// Scratch git repositories for testing review tooling on realistic changes.
// - ScratchDist: a repo holding only a copy of dist/ (plus fixture objects);
//   changes are made to the rendered YAML, then diffed against the base commit.
// - ScratchSource: a copy of the sources with node_modules linked; changes are
//   made to environments/*.yaml or charts, re-synthesised, then diffed. Use it
//   for every canonical change once the charts render the objects involved.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { toYaml } from '../../charts/render';
import { diffDist, type DiffReport } from '../../scripts/lib/diff';
import { isKustomization } from '../../scripts/lib/manifests';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/review');

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();

function initRepo(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'ci@example.invalid');
  git(dir, 'config', 'user.name', 'scratch');
  git(dir, 'config', 'commit.gpgsign', 'false');
}

abstract class Scratch {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-'));
  get dist(): string { return path.join(this.dir, 'dist'); }

  commit(message: string): string {
    git(this.dir, 'add', '-A');
    git(this.dir, 'commit', '-q', '--allow-empty', '-m', message);
    return git(this.dir, 'rev-parse', 'HEAD');
  }

  /** Starts a change on a branch, as a merge request would. */
  branch(name: string): void { git(this.dir, 'checkout', '-q', '-b', name); }

  diff(base?: string): DiffReport { return diffDist({ repo: this.dir, base }); }

  remove(): void { fs.rmSync(this.dir, { recursive: true, force: true }); }
}

export class ScratchDist extends Scratch {
  /** A repo with the real dist/ and, optionally, fixture trees (laid out like dist/) merged in; committed on main. */
  constructor(fixtureTrees: string[] = [path.join(FIXTURES, 'prod')]) {
    super();
    initRepo(this.dir);
    fs.cpSync(path.join(ROOT, 'dist'), this.dist, { recursive: true });
    for (const tree of fixtureTrees) this.addTree(tree, path.basename(tree) === 'prod' ? 'prod' : '');
    this.commit('base');
  }

  /** Copies a fixture tree into dist/<prefix>/ and lists its objects in each layer's kustomization. */
  addTree(tree: string, prefix = ''): void {
    const target = path.join(this.dist, prefix);
    fs.cpSync(tree, target, { recursive: true });
    for (const f of fs.readdirSync(tree, { recursive: true }) as string[]) {
      if (f.endsWith('.yaml')) this.relist(path.dirname(path.join(prefix, f)));
    }
  }

  read(file: string): Record<string, any> { return parse(fs.readFileSync(path.join(this.dist, file), 'utf8'), { version: '1.1' }); }

  write(file: string, manifest: unknown): void {
    fs.mkdirSync(path.dirname(path.join(this.dist, file)), { recursive: true });
    fs.writeFileSync(path.join(this.dist, file), toYaml(manifest));
    this.relist(path.dirname(file));
  }

  /** Edits one rendered object in place. */
  edit(file: string, change: (m: Record<string, any>) => void): void {
    const m = this.read(file);
    change(m);
    this.write(file, m);
  }

  delete(file: string): void {
    fs.rmSync(path.join(this.dist, file));
    this.relist(path.dirname(file));
  }

  /** Renames a file (the object in it stays the same). */
  move(from: string, to: string): void {
    fs.renameSync(path.join(this.dist, from), path.join(this.dist, to));
    this.relist(path.dirname(from));
    this.relist(path.dirname(to));
  }

  /** Rewrites a layer's kustomization.yaml resources the way the renderer does. */
  private relist(layerDir: string): void {
    const file = path.join(this.dist, layerDir, 'kustomization.yaml');
    if (!fs.existsSync(file)) return;
    const k = parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const generated = new Set([...((k.secretGenerator as Array<{ files?: string[] }>) ?? []), ...((k.configMapGenerator as Array<{ files?: string[] }>) ?? [])].flatMap((g) => g.files ?? []));
    k.resources = fs.readdirSync(path.dirname(file))
      .filter((f) => f.endsWith('.yaml') && !isKustomization(f) && !generated.has(f))
      .sort();
    fs.writeFileSync(file, toYaml(k));
  }
}

/** Copies of what synth needs (not dist/'s consumers): sources, environments, imports, scripts. */
const SOURCE_ENTRIES = ['charts', 'environments', 'monitoring', 'imports', 'scripts', 'dist', 'package.json', 'tsconfig.json', 'cdk8s.yaml'];

export class ScratchSource extends Scratch {
  constructor() {
    super();
    for (const e of SOURCE_ENTRIES) if (fs.existsSync(path.join(ROOT, e))) fs.cpSync(path.join(ROOT, e), path.join(this.dir, e), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(this.dir, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(this.dir, '.gitignore'), 'node_modules\n');
    initRepo(this.dir);
    this.commit('base');
  }

  /** Edits environments/<env>.yaml as text (keeps its comments), e.g. appending an override. */
  editEnvironment(env: string, change: (text: string) => string): void {
    const file = path.join(this.dir, 'environments', `${env}.yaml`);
    fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
  }

  /** npm run synth in the copy; throws with synth's output when it fails. */
  synth(): void {
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/synth.ts'], { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      throw new Error(`synth failed in ${this.dir}:\n${(e as { stderr?: Buffer }).stderr?.toString()}`);
    }
  }
}

/** Object lines of a report ("prod/mojaloop changed Deployment mojaloop/x"), sorted, for exact assertions. */
export const objectLines = (r: DiffReport): string[] =>
  r.objects.map((o) => `${o.env}/${o.layer} ${o.change} ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`).sort();

export const destructiveObjects = (r: DiffReport): string[] => [...new Set(r.destructive.map((d) => `${d.env}/${d.layer} ${d.object}`))].sort();

export const layersOf = (r: DiffReport): string[] => [...new Set(r.objects.map((o) => `${o.env}/${o.layer}`))].sort();

export { isKustomization };
