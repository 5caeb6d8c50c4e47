// The switch's API surface, as data: which service serves each resource of
// the FSPIOP API (and of the 3PPI API), and which services are admin APIs.
// The gateways (charts/gateway/) render their routes from these tables and
// the NetworkPolicies (./network-policies.ts) admit the gateways from them.
//
// Upstream facts:
// - the FSPIOP resources: @mojaloop/api-snippets fspiop/v2_0/openapi3/openapi.yaml
//   (and v1_1); the 3PPI resources: thirdparty/v1_0/openapi3/thirdparty-dfsp-api.yaml
//   and thirdparty-pisp-api.yaml. test/gateway-routes.test.ts walks every path of them.
// - which service serves which resource: Mojaloop's IaC,
//   mojaloop/iac-modules terraform/gitops/generate-files/templates/mojaloop/istio/virtual-services.yaml.tpl
//   (VirtualService interop-vs: /participants and /parties to account-lookup-service,
//   /quotes and /fxQuotes to quoting-service, /transfers and /fxTransfers to
//   ml-api-adapter-service, /bulkQuotes to quoting-service and /bulkTransfers to
//   bulk-api-adapter-service when bulk is on, /transactionRequests and
//   /authorizations to transaction-requests-service; int-interop-vs: /admin/ to
//   centralledger-service and /als-admin/ to account-lookup-service-admin, both
//   rewritten to /; finance-portal-vs: /api/central-settlements/ to
//   centralsettlement-service rewritten to /v2/), and for 3PPI the handlers of
//   thirdparty-api-svc (src/server/handlers/: accounts, consentRequests, consents,
//   services, thirdpartyRequests).
import type { Feature } from './catalog';

export interface FspiopRoute {
  /** First path segment of the resource, as the API definition spells it. */
  prefix: `/${string}`;
  /** The catalog service (SERVICES name) that serves it. */
  service: string;
  /** Routed only when the feature is on. */
  feature: Feature;
}

export const FSPIOP_ROUTES: readonly FspiopRoute[] = [
  { prefix: '/participants', service: 'account-lookup-service', feature: 'core' },
  { prefix: '/parties', service: 'account-lookup-service', feature: 'core' },
  { prefix: '/quotes', service: 'quoting-service', feature: 'core' },
  { prefix: '/fxQuotes', service: 'quoting-service', feature: 'core' },
  { prefix: '/transfers', service: 'ml-api-adapter-service', feature: 'core' },
  { prefix: '/fxTransfers', service: 'ml-api-adapter-service', feature: 'core' },
  { prefix: '/transactionRequests', service: 'transaction-requests-service', feature: 'core' },
  { prefix: '/authorizations', service: 'transaction-requests-service', feature: 'core' },
  { prefix: '/bulkQuotes', service: 'quoting-service', feature: 'bulk' },
  { prefix: '/bulkTransfers', service: 'bulk-api-adapter-service', feature: 'bulk' },
  { prefix: '/accounts', service: 'tp-api-svc', feature: 'thirdParty' },
  { prefix: '/consentRequests', service: 'tp-api-svc', feature: 'thirdParty' },
  { prefix: '/consents', service: 'tp-api-svc', feature: 'thirdParty' },
  { prefix: '/thirdpartyRequests', service: 'tp-api-svc', feature: 'thirdParty' },
  { prefix: '/services', service: 'tp-api-svc', feature: 'thirdParty' },
];

/**
 * Paths of the FSPIOP v2.0 definition that no service of the pinned release
 * serves, so no route leads anywhere for them (iac-modules routes none either).
 */
export const FSPIOP_UNSERVED: Readonly<Record<string, string>> = {
  '/interface': 'not a resource: api-snippets keeps unused schema definitions under it for its type generator ("Essential path to include schema definitions")',
  '/transactions': 'GET /transactions/{ID} goes payer DFSP to payee DFSP; no switch service of the release implements it',
  '/services/FXP': 'FX provider discovery is not served by account-lookup-service v17.14.11 (src/handlers/ has no services handler); with thirdParty on, /services goes to tp-api-svc',
};

export interface AdminRoute {
  /** Names the route. */
  api: string;
  /** Path prefix on the internal gateway (matched by path element, as Gateway API PathPrefix does). */
  prefix: `/${string}`;
  service: string;
  /** What the prefix is rewritten to before it reaches the service. */
  rewrite: `/${string}`;
}

/** The admin APIs, behind the internal gateway only (prefixes as Mojaloop's IaC exposes them). */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  { api: 'central-ledger', prefix: '/admin', service: 'centralledger-service', rewrite: '/' },
  { api: 'als', prefix: '/als-admin', service: 'account-lookup-service-admin', rewrite: '/' },
  { api: 'central-settlement', prefix: '/central-settlements', service: 'centralsettlement-service', rewrite: '/v2' },
];

export const FSPIOP_SERVICES = [...new Set(FSPIOP_ROUTES.map((r) => r.service))];
export const ADMIN_SERVICES = [...new Set(ADMIN_ROUTES.map((r) => r.service))];
