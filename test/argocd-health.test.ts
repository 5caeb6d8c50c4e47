// Sync waves that wait: Argo CD assesses Application health with the check
// its documentation gives (charts/sync/argocd-health.ts), kept in argocd-cm by
// the "argocd" Application and put in place at bootstrap before the app of
// apps, which bootstrap applies alone so that it creates the other
// Applications wave by wave. And no wave can wait for ever: the one unit that
// waits for a human is vault (sealed members are not Ready), and nothing
// ordered before it needs Vault, under either tool.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV_NAMES, renderedFiles } from './support/bundled';
import { orderedBefore, renderedFor, TOOLS, type RenderedForTool } from './support/sync-tools';
import { toolBin } from '../scripts/e2e/tools';
import { upstreamCheckout } from '../scripts/e2e/upstream';
import { buildArgoKustomizeApp, type BundleBuild } from '../scripts/e2e/upstream-bundles';
import { APPLICATION_HEALTH_FILE, APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA, applicationHealthPatch, BOOTSTRAP_FOLDER } from '../charts/sync/argocd-health';
import { ARGOCD_REPOSITORY, ARGOCD_VERSION } from '../charts/sync/argocd-self';
import { ARGO_BOOTSTRAP_FILES } from '../charts/sync/argocd';
import type { Manifest } from '../charts/render';

const BUILD_TIMEOUT = 10 * 60_000;
let kustomize: string;
beforeAll(() => { kustomize = path.join(toolBin('kustomize'), 'kustomize'); }, BUILD_TIMEOUT);

const argoApps = () => renderedFor('test', 'argocd').sync.filter((o) => o.kind === 'Application') as any[];

describe('Argo CD assesses Application health', () => {
  it('the "argocd" Application\'s install, built by kustomize from the pinned manifests with its patches, has the check in argocd-cm and keeps the install\'s own keys; without the patches it has none', () => {
    const app = argoApps().find((a) => a.metadata.name === 'argocd');
    const cm = (b: BundleBuild) => {
      expect('objects' in b, JSON.stringify(b)).toBe(true);
      return (b as Extract<BundleBuild, { objects: any[] }>).objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-cm');
    };
    const patched = cm(buildArgoKustomizeApp(kustomize, app));
    // kustomize writes the value back without its final line break (a block scalar `|-`); the script is the same.
    expect(patched.data[APPLICATION_HEALTH_KEY].trimEnd()).toBe(APPLICATION_HEALTH_LUA.trimEnd());
    expect(Object.keys(patched.data)).toEqual(expect.arrayContaining(['resource.exclusions', 'resource.customizations.ignoreResourceUpdates.all']));
    const bare = cm(buildArgoKustomizeApp(kustomize, { ...app, spec: { ...app.spec, source: { ...app.spec.source, kustomize: undefined } } }));
    expect(bare.data[APPLICATION_HEALTH_KEY]).toBeUndefined();
  }, BUILD_TIMEOUT);

  /** The script under the key in docs/operator-manual/health.md of a checkout. */
  const documented = (doc: string): string | undefined => {
    const lines = doc.split('\n');
    const at = lines.findIndex((l) => l.trim() === `${APPLICATION_HEALTH_KEY}: |`);
    if (at < 0) return undefined;
    const body: string[] = [];
    for (const l of lines.slice(at + 1)) {
      if (!l.startsWith('    ')) break;
      body.push(l.slice(4));
    }
    return `${body.join('\n')}\n`;
  };

  it(`the check is the one Argo CD documents at ${ARGOCD_VERSION} (docs/operator-manual/health.md), and the comparison fails on another`, () => {
    const checkout = upstreamCheckout(ARGOCD_REPOSITORY, ARGOCD_VERSION);
    expect(checkout, `${ARGOCD_REPOSITORY} ${ARGOCD_VERSION}`).toBeDefined();
    const doc = fs.readFileSync(path.join(checkout!.dir, 'docs/operator-manual/health.md'), 'utf8');
    expect(documented(doc)).toBe(APPLICATION_HEALTH_LUA);
    expect(documented(doc.replace('hs.status = "Progressing"', 'hs.status = "Healthy"'))).not.toBe(APPLICATION_HEALTH_LUA);
  });

  it('the app of apps retries for ever on the newest revision (a Degraded wave fails its sync until Vault holds the values); the others keep a limit', () => {
    for (const a of argoApps()) {
      if (a.metadata.name === 'sync') expect(a.spec.syncPolicy.retry).toMatchObject({ limit: -1, refresh: true, backoff: { maxDuration: '10m' } });
      else if (a.spec.syncPolicy.retry) expect(a.spec.syncPolicy.retry.limit, a.metadata.name).toBeGreaterThan(0);
    }
  });
});

