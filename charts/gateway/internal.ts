// The internal admin gateway `mojaloop-internal` on API-GATEWAY-INTERNAL: the
// admin APIs (central-ledger, ALS admin, central-settlement) for operators and
// back-office tools on the bank's internal network, as Mojaloop's IaC exposes
// them (/admin/, /als-admin/, /central-settlements/: charts/mojaloop/api-routes.ts).
//
// Authentication: HTTP basic auth over TLS (SecurityPolicy basicAuth) against
// an htpasswd Secret delivered like every other Secret (charts/lib/secrets.ts).
// Chosen over JWT/OIDC because no identity provider is part of the stack yet
// (the seeds' WSO2 key manager is gone); when one is, a SecurityPolicy jwt
// replaces it without touching the routes. Envoy Gateway accepts only {SHA}
// htpasswd entries, so the passwords must be long random machine secrets.
//
// Fields: api/v1alpha1/securitypolicy_types.go and basic_auth_types.go
// (users: a Secret with the key ".htpasswd"), github.com/envoyproxy/gateway v1.9.1.
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { requireSecret } from '../lib/secrets';
import { ADMIN_ROUTES } from '../mojaloop/api-routes';
import { serverCertificate } from './certificates';
import { envoyProxy, ENVOY_PROXY_GROUP, gatewayLabels } from './data-plane';
import { gateway } from './gateway';
import { GATEWAY_NAMESPACE, INTERNAL_GATEWAY } from './proxy-pods';
import { httpRoute } from './routes';

export const ADMIN_USERS_SECRET = 'admin-api-users';
/** The key Envoy Gateway reads the htpasswd file from. */
export const HTPASSWD_KEY = '.htpasswd';

export function internalGateway(scope: Construct, env: Environment): void {
  const { host, nodePort } = env.gateways.internal;
  envoyProxy(scope, env, { name: INTERNAL_GATEWAY, pool: 'API-GATEWAY-INTERNAL', nodePort });
  const secret = serverCertificate(scope, env, INTERNAL_GATEWAY, host);
  gateway(scope, env, INTERNAL_GATEWAY, host, secret);

  const users = requireSecret(scope, {
    namespace: GATEWAY_NAMESPACE,
    name: ADMIN_USERS_SECRET,
    keys: [HTPASSWD_KEY],
    purpose: 'users of the admin APIs behind the internal gateway, in htpasswd format with {SHA} hashes (htpasswd -s); one line per operator or tool',
  });
  new ApiObject(scope, 'security-policy', {
    apiVersion: `${ENVOY_PROXY_GROUP}/v1alpha1`,
    kind: 'SecurityPolicy',
    metadata: { name: `${INTERNAL_GATEWAY}-basic-auth`, namespace: GATEWAY_NAMESPACE, labels: gatewayLabels(env, INTERNAL_GATEWAY) },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: INTERNAL_GATEWAY }],
      basicAuth: { users: { name: users }, forwardUsernameHeader: 'X-Authenticated-User' },
    },
  });

  for (const r of ADMIN_ROUTES) {
    httpRoute(scope, env, { name: `admin-${r.api}`, gateway: INTERNAL_GATEWAY, prefix: r.prefix, service: r.service, rewrite: r.rewrite });
  }
}
