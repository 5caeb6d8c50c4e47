// The gateways' data plane: one GatewayClass handled by Envoy Gateway, and
// per Gateway an EnvoyProxy that shapes the Envoy pods the controller starts:
// on the gateway's own pool (one per node, spread over racks, the pool's
// taint tolerated), a PodDisruptionBudget keeping a majority, and how traffic
// reaches them on premises.
//
// How traffic gets in: a Service of type NodePort with a fixed port and
// externalTrafficPolicy Local, behind the site's load balancer (the bank's
// F5/HAProxy pair) whose backends are the pool's nodes. Local keeps the
// client address and never forwards to another node; since every node of the
// pool runs one proxy, every backend node answers. Not LoadBalancer: on K3S
// that would be ServiceLB (klipper-lb), which binds the port on every node of
// the cluster through host ports, outside the gateway pools. Not hostNetwork:
// the proxies' namespace enforces Pod Security "baseline", which forbids it.
//
// Fields: api/v1alpha1/envoyproxy_types.go and shared_types.go
// (KubernetesDeploymentSpec, KubernetesPodSpec, KubernetesServiceSpec,
// KubernetesPodDisruptionBudgetSpec) of github.com/envoyproxy/gateway v1.9.1;
// GatewayClass: gatewayapi-crds.yaml (gateway.networking.k8s.io/v1) of the same chart.
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import type { PoolName } from '../environment/node-pools';
import { standardLabels } from '../lib/labels';
import { majority, placement } from '../lib/placement';
import { GATEWAY_CLASS, GATEWAY_CONTROLLER, GATEWAY_NAMESPACE, LISTENER_PORT, proxySelector, type GatewayName } from './proxy-pods';

export const ENVOY_PROXY_GROUP = 'gateway.envoyproxy.io';

export const gatewayLabels = (env: Environment, name: string) => standardLabels(env, { name, partOf: 'gateway' });

export function gatewayClass(scope: Construct, env: Environment): void {
  new ApiObject(scope, 'gateway-class', {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name: GATEWAY_CLASS, labels: gatewayLabels(env, GATEWAY_CLASS) },
    spec: { controllerName: GATEWAY_CONTROLLER, description: 'Envoy Gateway: the switch FSPIOP and admin gateways' },
  });
}

/** Requests of one Envoy proxy: a production-like gateway node is the pool's 4 CPUs and 32 GiB, mostly for Envoy. */
const proxyResources = (env: Environment) => (env.productionLike
  ? { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '2Gi' } }
  : { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } });

export interface DataPlane { name: GatewayName; pool: PoolName; nodePort: number }

/** The EnvoyProxy a Gateway names in spec.infrastructure.parametersRef; returns the replica count. */
export function envoyProxy(scope: Construct, env: Environment, dp: DataPlane): number {
  const selector = proxySelector(dp.name);
  const place = placement(env, dp.pool, selector);
  const pdb = place.replicas < 2 ? undefined
    : place.replicas === 2 ? { maxUnavailable: 1 } : { minAvailable: majority(place.replicas) };
  new ApiObject(scope, `envoy-proxy-${dp.name}`, {
    apiVersion: `${ENVOY_PROXY_GROUP}/v1alpha1`,
    kind: 'EnvoyProxy',
    metadata: { name: dp.name, namespace: GATEWAY_NAMESPACE, labels: gatewayLabels(env, dp.name) },
    spec: {
      provider: {
        type: 'Kubernetes',
        kubernetes: {
          envoyDeployment: {
            replicas: place.replicas,
            // One proxy per node and every node taken: a surge pod would have nowhere to go.
            strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
            pod: {
              affinity: place.affinity,
              tolerations: place.tolerations,
              ...(place.topologySpreadConstraints ? { topologySpreadConstraints: place.topologySpreadConstraints } : {}),
            },
            container: { resources: proxyResources(env) },
          },
          envoyService: {
            type: 'NodePort',
            externalTrafficPolicy: 'Local',
            // A fixed node port (strategic merge on the generated Service, ports keyed by port).
            patch: { type: 'StrategicMerge', value: { spec: { ports: [{ port: LISTENER_PORT, nodePort: dp.nodePort }] } } },
          },
          ...(pdb ? { envoyPDB: pdb } : {}),
        },
      },
    },
  });
  return place.replicas;
}
