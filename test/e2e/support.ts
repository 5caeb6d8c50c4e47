// The e2e test harness: one call starts a real control plane, applies a
// (possibly broken) copy of an environment's dist/ to it, and returns the
// report; scratch copies are edited as YAML, file by file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { startControlPlane } from '../../scripts/e2e/control-plane';
import { applyEnvironment, type EnvironmentReport } from '../../scripts/e2e/environment';
import { toolBin } from '../../scripts/e2e/tools';

export const root = path.resolve(import.meta.dirname, '../..');

export const tools = (): Record<string, string> => ({ kube: toolBin('kube'), kustomize: toolBin('kustomize'), helm: toolBin('helm') });

/** A scratch copy of dist/<env> (or of another folder rendered elsewhere). */
export function scratchDist(env: string, from = path.join(root, 'dist', env)): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-dist-')), env);
  fs.cpSync(from, dir, { recursive: true });
  return dir;
}

/** Edits the one object of a YAML file in place. */
export function editObject(file: string, edit: (o: any) => void): void {
  const o = yaml.load(fs.readFileSync(file, 'utf8'));
  edit(o);
  fs.writeFileSync(file, yaml.dump(o, { lineWidth: -1 }));
}

/** Moves a file from one layer to another (kustomization resources too). */
export function moveToLayer(distEnv: string, file: string, from: string, to: string): void {
  fs.renameSync(path.join(distEnv, from, file), path.join(distEnv, to, file));
  editObject(path.join(distEnv, from, 'kustomization.yaml'), (k) => { k.resources = k.resources.filter((r: string) => r !== file); });
  editObject(path.join(distEnv, to, 'kustomization.yaml'), (k) => { k.resources = [...k.resources, file].sort(); });
}

/** prometheus-operator, promtool and amtool at the deployed versions. */
export function promTools(): { operator: string; promtool: string; amtool: string } {
  return { operator: path.join(toolBin('prometheus-operator'), 'operator'), promtool: path.join(toolBin('prometheus'), 'promtool'), amtool: path.join(toolBin('alertmanager'), 'amtool') };
}

export async function e2e(env: string, distEnv: string, opts: { schedule?: boolean; environmentFile?: string; evictionRetryMs?: number; prom?: boolean; coredns?: boolean } = {}): Promise<EnvironmentReport> {
  const bin = tools();
  const cp = await startControlPlane(bin.kube, { label: `test-${env}` });
  try {
    return await applyEnvironment(cp, {
      distEnv,
      environmentFile: opts.environmentFile ?? path.join(root, 'environments', `${env}.yaml`),
      kustomize: path.join(bin.kustomize, 'kustomize'),
      helm: path.join(bin.helm, 'helm'),
      schedule: opts.schedule ?? false,
      evictionRetryMs: opts.evictionRetryMs,
      prom: opts.prom ? promTools() : undefined,
      coredns: opts.coredns ? path.join(toolBin('coredns'), 'coredns') : undefined,
    });
  } finally {
    await cp.stop();
  }
}

/** Findings as the CLI prints them, for assertion messages. */
export const lines = (r: EnvironmentReport): string => r.findings.map((f) => `${f.file}: ${f.object}: ${f.message}`).join('\n');

/** Renders an edited copy of an environment file into a scratch dist/<env>, in-process. */
export async function renderScratch(env: string, editText: (text: string) => string, opts: { capacityCheck?: boolean } = {}): Promise<{ distEnv: string; environmentFile: string }> {
  const { parseEnvironment } = await import('../../charts/environment/load');
  const { renderEnvironment } = await import('../../charts/render');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-env-'));
  const environmentFile = path.join(dir, `${env}.yaml`);
  fs.writeFileSync(environmentFile, editText(fs.readFileSync(path.join(root, 'environments', `${env}.yaml`), 'utf8')));
  const files = renderEnvironment(parseEnvironment(fs.readFileSync(environmentFile, 'utf8'), env, environmentFile), opts);
  const distEnv = path.join(dir, 'dist', env);
  for (const [rel, content] of files) {
    fs.mkdirSync(path.dirname(path.join(distEnv, rel)), { recursive: true });
    fs.writeFileSync(path.join(distEnv, rel), content);
  }
  return { distEnv, environmentFile };
}
