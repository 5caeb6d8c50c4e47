// The files of dist/ as a map (path relative to dist/ -> content), read either
// from a git commit or from the working tree. Reading a commit costs two git
// processes whatever the number of files (ls-tree, then one cat-file --batch).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type Tree = Map<string, string>;

const git = (repo: string, args: string[], input?: Buffer | string): Buffer =>
  execFileSync('git', args, { cwd: repo, input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });

export function gitText(repo: string, args: string[]): string {
  try {
    return git(repo, args).toString('utf8').trim();
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`git ${args.join(' ')}: ${err.stderr?.toString().trim() || err.message}`);
  }
}

/** Full commit id of a ref, or a clear error. */
export const resolveCommit = (repo: string, ref: string): string => gitText(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);

/**
 * The default base of a review: where this branch left main. On main itself
 * that is HEAD, so the diff shows the working tree against the last commit.
 */
export function defaultBase(repo: string): { ref: string; sha: string } {
  for (const main of ['main', 'origin/main']) {
    let mainSha: string;
    try {
      mainSha = resolveCommit(repo, main);
    } catch {
      continue;
    }
    return { ref: `merge-base(HEAD, ${main})`, sha: gitText(repo, ['merge-base', 'HEAD', mainSha]) };
  }
  throw new Error('no branch "main" or "origin/main" to take the merge base with: pass --base <git-ref>');
}

/** dist/ (or another folder of the repository) as it is in a commit. */
export function readGitTree(repo: string, commit: string, dir = 'dist'): Tree {
  const listing = git(repo, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', dir]).toString('utf8');
  const entries: Array<{ sha: string; file: string }> = [];
  for (const line of listing.split('\0')) {
    if (!line) continue;
    const m = /^\d+ (\w+) ([0-9a-f]+)\t(.*)$/s.exec(line);
    if (m?.[1] === 'blob') entries.push({ sha: m[2], file: path.posix.relative(dir, m[3]) });
  }
  const tree: Tree = new Map();
  if (entries.length === 0) return tree;
  const out = git(repo, ['cat-file', '--batch'], entries.map((e) => e.sha).join('\n') + '\n');
  // Each answer: "<sha> blob <size>\n<content>\n", in the order asked.
  let at = 0;
  for (const { file } of entries) {
    const nl = out.indexOf(10, at);
    const size = Number(out.subarray(at, nl).toString().split(' ')[2]);
    tree.set(file, out.subarray(nl + 1, nl + 1 + size).toString('utf8'));
    at = nl + 1 + size + 1;
  }
  return tree;
}

/** dist/ as it is on disk; synth's hidden scratch folders are skipped. */
export function readWorkTree(dist: string): Tree {
  const tree: Tree = new Map();
  if (!fs.existsSync(dist)) return tree;
  const walk = (dir: string): void => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      if (d.name.startsWith('.')) continue;
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.isFile()) tree.set(path.relative(dist, p).split(path.sep).join('/'), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dist);
  return tree;
}
