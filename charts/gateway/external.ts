// The external FSPIOP gateway `fspiop-external` on API-GATEWAY-EXTERNAL: the
// DFSPs' only way in. HTTPS with mutual TLS: a client certificate of the
// cluster CA carrying a DFSP's URI SAN is required before any request is read
// (ClientTrafficPolicy, mode RequireAndVerify), and a request must name that
// DFSP as its FSPIOP-Source (./source-check.ts). One HTTPRoute per resource of
// the FSPIOP API of the enabled features (charts/mojaloop/api-routes.ts).
//
// JWS and OAuth2 are optional in the seeds and not enforced here. A JWS
// (the FSPIOP-Signature header) is made and checked by the participants end to
// end and passes through the gateway untouched; OAuth2 needs an authorization
// server the stack does not run yet (WSO2's key manager is gone with WSO2);
// an Envoy Gateway SecurityPolicy (jwt) on this Gateway is where it would go.
//
// Fields: api/v1alpha1/clienttrafficpolicy_types.go and tls_types.go
// (ClientValidationContext: mode, caCertificateRefs, subjectAltNames),
// github.com/envoyproxy/gateway v1.9.1.
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { isEnabled } from '../mojaloop/catalog';
import { FSPIOP_ROUTES } from '../mojaloop/api-routes';
import { DFSP_URI_PREFIX, dfspCertificates, serverCertificate } from './certificates';
import { envoyProxy, ENVOY_PROXY_GROUP, gatewayLabels } from './data-plane';
import { gateway } from './gateway';
import { EXTERNAL_GATEWAY, GATEWAY_NAMESPACE } from './proxy-pods';
import { httpRoute } from './routes';
import { fspiopSourceCheck } from './source-check';

export const routeName = (prefix: string): string => `fspiop-${prefix.slice(1).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function externalGateway(scope: Construct, env: Environment): void {
  const { host, nodePort } = env.gateways.external;
  envoyProxy(scope, env, { name: EXTERNAL_GATEWAY, pool: 'API-GATEWAY-EXTERNAL', nodePort });
  const secret = serverCertificate(scope, env, EXTERNAL_GATEWAY, host);
  gateway(scope, env, EXTERNAL_GATEWAY, host, secret);

  new ApiObject(scope, 'client-traffic-policy', {
    apiVersion: `${ENVOY_PROXY_GROUP}/v1alpha1`,
    kind: 'ClientTrafficPolicy',
    metadata: { name: `${EXTERNAL_GATEWAY}-mtls`, namespace: GATEWAY_NAMESPACE, labels: gatewayLabels(env, EXTERNAL_GATEWAY) },
    spec: {
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: EXTERNAL_GATEWAY }],
      tls: {
        minVersion: '1.2',
        clientValidation: {
          mode: 'RequireAndVerify',
          // The server certificate's Secret carries the issuing CA as ca.crt: the cluster CA itself.
          // A SecretObjectReference is a Secret of the core group unless it says otherwise.
          caCertificateRefs: [{ name: secret }],
          subjectAltNames: { uris: [{ type: 'Prefix', value: DFSP_URI_PREFIX }] },
        },
      },
    },
  });
  dfspCertificates(scope, env);
  fspiopSourceCheck(scope, env);

  for (const r of FSPIOP_ROUTES.filter((x) => isEnabled(x.feature, env.features))) {
    httpRoute(scope, env, { name: routeName(r.prefix), gateway: EXTERNAL_GATEWAY, prefix: r.prefix, service: r.service });
  }
}
