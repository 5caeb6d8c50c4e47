// gateway: the ways into the switch. The external FSPIOP gateway for the
// DFSPs (mutual TLS, one client certificate per DFSP) and the internal admin
// gateway for operators (basic auth), both Envoy Gateway through the Gateway
// API. Their Gateways, routes, policies and certificates live in the
// `gateway` namespace; Envoy Gateway runs their Envoy proxies in its own
// namespace, on the API-GATEWAY-EXTERNAL / API-GATEWAY-INTERNAL pools. Applied
// after mojaloop: it routes to the switch's Services, and it uses cert-manager
// Certificates of the cluster CA (cluster-services).
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { LayerChart } from '../lib/layer';
import { namespaceBaseline } from '../lib/namespace';
import { gatewayClass } from './data-plane';
import { externalGateway } from './external';
import { internalGateway } from './internal';
import { GATEWAY_NAMESPACE } from './proxy-pods';
import { referenceGrant } from './routes';

export class GatewayChart extends LayerChart {
  constructor(scope: Construct, env: Environment, namespaceLayer: LayerChart) {
    super(scope, 'gateway', env, GATEWAY_NAMESPACE);
    namespaceBaseline(this, {
      // Configuration only: no pod runs here (the proxies run in Envoy Gateway's namespace).
      config: { name: GATEWAY_NAMESPACE, quota: { requestsCpu: '0', requestsMemory: '0', limitsCpu: '0', limitsMemory: '0', requestsStorage: '0', pods: 0 } },
      podSecurity: 'restricted',
      namespaceLayer,
      partOf: 'gateway',
    });
    gatewayClass(this, env);
    externalGateway(this, env);
    internalGateway(this, env);
    referenceGrant(this, env);
  }
}