/** What is wrong with the bootstrap of the Sync section: the check after the app of apps, or the whole folder applied at once. */
function bootstrapProblems(name: string, readme: string): string[] {
  const sync = readme.slice(readme.indexOf('\n## Sync'));
  const patch = sync.indexOf(`kubectl -n argocd patch configmap argocd-cm --patch-file dist/${name}/${BOOTSTRAP_FOLDER}/${APPLICATION_HEALTH_FILE}`);
  const apply = sync.indexOf(`kubectl apply ${ARGO_BOOTSTRAP_FILES.map((f) => `-f dist/${name}/argocd/${f}`).join(' ')}`);
  const problems: string[] = [];
  if (patch < 0) problems.push('argocd-cm never gets the Application health check');
  if (apply < 0) problems.push('the project and the app of apps are not applied on their own');
  if (patch >= 0 && apply >= 0 && patch > apply) problems.push('the app of apps starts before argocd-cm has the check: its first waves would not wait');
  if (sync.includes(`kubectl apply -k dist/${name}/argocd`)) problems.push('the whole folder is applied: every Application would start at once, whatever its wave');
  return problems;
}

describe('bootstrap under Argo CD', () => {
  const files = renderedFiles('test');
  const readme = files.get('README.md')!;

  it('patches argocd-cm with the rendered file, then applies only the project and the app of apps (files that exist)', () => {
    // In a folder of plain files no sync tool reads; Flux environments have none.
    expect(files.get(`${BOOTSTRAP_FOLDER}/${APPLICATION_HEALTH_FILE}`)).toBe(applicationHealthPatch());
    expect(files.has(`${BOOTSTRAP_FOLDER}/kustomization.yaml`)).toBe(false);
    expect([...renderedFiles('prod').keys()].some((f) => f.startsWith(`${BOOTSTRAP_FOLDER}/`))).toBe(false);
    for (const f of ARGO_BOOTSTRAP_FILES) expect(files.has(`argocd/${f}`), f).toBe(true);
    expect(bootstrapProblems('test', readme)).toEqual([]);
  });

  it('the check fails on the patch after the app of apps, or on the whole folder applied', () => {
    const lines = readme.split('\n');
    const p = lines.findIndex((l) => l.includes('patch configmap argocd-cm'));
    const a = lines.findIndex((l) => l.startsWith('kubectl apply -f dist/test/argocd/'));
    const swapped = [...lines];
    [swapped[p], swapped[a]] = [lines[a], lines[p]];
    expect(bootstrapProblems('test', swapped.join('\n'))).toEqual(['the app of apps starts before argocd-cm has the check: its first waves would not wait']);
    expect(bootstrapProblems('test', readme.replace(lines[a], 'kubectl apply -k dist/test/argocd'))).toEqual([
      'the project and the app of apps are not applied on their own',
      'the whole folder is applied: every Application would start at once, whatever its wave',
    ]);
  });
});

/** Kinds whose health needs an unsealed Vault (External Secrets reads it; Ready only once Vault answers, and holds the values). */
const NEEDS_VAULT = new Set(['ClusterSecretStore', 'SecretStore', 'ExternalSecret']);

/** Layers holding objects that wait for Vault but are not ordered after the vault unit: their wave (or Kustomization) would wait for ever. */
function waitsBeforeVault(r: RenderedForTool): string[] {
  const problems: string[] = [];
  for (const [layer, objs] of r.layers) {
    const waiting = objs.filter((o) => o.apiVersion.startsWith('external-secrets.io/') && NEEDS_VAULT.has(o.kind));
    if (waiting.length && !orderedBefore(r.tool, r.sync, 'vault', layer)) {
      problems.push(`${r.tool}: layer ${layer} holds ${waiting[0].kind} ${waiting[0].metadata.namespace ?? ''}/${waiting[0].metadata.name}, which is not Ready before Vault is unsealed, but is not ordered after vault`);
    }
  }
  return problems;
}

describe.each(ENV_NAMES.flatMap((name) => TOOLS.map((tool) => [name, tool] as const)))('%s under %s: nothing before the human step waits for it', (name, tool) => {
  it('every layer with objects that need an unsealed Vault is ordered after vault, and there are some', () => {
    const r = renderedFor(name, tool);
    expect(r.layers.get('cluster-services')!.some((o) => o.kind === 'ExternalSecret')).toBe(true);
    expect(waitsBeforeVault(r)).toEqual([]);
  });
});

describe('the human-step check', () => {
  it.each(TOOLS)('fails under %s on an ExternalSecret in cluster-pki (before vault)', (tool) => {
    const r = renderedFor(tool === 'flux' ? 'prod' : 'test', tool);
    const moved: Manifest = structuredClone(r.layers.get('cluster-services')!.find((o) => o.kind === 'ExternalSecret')!);
    const layers = new Map(r.layers);
    layers.set('cluster-pki', [...layers.get('cluster-pki')!, moved]);
    expect(waitsBeforeVault({ ...r, layers })).toEqual([
      `${tool}: layer cluster-pki holds ExternalSecret ${moved.metadata.namespace}/${moved.metadata.name}, which is not Ready before Vault is unsealed, but is not ordered after vault`,
    ]);
  });
});
