// npm run promote: image versions, and only them, from what the source
// environment runs (its rendered output) into the target's file; a version
// the source never ran is refused.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseEnvironment } from '../charts/environment/load';
import { renderEnvironment } from '../charts/render';
import { planPromotion } from '../scripts/lib/promote';
import { environment, renderedFiles } from './support/bundled';

const read = (env: string) => fs.readFileSync(path.join(import.meta.dirname, '..', 'environments', `${env}.yaml`), 'utf8');
const withImage = (text: string, image: string, tag: string) => text.replace(/^cluster:/m, `mojaloop:\n  images:\n    ${image}: ${tag}\n  replicas: {quoting-service: 1}\ncluster:`);

describe('promote staging to prod', () => {
  const bumped = withImage(read('staging'), 'central-ledger', 'v19.15.0');
  const source = parseEnvironment(bumped, 'staging', 'environments/staging.yaml');

  it('copies the tag staging runs into prod, and nothing else (not its replica override)', () => {
    const plan = planPromotion({ source, sourceRuns: renderEnvironment(source), target: environment('prod'), targetRuns: renderedFiles('prod'), targetText: read('prod') });
    expect(plan.refusals).toEqual([]);
    expect(plan.changes).toEqual([{ image: 'central-ledger', from: 'v19.14.0', to: 'v19.15.0' }]);
    const before = parse(read('prod'));
    const after = parse(plan.text);
    expect(after.mojaloop).toEqual({ images: { 'central-ledger': 'v19.15.0' } });
    delete after.mojaloop;
    expect(after).toEqual(before);
    expect(plan.text).toContain('# Production: every pool dedicated'); // comments kept
    // The result renders, and prod now runs exactly that tag.
    const prod = renderEnvironment(parseEnvironment(plan.text, 'prod', 'environments/prod.yaml'));
    expect([...prod.values()].join('\n')).toContain('docker.io/mojaloop/central-ledger:v19.15.0');
    expect([...prod.values()].join('\n')).not.toContain('docker.io/mojaloop/central-ledger:v19.14.0');
  });

  it('refuses a version staging asks for but never ran (its dist/ not re-rendered)', () => {
    const plan = planPromotion({ source, sourceRuns: renderedFiles('staging'), target: environment('prod'), targetRuns: renderedFiles('prod'), targetText: read('prod') });
    expect(plan.refusals).toEqual([expect.stringContaining('central-ledger v19.15.0: environments/staging.yaml asks for it, but dist/staging runs v19.14.0, so staging never ran v19.15.0')]);
  });

  it('promoting back to the pinned release removes the override; nothing to do when equal', () => {
    const prodBumped = withImage(read('prod'), 'central-ledger', 'v19.15.0').replace('  replicas: {quoting-service: 1}\n', '');
    const target = parseEnvironment(prodBumped, 'prod', 'environments/prod.yaml');
    const plan = planPromotion({ source: environment('staging'), sourceRuns: renderedFiles('staging'), target, targetRuns: renderedFiles('prod'), targetText: prodBumped });
    expect(plan.changes).toEqual([{ image: 'central-ledger', from: 'v19.15.0', to: 'v19.14.0' }]);
    expect(parse(plan.text).mojaloop).toBeUndefined();
    const none = planPromotion({ source: environment('staging'), sourceRuns: renderedFiles('staging'), target: environment('prod'), targetRuns: renderedFiles('prod'), targetText: read('prod') });
    expect(none.changes).toEqual([]);
  });
});
