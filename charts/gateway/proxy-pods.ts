// Who the gateways are on the network: the Envoy proxy pods Envoy Gateway
// starts for each Gateway, in its own namespace (the default deploy mode,
// ControllerNamespace), labelled by the controller. The mojaloop namespace's
// NetworkPolicies admit exactly these pods (charts/mojaloop/network-policies.ts).
//
// Labels: internal/infrastructure/kubernetes/proxy/resource.go EnvoyAppLabel(),
// resource_provider.go getPodLabels, internal/gatewayapi/helpers.go (owning gateway)
// and internal/gatewayapi/translator.go OwningGatewayNameLabel /
// OwningGatewayNamespaceLabel, github.com/envoyproxy/gateway v1.9.1.
import { ENVOY_GATEWAY_NS } from '../sync/upstream';

/** The namespace our Gateways, routes, policies and certificates live in. */
export const GATEWAY_NAMESPACE = 'gateway';
/** The GatewayClass of both gateways; Envoy Gateway's default controllerName. */
export const GATEWAY_CLASS = 'mojaloop';
export const GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/** DFSPs: the FSPIOP API, mutual TLS. */
export const EXTERNAL_GATEWAY = 'fspiop-external';
/** Operators: the admin APIs, basic auth over TLS. */
export const INTERNAL_GATEWAY = 'mojaloop-internal';
export type GatewayName = typeof EXTERNAL_GATEWAY | typeof INTERNAL_GATEWAY;

/** The labels that tell one Gateway's proxies from every other pod (stable: the controller sets them). */
export const proxySelector = (gateway: GatewayName): Record<string, string> => ({
  'app.kubernetes.io/name': 'envoy',
  'app.kubernetes.io/component': 'proxy',
  'gateway.envoyproxy.io/owning-gateway-name': gateway,
  'gateway.envoyproxy.io/owning-gateway-namespace': GATEWAY_NAMESPACE,
});

/** A NetworkPolicy peer matching one Gateway's proxies. */
export const proxyPeer = (gateway: GatewayName) => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ENVOY_GATEWAY_NS } },
  podSelector: { matchLabels: proxySelector(gateway) },
});

/**
 * Envoy Gateway serves a listener on port 443 from container port 10443
 * (ports below 1024 are shifted by 10000 so that Envoy runs unprivileged):
 * (internal/gatewayapi/translator.go wellKnownPortShift, listener.go, v1.9.1).
 */
export const LISTENER_PORT = 443;
