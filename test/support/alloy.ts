// The rendered Alloy config read by Alloy's own parser (tools/configcheck
// alloy-parse, github.com/grafana/alloy/syntax), and its loki.process stages
// run on real Mojaloop log lines (tools/mojaloop-logger: the logger library at
// the version the services pin) with Go's regexp, the engine Alloy uses
// (tools/configcheck alloy-stages).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { goToolsBin } from './go-tools';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LOGGER_DIR = path.join(ROOT, 'tools/mojaloop-logger');

export interface AlloyBlock { name: string; label?: string; line: number; attrs: Record<string, unknown>; blocks: AlloyBlock[] }

/** data['config.alloy'] of dist/<env>/monitoring-core/configmap-alloy.yaml, written to a temp file. */
export function alloyConfigFile(envDir: string): string {
  const cm = parse(fs.readFileSync(path.join(envDir, 'monitoring-core/configmap-alloy.yaml'), 'utf8')) as { data: Record<string, string> };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-'));
  const file = path.join(dir, 'config.alloy');
  fs.writeFileSync(file, cm.data['config.alloy']);
  return file;
}

/** Alloy's parser on a file: the blocks, or the parser's error (file:line:col: message). */
export function parseAlloy(file: string): { blocks?: AlloyBlock[]; error?: string } {
  const r = spawnSync(path.join(goToolsBin('configcheck'), 'alloy-parse'), [file], { encoding: 'utf8' });
  return r.status === 0 ? { blocks: JSON.parse(r.stdout) as AlloyBlock[] } : { error: (r.stderr || r.stdout).trim() };
}

let lines: string[] | undefined;
/** Log lines written by @mojaloop/central-services-logger (tools/mojaloop-logger/emit.cjs), every level on. */
export function mojaloopLogLines(): string[] {
  if (lines) return lines;
  if (!fs.existsSync(path.join(LOGGER_DIR, 'node_modules/@mojaloop/central-services-logger'))) {
    const i = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', LOGGER_DIR], { encoding: 'utf8', timeout: 300_000 });
    if (i.status !== 0) throw new Error(`npm ci in tools/mojaloop-logger failed:\n${i.stderr}`);
  }
  const emit = (env: Record<string, string>) => {
    const r = spawnSync(process.execPath, [path.join(LOGGER_DIR, 'emit.cjs')], { encoding: 'utf8', cwd: LOGGER_DIR, env: { ...process.env, LOG_LEVEL: 'silly', ...env } });
    if (r.status !== 0) throw new Error(`tools/mojaloop-logger/emit.cjs failed:\n${r.stderr}`);
    return r.stdout.split('\n').filter((l) => l !== '');
  };
  // The default output, then one record with the context pretty-printed (JSON_STRINGIFY_SPACING=2).
  lines = [...emit({}), ...emit({ CSL_JSON_STRINGIFY_SPACING: '2' })];
  return lines;
}

export interface OutEntry { labels: Record<string, string>; line: string; timestamp: string; extracted: Record<string, string>; structured_metadata: Array<[string, string]> }

/** Entries through the config's loki.process stages. */
export function runStages(file: string, entries: Array<{ labels: Record<string, string>; line: string }>): OutEntry[] {
  const r = spawnSync(path.join(goToolsBin('configcheck'), 'alloy-stages'), [file], { encoding: 'utf8', input: entries.map((e) => JSON.stringify(e)).join('\n') });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as OutEntry);
}

/** The kubelet's CRI log format, as containerd writes each line of a container's stdout: `<RFC3339Nano> stdout F <line>`. */
const cri = (line: string, i: number) => `2026-11-30T04:00:${String(i % 60).padStart(2, '0')}.000000000Z stdout F ${line}`;

