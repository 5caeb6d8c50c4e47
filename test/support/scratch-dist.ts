// A scratch copy of dist/<env>/ on disk, to put a defect back into a rendered
// file and show that the check reading it fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { toYaml } from '../../charts/lib/yaml';

export const DIST = path.resolve(import.meta.dirname, '../../dist');

export function scratchDist(env: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dist-${env}-`));
  fs.cpSync(path.join(DIST, env), dir, { recursive: true });
  return dir;
}

/** Edits data[key] of a rendered ConfigMap file in place. */
export function editConfigMapData(file: string, key: string, change: (text: string) => string): void {
  const m = parse(fs.readFileSync(file, 'utf8')) as { data: Record<string, string> };
  const before = m.data[key];
  m.data[key] = change(before);
  if (m.data[key] === before) throw new Error(`${file}: the edit changed nothing in data.${key}`);
  fs.writeFileSync(file, toYaml(m));
}

/** Edits a rendered YAML file (a node cloud-config keeps its comment header). */
export function editYaml(file: string, change: (doc: Record<string, any>) => void): void {
  const text = fs.readFileSync(file, 'utf8');
  const header = text.split('\n').filter((l) => l.startsWith('#')).join('\n');
  const doc = parse(text) as Record<string, any>;
  change(doc);
  fs.writeFileSync(file, `${header}\n${toYaml(doc)}`);
}
