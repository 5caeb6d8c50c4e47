// Issue 13, build 7: the external gateway routes every resource of the
// FSPIOP API of the enabled features to the service upstream routes it to.
// The paths come from the API definitions themselves (@mojaloop/api-snippets,
// pinned in package.json): fspiop/v1_1 and v2_0 openapi3/openapi.yaml, and with
// thirdParty on, thirdparty/v1_0/openapi3/thirdparty-dfsp-api.yaml and
// thirdparty-pisp-api.yaml. Which service serves which resource is written
// down here again, independently of charts/mojaloop/api-routes.ts, from the
// upstream files:
// - mojaloop/iac-modules terraform/gitops/generate-files/templates/mojaloop/istio/virtual-services.yaml.tpl
//   (VirtualService interop-vs; bulkQuotes and bulkTransfers only when bulk_enabled);
// - mojaloop/thirdparty-api-svc src/server/handlers/ (accounts, consentRequests,
//   consents, services, thirdpartyRequests) for the 3PPI API.
// Each path is matched against the rendered HTTPRoutes of fspiop-external as
// the Gateway API matches a PathPrefix (by path element, longest prefix wins),
// and the backend must be that service's Service and port.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Manifest } from '../charts/render';
import type { Environment } from '../charts/environment/environment';
import type { FeatureFlags } from '../charts/mojaloop/catalog';
import { serviceNamed } from '../charts/mojaloop/catalog';
import { objectName } from '../charts/mojaloop/endpoints';
import { EXTERNAL_GATEWAY } from '../charts/gateway/proxy-pods';
import { ENV_NAMES, environment, objects } from './support/bundled';

type Feature = 'core' | 'bulk' | 'thirdParty';

/** Upstream's route table (files above): first path element -> service, and the feature that enables it. */
const UPSTREAM: Record<string, { service: string; feature: Feature }> = {
  participants: { service: 'account-lookup-service', feature: 'core' },
  parties: { service: 'account-lookup-service', feature: 'core' },
  quotes: { service: 'quoting-service', feature: 'core' },
  fxQuotes: { service: 'quoting-service', feature: 'core' },
  transfers: { service: 'ml-api-adapter-service', feature: 'core' },
  fxTransfers: { service: 'ml-api-adapter-service', feature: 'core' },
  transactionRequests: { service: 'transaction-requests-service', feature: 'core' },
  authorizations: { service: 'transaction-requests-service', feature: 'core' },
  bulkQuotes: { service: 'quoting-service', feature: 'bulk' },
  bulkTransfers: { service: 'bulk-api-adapter-service', feature: 'bulk' },
  accounts: { service: 'tp-api-svc', feature: 'thirdParty' },
  consentRequests: { service: 'tp-api-svc', feature: 'thirdParty' },
  consents: { service: 'tp-api-svc', feature: 'thirdParty' },
  thirdpartyRequests: { service: 'tp-api-svc', feature: 'thirdParty' },
  services: { service: 'tp-api-svc', feature: 'thirdParty' },
};

/** Paths of the FSPIOP definition that no service of the release serves (iac-modules routes none of them). */
const UNSERVED = ['/interface', '/transactions', '/services/FXP'];

const SNIPPETS = path.dirname(createRequire(import.meta.url).resolve('@mojaloop/api-snippets/package.json'));
const pathsOf = (file: string): string[] => Object.keys((parse(readFileSync(path.join(SNIPPETS, file), 'utf8')) as { paths: object }).paths);

interface ApiDocument { file: string; feature: Feature }
const DOCUMENTS: ApiDocument[] = [
  { file: 'fspiop/v1_1/openapi3/openapi.yaml', feature: 'core' },
  { file: 'fspiop/v2_0/openapi3/openapi.yaml', feature: 'core' },
  { file: 'thirdparty/v1_0/openapi3/thirdparty-dfsp-api.yaml', feature: 'thirdParty' },
  { file: 'thirdparty/v1_0/openapi3/thirdparty-pisp-api.yaml', feature: 'thirdParty' },
];

const on = (f: Feature, flags: FeatureFlags) => f === 'core' || flags[f];
const elements = (p: string) => p.split('/').filter(Boolean);
/** Gateway API PathPrefix: the prefix's path elements are the path's first elements. */
const prefixMatches = (prefix: string, p: string) => elements(prefix).every((e, i) => elements(p)[i] === e);

type Any = Record<string, any>;