const ANSI = /\x1b\[[0-9;]*m/g;
const FIRST = /^(\d{4}-\d{2}-\d{2}T\S+Z) - (.*?): /s;

/** One logical record per timestamped line, its continuation lines attached: what the logger meant to write. */
function records(physical: string[]): Array<{ time: string; level: string; text: string; raw: string }> {
  const out: Array<{ time: string; level: string; text: string; raw: string }> = [];
  for (const l of physical) {
    const m = FIRST.exec(l);
    if (m) out.push({ time: m[1], level: m[2].replace(ANSI, ''), text: l.slice(m[0].length), raw: l });
    else { out[out.length - 1].text += `\n${l}`; out[out.length - 1].raw += `\n${l}`; }
  }
  return out;
}

/** The Mojaloop pipeline on real lines: one message per record that does not come out right. */
export function checkPipeline(envDir: string, mojaloopNs: string): string[] {
  const file = alloyConfigFile(envDir);
  const parsed = parseAlloy(file);
  if (parsed.error) return [`Alloy's parser rejects ${path.relative(ROOT, envDir)}/monitoring-core/configmap-alloy.yaml config.alloy: ${parsed.error}`];
  const physical = mojaloopLogLines();
  const pod = { namespace: mojaloopNs, pod: 'centralledger-handler-transfer-prepare-0', container: 'centralledger-handler-transfer-prepare' };
  const other = { namespace: 'monitoring-core', pod: 'grafana-0', container: 'grafana' };
  const input = [
    ...physical.map((l, i) => ({ labels: { ...pod }, line: cri(l, i) })),
    { labels: { ...other }, line: cri('logger=settings t=2026-11-30T04:00:00Z level=info msg="Starting Grafana"', 0) },
  ];
  const out = runStages(file, input);
  const mine = out.filter((e) => e.labels.namespace === mojaloopNs);
  const expected = records(physical);
  const problems: string[] = [];
  if (mine.length !== expected.length) problems.push(`${expected.length} log records in, ${mine.length} entries out: continuation lines (stack traces) must join their record`);
  for (const want of expected) {
    const first = want.raw.split('\n')[0];
    const got = mine.find((e) => e.line.split('\n')[0] === first);
    const ctx = / -\t(\{.*\})$/s.exec(want.text);
    const msg = ctx ? want.text.slice(0, ctx.index) : want.text;
    const what = JSON.stringify(`${want.level}: ${msg.split('\n')[0].slice(0, 50)}`);
    if (!got) { problems.push(`${what}: no entry came out`); continue; }
    if (got.labels.level === undefined) { problems.push(`${what}: no level label (the line did not match the pipeline's regex)`); continue; }
    if (got.labels.level !== want.level) problems.push(`${what}: level label ${JSON.stringify(got.labels.level)}, expected ${JSON.stringify(want.level)}`);
    if (Date.parse(got.timestamp) !== Date.parse(want.time)) problems.push(`${what}: timestamp ${got.timestamp}, expected the line's own ${want.time}`);
    if (got.extracted.msg !== msg) problems.push(`${what}: msg ${JSON.stringify(got.extracted.msg)}, expected ${JSON.stringify(msg)}`);
    const meta = got.structured_metadata.filter(([k]) => k === 'context');
    if (ctx) {
      if (meta.length !== 1 || meta[0][1] !== ctx[1]) problems.push(`${what}: structured metadata context ${JSON.stringify(meta)}, expected the JSON context ${ctx[1].slice(0, 40)}...`);
    } else if (meta.length) problems.push(`${what}: structured metadata context ${JSON.stringify(meta)} on a line without context`);
    if (got.line !== want.raw) problems.push(`${what}: the stored line must be the record as the service wrote it`);
  }
  const others = out.filter((e) => e.labels.namespace === 'monitoring-core');
  if (others.length !== 1 || others[0].labels.level !== undefined) problems.push(`a line of another namespace must pass without the Mojaloop parsing: ${JSON.stringify(others)}`);
  return problems;
}

/**
 * The paths Kairos keeps on its persistent partition by default
 * (PERSISTENT_STATE_PATHS of kairos-init v0.17.2, pkg/bundled/cloudconfigs/00_rootfs.yaml,
 * the kairos-init Kairos v4.2.0 is built with); everything else outside them
 * and install.bind_mounts lives in a tmpfs overlay and is gone after a reboot.
 */
export const KAIROS_PERSISTENT_PATHS = [
  '/etc/cni', '/etc/init.d', '/etc/iscsi', '/etc/k0s', '/etc/kubernetes', '/etc/modprobe.d', '/etc/pwx', '/etc/rancher', '/etc/runlevels', '/etc/ssh',
  '/etc/ssl/certs', '/etc/sysconfig', '/etc/systemd', '/etc/zfs', '/home', '/opt', '/root', '/usr/libexec', '/var/cores', '/var/lib/ca-certificates',
  '/var/lib/cni', '/var/lib/containerd', '/var/lib/calico', '/var/lib/dbus', '/var/lib/etcd', '/var/lib/extensions', '/var/lib/confexts', '/var/lib/k0s',
  '/var/lib/kubelet', '/var/lib/longhorn', '/var/lib/osd', '/var/lib/rancher', '/var/lib/rook', '/var/lib/tailscale', '/var/lib/wicked', '/var/lib/kairos', '/var/log',
];

const under = (p: string, dir: string) => p === dir || p.startsWith(`${dir.replace(/\/$/, '')}/`);

/** No line lost: new files read from their start, positions on a path every node persists. */
export function checkNoLinesLost(envDir: string): string[] {
  const problems: string[] = [];
  const parsed = parseAlloy(alloyConfigFile(envDir));
  if (parsed.error) return [parsed.error];
  for (const b of parsed.blocks!.filter((x) => x.name === 'loki.source.file')) {
    if (b.attrs.tail_from_end === true) problems.push(`config.alloy:${b.line}: loki.source.file "${b.label}": tail_from_end = true starts every newly found file at its end: what a container wrote before discovery (a crash loop's startup errors) is lost`);
  }
  const ds = parse(fs.readFileSync(path.join(envDir, 'monitoring-core/daemonset-alloy.yaml'), 'utf8')) as any;
  const c = ds.spec.template.spec.containers.find((x: any) => x.name === 'alloy');
  const storage = (c.args as string[]).find((a) => a.startsWith('--storage.path='))?.slice('--storage.path='.length);
  if (!storage) return [...problems, 'daemonset-alloy.yaml: alloy has no --storage.path: positions would live in the container and die with it'];
  const mount = (c.volumeMounts as any[]).filter((m) => under(storage, m.mountPath)).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  const volume = mount && (ds.spec.template.spec.volumes as any[]).find((v) => v.name === mount.name);
  if (!volume?.hostPath) return [...problems, `daemonset-alloy.yaml: --storage.path=${storage} is not on a hostPath volume: positions die with the pod`];
  const hostPath = path.posix.join(volume.hostPath.path, path.posix.relative(mount.mountPath, storage));
  const kairosDir = path.join(envDir, 'kairos');
  for (const f of fs.readdirSync(kairosDir).filter((n) => !n.startsWith('auroraboot-')).sort()) {
    const cfg = parse(fs.readFileSync(path.join(kairosDir, f), 'utf8')) as { install?: { bind_mounts?: string[] } };
    const kept = [...KAIROS_PERSISTENT_PATHS, ...(cfg.install?.bind_mounts ?? [])];
    if (!kept.some((d) => under(hostPath, d))) problems.push(`kairos/${f}: Alloy's positions (${hostPath}) are neither in a Kairos persistent path nor in install.bind_mounts: lost at every reboot`);
  }
  return problems;
}
