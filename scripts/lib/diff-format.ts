// Presenting a DiffReport: terminal text, and Markdown for a merge-request
// note (GitLab and GitHub both render <details> and tables).
import type { Destructive, DiffReport, FileChange, ObjectChange } from './diff';
import type { IdlePool } from './idle-pools';
import { formatChange } from './change-format';

/** Text lines longer than this wrap (values are never cut: a reviewer needs all of them). */
export const WIDTH = 160;
/** GitHub refuses comments over 65,536 characters; GitLab allows more. Stay under both. */
const MAX_MARKDOWN = 60_000;

const short = (sha: string) => sha.slice(0, 12);
const where = (x: { env: string; layer: string }) => (x.layer ? `${x.env}/${x.layer}` : x.env);
const display = (o: ObjectChange) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
const mark = { added: '+', removed: '-', changed: '~' } as const;

interface Group { key: string; objects: ObjectChange[]; files: FileChange[] }

function groups(r: DiffReport): Group[] {
  const map = new Map<string, Group>();
  const get = (key: string) => map.get(key) ?? map.set(key, { key, objects: [], files: [] }).get(key)!;
  for (const o of r.objects) get(where(o)).objects.push(o);
  for (const f of r.files) get(where(f)).files.push(f);
  return [...map.values()].sort((a, b) => a.key.localeCompare(b.key));
}

const counts = (g: Group): string => {
  const n = (c: ObjectChange['change']) => g.objects.filter((o) => o.change === c).length;
  const parts = g.objects.length ? [`${n('added')} added`, `${n('changed')} changed`, `${n('removed')} removed`] : [];
  if (g.files.length) parts.push(`${g.files.length} file(s)`);
  return parts.join(', ');
};

function fieldLines(o: ObjectChange): string[] {
  const lines = o.fields.flatMap(formatChange);
  if (o.fromLayer) lines.unshift(`moved from layer ${o.fromLayer}`);
  return lines;
}

/**
 * Changed objects with exactly the same field changes (a label changed on every
 * object of a service) are shown once, under the list of them, at the place of
 * the first; everything else is one object per block.
 */
function blocks(objects: ObjectChange[]): Array<{ objects: ObjectChange[]; lines: string[] }> {
  const out: Array<{ objects: ObjectChange[]; lines: string[] }> = [];
  const same = new Map<string, { objects: ObjectChange[]; lines: string[] }>();
  for (const o of objects) {
    const lines = fieldLines(o);
    const key = o.change === 'changed' && lines.length ? lines.join('\n') : undefined;
    const block = key !== undefined ? same.get(key) : undefined;
    if (block) {
      block.objects.push(o);
      continue;
    }
    const fresh = { objects: [o], lines };
    out.push(fresh);
    if (key !== undefined) same.set(key, fresh);
  }
  return out;
}

/**
 * Destructive changes by reason, in report order: many objects removed for the
 * same reason (a dropped feature) read as one reason and a list.
 */
function byReason(r: DiffReport): Array<{ reason: string; items: Destructive[] }> {
  const map = new Map<string, Destructive[]>();
  for (const d of r.destructive) map.set(d.reason, [...(map.get(d.reason) ?? []), d]);
  return [...map].map(([reason, items]) => ({ reason, items }));
}

const fileLine = (f: FileChange) => `${mark[f.change]} ${f.file} (+${f.linesAdded} -${f.linesRemoved} lines)`;

/** Inside a changed file: its fields by path, or (plain text) a sample of the changed lines. */
function fileFieldLines(f: FileChange): string[] {
  if (f.fields.length === 1 && f.fields[0].path.length === 0) return formatChange(f.fields[0]).slice(1).map((l) => l.trimStart());
  return f.fields.flatMap(formatChange);
}

/**
 * Wraps a line at WIDTH, at a space or after a comma where it can, else hard;
 * continuation lines are indented under the first, one step deeper.
 */
