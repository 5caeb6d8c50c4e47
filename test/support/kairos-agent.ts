// The rendered Kairos cloud-configs read by the real `kairos-agent validate`
// (github.com/kairos-io/kairos-agent/v2 built by tools/kairos), and the K3S
// flags they pass checked against K3S's own flag tables (test/fixtures/k3s-flags.json).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { goToolsBin } from './go-tools';
import { runCached } from './result-cache';

/** The node cloud-configs of dist/<env>/kairos (the auroraboot-*.yaml files are AuroraBoot's own configs). */
export function nodeConfigFiles(envDir: string): string[] {
  const dir = path.join(envDir, 'kairos');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.startsWith('auroraboot-')).sort().map((f) => path.join(dir, f));
}

/**
 * `kairos-agent validate FILE`: undefined when valid, else its message. It
 * reads only that file (kairos-sdk v0.25.3 schema/validate.go, `Validate`:
 * os.ReadFile of its argument), so the result of the same kairos-agent on the
 * same bytes is reused (support/result-cache.ts): about 200 node configs, one
 * process each.
 */
export function kairosValidate(file: string): string | undefined {
  const name = path.basename(file);
  const r = runCached(path.join(goToolsBin('kairos'), 'kairos-agent'), ['validate', name], { cwd: path.dirname(file), inputs: [[name, fs.readFileSync(file)]] });
  if (r.status === 0) return undefined;
  return `${path.basename(path.dirname(file))}/${path.basename(file)}: kairos-agent validate: ${`${r.stdout}${r.stderr}`.trim()}`;
}

const FLAGS = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/k3s-flags.json'), 'utf8')) as { server: string[]; agent: string[] };

/** Every K3S argument of every node config against the flags of its command (k3s server / k3s agent). */
export function checkK3sArgs(files: string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const cfg = parse(fs.readFileSync(file, 'utf8')) as Record<string, { args?: string[] } | undefined>;
    for (const [block, command] of [['k3s', 'server'], ['k3s-agent', 'agent']] as const) {
      for (const [i, raw] of (cfg[block]?.args ?? []).entries()) {
        const arg = raw.replace(/^"(.*)"$/, '$1');
        const m = /^--?([a-z0-9-]+)(=.*)?$/.exec(arg);
        if (!m) problems.push(`${path.basename(file)}: ${block}.args[${i}]: ${JSON.stringify(raw)} is not a --flag or --flag=value`);
        else if (!(command === 'server' ? FLAGS.server : FLAGS.agent).includes(m[1])) problems.push(`${path.basename(file)}: ${block}.args[${i}]: --${m[1]} is not a flag of \`k3s ${command}\` (test/fixtures/k3s-flags.json)`);
      }
    }
  }
  return problems;
}

/**
 * Top-level keys read by something other than kairos-agent's schema, with the
 * reader: yip's cloud-init loader (github.com/mudler/yip pkg/schema/loader_cloudinit.go)
 * turns `hostname` into a stage; provider-kairos (its Config struct) reads `k3s`
 * and `k3s-agent`. Add a key here only with the program that reads it.
 */
const OTHER_READERS: Record<string, string> = { hostname: 'yip cloud-init loader', k3s: 'provider-kairos', 'k3s-agent': 'provider-kairos' };

let schemaKeys: string[] | undefined;
/** The top-level properties of the schema `kairos-agent validate` uses (`kairos-agent print-schema`). */
export function kairosSchemaKeys(): string[] {
  if (schemaKeys) return schemaKeys;
  const r = spawnSync(path.join(goToolsBin('kairos'), 'kairos-agent'), ['print-schema'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kairos-agent print-schema failed: ${r.stderr}`);
  schemaKeys = Object.keys((JSON.parse(r.stdout) as { properties: Record<string, unknown> }).properties);
  return schemaKeys;
}

/**
 * kairos-agent's schema lets unknown keys through, so a misspelt key
 * (`bind_mount`) would be ignored silently at boot: every top-level key must be
 * in that schema or read by a program named in OTHER_READERS.
 */
export function checkTopLevelKeys(files: string[]): string[] {
  const known = new Set([...kairosSchemaKeys(), ...Object.keys(OTHER_READERS)]);
  const problems: string[] = [];
  for (const file of files) {
    for (const key of Object.keys(parse(fs.readFileSync(file, 'utf8')) as object)) {
      if (!known.has(key)) problems.push(`${path.basename(file)}: top-level key "${key}" is read by no Kairos component (not in \`kairos-agent print-schema\`, not ${Object.keys(OTHER_READERS).join('/')}): it would be ignored at boot`);
    }
  }
  return problems;
}
