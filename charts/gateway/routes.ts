// HTTPRoutes from the gateway namespace to the switch's Services in the
// mojaloop namespace, and the ReferenceGrant there that allows exactly that
// (a route may name a Service of another namespace only when that namespace
// grants it). Fields: gatewayapi-crds.yaml (gateway.networking.k8s.io v1
// HTTPRoute and ReferenceGrant) in charts/gateway-helm/charts/crds/crds of
// github.com/envoyproxy/gateway v1.9.1 (Gateway API v1.6.1).
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { serviceNamed } from '../mojaloop/catalog';
import { objectName } from '../mojaloop/endpoints';
import { gatewayLabels } from './data-plane';
import { GATEWAY_NAMESPACE, type GatewayName } from './proxy-pods';

export interface Route {
  /** Object name of the HTTPRoute. */
  name: string;
  gateway: GatewayName;
  /** Path prefix (matched by path element). */
  prefix: string;
  /** Catalog service it leads to. */
  service: string;
  /** Replace the matched prefix with this before forwarding. */
  rewrite?: string;
}

export function httpRoute(scope: Construct, env: Environment, r: Route): void {
  const svc = serviceNamed(r.service);
  new ApiObject(scope, `route-${r.name}`, {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: r.name, namespace: GATEWAY_NAMESPACE, labels: gatewayLabels(env, r.gateway) },
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: r.gateway }],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: r.prefix } }],
        ...(r.rewrite ? { filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: r.rewrite } } }] } : {}),
        backendRefs: [{ group: '', kind: 'Service', name: objectName(env, svc.name), namespace: env.namespaces.mojaloop.name, port: svc.port }],
      }],
    },
  });
}

/** Lets the gateway namespace's HTTPRoutes name the switch's Services (and nothing else). */
export function referenceGrant(scope: Construct, env: Environment): void {
  new ApiObject(scope, 'reference-grant', {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'ReferenceGrant',
    metadata: { name: 'gateway-routes', namespace: env.namespaces.mojaloop.name, labels: gatewayLabels(env, 'gateway-routes') },
    spec: {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: GATEWAY_NAMESPACE }],
      to: [{ group: '', kind: 'Service' }],
    },
  });
}