export function wrap(line: string, width = WIDTH): string[] {
  if (line.length <= width) return [line];
  const indent = `${/^ */.exec(line)![0]}    `;
  const out: string[] = [];
  let rest = line;
  let first = true;
  while (rest.length > (first ? width : width - indent.length)) {
    const room = first ? width : width - indent.length;
    const head = rest.slice(0, room);
    const at = Math.max(head.lastIndexOf(' '), head.lastIndexOf(',') + 1);
    const cut = at > room / 2 ? at : room;
    out.push(`${first ? '' : indent}${rest.slice(0, cut).trimEnd()}`);
    rest = rest.slice(cut).trimStart();
    first = false;
  }
  out.push(`${first ? '' : indent}${rest}`);
  return out;
}

/** Per environment: objects added, changed, removed and plain files changed. */
function perEnvironment(r: DiffReport): Array<{ env: string; added: number; changed: number; removed: number; files: number; destructive: number }> {
  return r.environments.map((env) => {
    const n = (c: ObjectChange['change']) => r.objects.filter((o) => o.env === env && o.change === c).length;
    return { env, added: n('added'), changed: n('changed'), removed: n('removed'), files: r.files.filter((f) => f.env === env).length, destructive: r.destructive.filter((d) => d.env === env).length };
  });
}

const idleLine = (i: IdlePool) =>
  `${i.env}: pool ${i.pool} keeps ${i.nodes.length} node(s) (${i.nodes.join(', ')}) with no workload any more (it ran ${i.before.join(', ')}); remove them from pools.${i.pool} in environments/${i.env}.yaml, or this change was not meant to empty them`;