/** Problems of the external gateway's route table against the API definitions, for the given features. */
export function routeProblems(env: Environment, rendered: Manifest[], features: FeatureFlags): string[] {
  const routes = rendered.filter((o) => o.kind === 'HTTPRoute' && (o.spec as Any).parentRefs.some((r: Any) => r.name === EXTERNAL_GATEWAY));
  const rules = routes.flatMap((r) => (r.spec as Any).rules.flatMap((rule: Any) => rule.matches.map((m: Any) => ({ route: r.metadata.name, prefix: m.path.value as string, backends: rule.backendRefs as Any[] }))));
  const services = rendered.filter((o) => o.kind === 'Service' && o.metadata.namespace === env.namespaces.mojaloop.name);
  const problems: string[] = [];
  for (const doc of DOCUMENTS.filter((d) => on(d.feature, features))) {
    for (const p of pathsOf(doc.file)) {
      if (UNSERVED.includes(p) || UNSERVED.some((u) => p.startsWith(`${u}/`))) continue;
      const resource = elements(p)[0];
      const expected = UPSTREAM[resource];
      if (!expected) { problems.push(`${doc.file} ${p}: no upstream route known for /${resource}`); continue; }
      const matching = rules.filter((r) => prefixMatches(r.prefix, p)).sort((a, b) => elements(b.prefix).length - elements(a.prefix).length);
      if (!on(expected.feature, features)) {
        if (matching.length) problems.push(`${doc.file} ${p}: routed (${matching[0].route}) though ${expected.feature} is off`);
        continue;
      }
      if (!matching.length) { problems.push(`${doc.file} ${p}: no route on ${EXTERNAL_GATEWAY}`); continue; }
      const [best] = matching;
      const svc = serviceNamed(expected.service);
      const wanted = { name: objectName(env, svc.name), namespace: env.namespaces.mojaloop.name, port: svc.port };
      const ok = best.backends.length === 1 && best.backends[0].name === wanted.name && best.backends[0].namespace === wanted.namespace && best.backends[0].port === wanted.port;
      if (!ok) problems.push(`${doc.file} ${p}: route ${best.route} leads to ${JSON.stringify(best.backends)}, upstream routes it to ${wanted.namespace}/${wanted.name}:${wanted.port}`);
      const backing = services.find((s) => s.metadata.name === wanted.name);
      if (!backing || !(backing.spec as Any).ports.some((x: Any) => x.port === wanted.port)) problems.push(`${doc.file} ${p}: Service ${wanted.name}:${wanted.port} is not rendered`);
    }
  }
  return problems;
}

describe.each(ENV_NAMES)('FSPIOP route coverage in %s', (name) => {
  it('every path of the FSPIOP (and, with thirdParty, 3PPI) API of the enabled features reaches the service upstream routes it to', () => {
    const env = environment(name);
    expect(routeProblems(env, objects(name), env.features)).toEqual([]);
  });
});

describe('the route-coverage property fails on a broken input', () => {
  const env = environment('prod');
  const rendered = objects('prod');

  it('the API definitions are read (not an empty walk)', () => {
    expect(pathsOf('fspiop/v2_0/openapi3/openapi.yaml').length).toBeGreaterThan(30);
    expect(pathsOf('thirdparty/v1_0/openapi3/thirdparty-pisp-api.yaml')).toContain('/consents/{ID}');
  });

  it('a removed route: every quotes path is reported', () => {
    const without = rendered.filter((o) => !(o.kind === 'HTTPRoute' && o.metadata.name === 'fspiop-quotes'));
    const problems = routeProblems(env, without, env.features);
    expect(problems).toContain('fspiop/v2_0/openapi3/openapi.yaml /quotes/{ID}: no route on fspiop-external');
    expect(problems.every((p) => / \/quotes/.test(p))).toBe(true);
  });

  it('a route to the wrong service is reported', () => {
    const wrong = rendered.map((o) => (o.kind === 'HTTPRoute' && o.metadata.name === 'fspiop-transfers'
      ? { ...o, spec: { ...(o.spec as Any), rules: (o.spec as Any).rules.map((r: Any) => ({ ...r, backendRefs: [{ ...r.backendRefs[0], name: 'quoting-service', port: 3002 }] })) } } : o));
    expect(routeProblems(env, wrong, env.features).some((p) => p.includes('/transfers/{ID}: route fspiop-transfers leads to'))).toBe(true);
  });

  it('a feature turned on without its routes: test (thirdParty off) read as if thirdParty were on', () => {
    const test = environment('test');
    expect(test.features.thirdParty).toBe(false);
    const problems = routeProblems(test, objects('test'), { ...test.features, thirdParty: true });
    expect(problems).toContain('thirdparty/v1_0/openapi3/thirdparty-dfsp-api.yaml /consents: no route on fspiop-external');
  });

  it('a route rendered for a feature that is off is reported', () => {
    // prod renders bulk routes; read with bulk off, they must not be there.
    expect(routeProblems(env, rendered, { ...env.features, bulk: false })).toContain('fspiop/v2_0/openapi3/openapi.yaml /bulkTransfers: routed (fspiop-bulk-transfers) though bulk is off');
  });
});
