// A Gateway: one HTTPS listener for its host, terminating TLS with its server
// certificate, taking routes from its own namespace only, its data plane
// shaped by the EnvoyProxy of the same name (spec.infrastructure.parametersRef;
// internal/gatewayapi/contexts.go of Envoy Gateway v1.9.1 reads it from the
// Gateway's namespace). Fields: gatewayapi-crds.yaml, gateway.networking.k8s.io/v1.
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { ENVOY_PROXY_GROUP, gatewayLabels } from './data-plane';
import { GATEWAY_CLASS, GATEWAY_NAMESPACE, LISTENER_PORT, type GatewayName } from './proxy-pods';

/** The listener's name (a policy may target it by sectionName). */
export const HTTPS_LISTENER = 'https';

export function gateway(scope: Construct, env: Environment, name: GatewayName, host: string, secretName: string): void {
  new ApiObject(scope, `gateway-${name}`, {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name, namespace: GATEWAY_NAMESPACE, labels: gatewayLabels(env, name) },
    spec: {
      gatewayClassName: GATEWAY_CLASS,
      infrastructure: { parametersRef: { group: ENVOY_PROXY_GROUP, kind: 'EnvoyProxy', name } },
      listeners: [{
        name: HTTPS_LISTENER,
        protocol: 'HTTPS',
        port: LISTENER_PORT,
        hostname: host,
        tls: { mode: 'Terminate', certificateRefs: [{ name: secretName }] },
        allowedRoutes: { namespaces: { from: 'Same' }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }] },
      }],
    },
  });
}
