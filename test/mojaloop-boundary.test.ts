// The mojaloop chart plugs into monitoring-core only through its published
// contract (BRIEF section 4): nothing reachable from charts/mojaloop/ may import
// any other file of charts/monitoring-core/.
import { mkdtempSync, readFileSync, readdirSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORE = path.join(ROOT, 'charts/monitoring-core');
const CONTRACT = path.join(CORE, 'contract.ts');

const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
  const p = path.join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
});

/** Relative imports of a file (static, dynamic and re-exports), resolved to files. */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]);
  return specs.filter((s) => s.startsWith('.')).map((s) => {
    const base = path.resolve(path.dirname(file), s);
    return [base, `${base}.ts`, path.join(base, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile()) ?? `${base}.ts`;
  });
}

/** Every repository file reachable from `entries`, with the chain that reaches it. */
function reachable(entries: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue: Array<[string, string[]]> = entries.map((e) => [e, [e]]);
  for (let item = queue.shift(); item; item = queue.shift()) {
    const [file, chain] = item;
    if (seen.has(file) || (!file.startsWith(ROOT) && !entries.includes(file)) || file.includes('node_modules')) continue;
    seen.set(file, chain);
    if (file.startsWith(CORE)) continue; // the boundary: what lies beyond is judged, not followed
    for (const dep of importsOf(file)) queue.push([dep, [...chain, dep]]);
  }
  return seen;
}

const rel = (f: string) => path.relative(ROOT, f);

describe('boundary between mojaloop and monitoring-core', () => {
  const files = walk(path.join(ROOT, 'charts/mojaloop'));

  it('finds the chart sources', () => {
    expect(files.map(rel)).toContain('charts/mojaloop/chart.ts');
  });

  it('nothing reachable from charts/mojaloop/ imports monitoring-core beyond contract.ts', () => {
    const violations = [...reachable(files)].filter(([f]) => f.startsWith(CORE) && f !== CONTRACT).map(([, chain]) => chain.map(rel).join(' -> '));
    expect(violations).toEqual([]);
  });

  it('the check catches a violation, also through an intermediate file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'boundary-'));
    const via = path.join(dir, 'via.ts');
    const entry = path.join(dir, 'entry.ts');
    writeFileSync(via, `import { x } from '${path.relative(dir, path.join(CORE, 'chart'))}';\n`);
    writeFileSync(entry, `import type { y } from './via';\nimport { MONITORING_SELECTOR_LABELS } from '${path.relative(dir, CONTRACT.replace(/\.ts$/, ''))}';\n`);
    const found = [...reachable([entry, via])].filter(([f]) => f.startsWith(CORE) && f !== CONTRACT).map(([f]) => f);
    expect(found).toEqual([path.join(CORE, 'chart.ts')]);
    expect(importsOf(path.join(ROOT, 'charts/mojaloop/chart.ts')).map(rel)).toContain('charts/monitoring-core/contract.ts');
  });
});
