// How the switch is reached from outside the cluster: the external FSPIOP
// gateway (DFSPs, mutual TLS) and the internal admin gateway (operators,
// authenticated). Each is a Service of type NodePort on its own pool's nodes
// (API-GATEWAY-EXTERNAL / API-GATEWAY-INTERNAL), behind the site's load
// balancer; the host is the DNS name that load balancer answers on and the
// name the gateway's server certificate carries.
import { Type, type Static } from '@sinclair/typebox';
import { Strict } from '../types';

const Host = (description: string) => Type.String({
  pattern: '^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$',
  title: 'a fully qualified DNS name such as fspiop.mojaloop-prod.internal',
  description,
});
/** The Kubernetes default NodePort range (kube-apiserver --service-node-port-range 30000-32767). */
const NodePort = (description: string) => Type.Integer({ minimum: 30000, maximum: 32767, description });

const GatewaySchema = (what: string, host: string) => Strict({
  host: Type.Optional(Host(`DNS name of the ${what}; its server certificate is issued for it. Default: ${host}.<cluster.name>.internal`)),
  nodePort: Type.Optional(NodePort(`Port the ${what} listens on at every node of its pool (the load balancer's backend port).`)),
}, `The ${what}.`);

export const GatewaysSchema = Strict({
  external: Type.Optional(GatewaySchema('external FSPIOP gateway (DFSPs, mutual TLS)', 'fspiop')),
  internal: Type.Optional(GatewaySchema('internal admin gateway (operators, basic auth over TLS)', 'admin')),
}, 'Ways into the switch: the external FSPIOP gateway and the internal admin gateway.');

export interface GatewayConfig { host: string; nodePort: number }
export interface GatewaysConfig { external: GatewayConfig; internal: GatewayConfig }

/** Fixed node ports, so the load balancer's configuration never changes under it. */
export const DEFAULT_NODE_PORTS = { external: 30443, internal: 30444 } as const;

export function resolveGateways(file: Static<typeof GatewaysSchema> | undefined, cluster: string): GatewaysConfig {
  return {
    external: { host: file?.external?.host ?? `fspiop.${cluster}.internal`, nodePort: file?.external?.nodePort ?? DEFAULT_NODE_PORTS.external },
    internal: { host: file?.internal?.host ?? `admin.${cluster}.internal`, nodePort: file?.internal?.nodePort ?? DEFAULT_NODE_PORTS.internal },
  };
}

/** The two gateways share the nodes' port space only if their pools share nodes; a clash is refused either way. */
export function gatewayIssues(g: GatewaysConfig): Array<{ path: (string | number)[]; message: string }> {
  if (g.external.nodePort === g.internal.nodePort) {
    return [{ path: ['gateways', 'internal', 'nodePort'], message: `${g.internal.nodePort} is the external gateway's node port too; expected a different port` }];
  }
  if (g.external.host === g.internal.host) {
    return [{ path: ['gateways', 'internal', 'host'], message: `"${g.internal.host}" is the external gateway's host too; expected a different name` }];
  }
  return [];
}
