// The real dist/ as material for testing the review tooling, without
// rendering anything (this module loads no chart code):
// - DistTree: dist/ in memory, edited like a hand-made merge request, for the
//   diff's rules on edits no source change produces (an immutable selector
//   edited by hand): no git, no disk.
// - ScratchDist: a copy of dist/ on disk, for tools that read a folder (validate).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { toYaml } from '../../charts/lib/yaml';
import { diffTrees, type DiffReport } from '../../scripts/lib/diff';
import { readWorkTree, type Tree } from '../../scripts/lib/dist-tree';
import { isKustomization, objectsOf, type DistObject } from '../../scripts/lib/manifests';

export const ROOT = path.resolve(import.meta.dirname, '../..');

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
/** The repository's dist/ (read once), or the part of it below a folder (`prod/`). */
export function distTree(under = ''): Tree {
  realDist ??= readWorkTree(path.join(ROOT, 'dist'));
  return under ? new Map([...realDist].filter(([f]) => f.startsWith(under))) : realDist;
}

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

  /** `under`: only this folder of dist/ (an environment), which is quicker to copy. */
  constructor(under = '') {
    fs.cpSync(path.join(ROOT, 'dist', under), path.join(this.dist, under), { recursive: true });
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