export function formatText(r: DiffReport): string {
  const out: string[] = [`dist/ at ${short(r.base.sha)} (${r.base.ref}) -> ${r.head}`];
  if (r.objects.length === 0 && r.files.length === 0) {
    out.push('no changes in dist/');
    return `${out.join('\n')}\n`;
  }
  // What a reviewer must check comes first: destructive changes, the size of the change, idle nodes.
  out.push('');
  if (r.destructive.length) {
    out.push(`DESTRUCTIVE CHANGES (${r.destructive.length}):`);
    for (const { reason, items } of byReason(r)) {
      if (items.length === 1) out.push(`  ! ${where(items[0])} ${items[0].object}: ${reason}`);
      else out.push(`  ! ${reason}:`, ...items.map((d) => `      ${where(d)} ${d.object}`));
    }
  } else {
    out.push('no destructive changes');
  }
  out.push('', 'Summary:');
  for (const e of perEnvironment(r)) {
    out.push(`  ${e.env}: ${e.added} added, ${e.changed} changed, ${e.removed} removed, ${e.files} file(s)${e.destructive ? `, ${e.destructive} destructive` : ''}`);
  }
  if (r.idle.length) {
    out.push('', `NOTICE: nodes left idle (${r.idle.length} pool(s)):`);
    for (const i of r.idle) out.push(`  ! ${idleLine(i)}`);
  }
  if (r.images.length || r.versions.length) {
    out.push('', 'Images and versions:');
    for (const i of r.images) out.push(`  ${where(i)} ${i.repository}: ${i.from ?? '(new)'} -> ${i.to ?? '(gone)'}`);
    for (const v of r.versions) out.push(`  ${where(v)} ${v.object} ${v.path}: ${v.from ?? '(none)'} -> ${v.to ?? '(none)'}`);
  }
  for (const g of groups(r)) {
    out.push('', `${g.key}: ${counts(g)}`);
    for (const b of blocks(g.objects)) {
      for (const o of b.objects) out.push(`  ${mark[o.change]} ${display(o)}`);
      if (b.objects.length > 1) out.push(`      each of these ${b.objects.length}:`);
      const indent = b.objects.length > 1 ? '        ' : '      ';
      for (const l of b.lines) out.push(`${indent}${l}`);
    }
    for (const f of g.files) {
      out.push(`  file ${fileLine(f)}`);
      for (const l of fileFieldLines(f)) out.push(`      ${l}`);
    }
  }
  out.push('', `${r.objects.length} object(s) and ${r.files.length} file(s) changed in ${r.environments.join(', ')}${r.destructive.length ? `; ${r.destructive.length} destructive (listed first)` : '; no destructive changes'}`);
  return `${out.flatMap((l) => wrap(l)).join('\n')}\n`;
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function formatMarkdown(r: DiffReport): string {
  const out: string[] = ['### Rendered diff of `dist/`', '', `Base ${code(short(r.base.sha))} (${r.base.ref}) → ${r.head}.`, ''];
  if (r.objects.length === 0 && r.files.length === 0) {
    out.push('No changes in `dist/`.');
    return `${out.join('\n')}\n`;
  }
  if (r.destructive.length) {
    out.push(`:warning: **${r.destructive.length} destructive change(s)** — review before merging:`, '', '| why | objects |', '|---|---|');
    for (const { reason, items } of byReason(r)) {
      out.push(`| ${cell(reason)} | ${items.map((d) => `${where(d)} ${code(d.object)}`).join('<br>')} |`);
    }
  } else {
    out.push('No destructive changes.');
  }
  out.push('', '| environment | added | changed | removed | files | destructive |', '|---|---:|---:|---:|---:|---:|');
  for (const e of perEnvironment(r)) out.push(`| **${e.env}** | ${e.added} | ${e.changed} | ${e.removed} | ${e.files} | ${e.destructive} |`);
  if (r.idle.length) {
    out.push('', `:information_source: **Nodes left idle** in ${r.idle.length} pool(s):`, '');
    for (const i of r.idle) out.push(`- ${cell(idleLine(i))}`);
  }
  out.push('', '| environment / layer | added | changed | removed | files |', '|---|---:|---:|---:|---:|');
  const gs = groups(r);
  for (const g of gs) {
    const n = (c: ObjectChange['change']) => g.objects.filter((o) => o.change === c).length;
    out.push(`| ${g.key} | ${n('added')} | ${n('changed')} | ${n('removed')} | ${g.files.length} |`);
  }
  if (r.images.length || r.versions.length) {
    out.push('', '#### Images and versions', '', '| where | what | from | to |', '|---|---|---|---|');
    for (const i of r.images) out.push(`| ${where(i)} | ${code(i.repository)} | ${i.from ?? '(new)'} | ${i.to ?? '(gone)'} |`);
    for (const v of r.versions) out.push(`| ${where(v)} | ${code(`${v.object} ${v.path}`)} | ${v.from ?? '(none)'} | ${v.to ?? '(none)'} |`);
  }
  out.push('', '#### Objects');
  for (const g of gs) {
    out.push('', `<details><summary>${g.key}: ${counts(g)}</summary>`, '');
    for (const b of blocks(g.objects)) {
      out.push(`- ${b.objects[0].change} ${b.objects.map((o) => code(display(o))).join(', ')}${b.objects.length > 1 ? ` (each of these ${b.objects.length})` : ''}`);
      if (b.lines.length) out.push('  ```', ...b.lines.flatMap((l) => wrap(`  ${l}`)), '  ```');
    }
    for (const f of g.files) {
      out.push(`- file ${code(fileLine(f))}`);
      const lines = fileFieldLines(f);
      if (lines.length) out.push('  ```', ...lines.flatMap((l) => wrap(`  ${l}`)), '  ```');
    }
    out.push('', '</details>');
  }
  let text = `${out.join('\n')}\n`;
  if (text.length > MAX_MARKDOWN) {
    // Cut between two layers' sections, so no table, fence or <details> is left open.
    const cut = text.lastIndexOf('\n<details>', MAX_MARKDOWN);
    text = `${text.slice(0, cut > 0 ? cut : MAX_MARKDOWN)}\n\n… cut at ${MAX_MARKDOWN} characters: run \`npm run diff\` for the rest.\n`;
  }
  return text;
}
