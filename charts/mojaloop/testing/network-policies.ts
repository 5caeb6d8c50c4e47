// The test equipment's flows in the default-deny mojaloop namespace: the switch
// calls the Toolkit and the simulated DFSPs back (their callback URLs are in the
// cluster, which the switch's "callbacks leave the cluster" rule does not open);
// the Toolkit and the scheme adapters call the switch's FSPIOP and admin APIs; the
// Toolkit seeds parties through the simulators' test API; the golden-path Job talks
// to the Toolkit and central-ledger, and downloads its collection.
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { Environment } from '../../environment/environment';
import { selectorLabels, standardLabels } from '../../lib/labels';
import { enabledServices, serviceNamed } from '../catalog';
import { objectName } from '../endpoints';
import { K3S_CLUSTER_CIDR, K3S_SERVICE_CIDR } from '../../cluster/k3s-network';
import { SIMULATED_DFSPS, SIMULATOR_PORTS, TOOLKIT_NAME, TOOLKIT_PORTS, simulatorName } from './catalog';
import { GOLDEN_PATH_CALLS, GOLDEN_PATH_NAME } from './golden-path';
import { SDK_PEERS } from './simulators';
import { ADMIN_SERVICES } from '../api-routes';

const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });

/** The port the collection is downloaded from: github.com, or the source mirror. */
const downloadPort = (env: Environment): number => {
  if (!env.mirrors.sources) return 443;
  const u = new URL(env.mirrors.sources);
  return u.port ? Number(u.port) : 443;
};

export function testingNetworkPolicies(scope: Construct, env: Environment): void {
  const namespace = env.namespaces.mojaloop.name;
  const services = enabledServices(env.features);
  const pods = (name: string): k8s.NetworkPolicyPeer => ({ podSelector: { matchLabels: selectorLabels({ name, instance: objectName(env, name), partOf: 'mojaloop' }) } });
  const toService = (svc: string): k8s.NetworkPolicyEgressRule => ({ to: [pods(svc)], ports: [tcp(serviceNamed(svc).port)] });
  const policy = (id: string, name: string, spec: k8s.NetworkPolicySpec) =>
    new k8s.KubeNetworkPolicy(scope, `netpol-testing-${id}`, {
      metadata: { name: objectName(env, name), namespace, labels: standardLabels(env, { name: 'network-policy', instance: objectName(env, name), partOf: 'mojaloop' }) },
      spec,
    });
  const callbackSenders = services.filter((s) => s.callbacks).map((s) => pods(s.name));
  const sims = SIMULATED_DFSPS.map((f) => simulatorName(f));

  policy('toolkit', TOOLKIT_NAME, {
    podSelector: pods(TOOLKIT_NAME).podSelector!,
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      { from: callbackSenders, ports: [tcp(TOOLKIT_PORTS.fspiop)] },
      { from: [pods(GOLDEN_PATH_NAME)], ports: [tcp(TOOLKIT_PORTS.admin)] },
    ],
    egress: [
      ...GOLDEN_PATH_CALLS.filter((s) => services.some((x) => x.name === s)).map(toService),
      { to: sims.map(pods), ports: [tcp(SIMULATOR_PORTS.testApi), tcp(SIMULATOR_PORTS.outbound), tcp(SIMULATOR_PORTS.sdkTest)] },
    ],
  });

  for (const sim of sims) {
    policy(sim, sim, {
      podSelector: pods(sim).podSelector!,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: callbackSenders, ports: [tcp(SIMULATOR_PORTS.inbound)] },
        { from: [pods(TOOLKIT_NAME)], ports: [tcp(SIMULATOR_PORTS.testApi), tcp(SIMULATOR_PORTS.outbound), tcp(SIMULATOR_PORTS.sdkTest)] },
      ],
      egress: [...new Set(Object.values(SDK_PEERS))].filter((s) => services.some((x) => x.name === s)).map(toService),
    });
  }

  // The switch's callbacks to participants inside the cluster: the senders' own policies open only outside addresses.
  policy('callbacks', 'callbacks-to-test-dfsps', {
    podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/instance', operator: 'In', values: services.filter((s) => s.callbacks).map((s) => objectName(env, s.name)) }] },
    policyTypes: ['Egress'],
    egress: [
      { to: [pods(TOOLKIT_NAME)], ports: [tcp(TOOLKIT_PORTS.fspiop)] },
      { to: sims.map(pods), ports: [tcp(SIMULATOR_PORTS.inbound)] },
    ],
  });

  // The admin APIs admit only the internal gateway and their callers (../network-policies.ts);
  // in dev and test the Toolkit and the golden-path Job are callers too.
  const adminCalled = ADMIN_SERVICES.filter((s) => (GOLDEN_PATH_CALLS as readonly string[]).includes(s) && services.some((x) => x.name === s));
  policy('admin-apis', 'admin-apis-from-test-equipment', {
    podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/instance', operator: 'In', values: adminCalled.map((s) => objectName(env, s)) }] },
    policyTypes: ['Ingress'],
    ingress: [{ from: [pods(TOOLKIT_NAME), pods(GOLDEN_PATH_NAME)], ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromString('http') }] }],
  });

  policy('golden-path', GOLDEN_PATH_NAME, {
    podSelector: pods(GOLDEN_PATH_NAME).podSelector!,
    policyTypes: ['Ingress', 'Egress'],
    ingress: [],
    egress: [
      { to: [pods(TOOLKIT_NAME)], ports: [tcp(TOOLKIT_PORTS.admin)] },
      toService('centralledger-service'),
      // The collection's zip, from outside the cluster (github.com or mirrors.sources).
      { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [K3S_CLUSTER_CIDR, K3S_SERVICE_CIDR] } }], ports: [tcp(downloadPort(env))] },
    ],
  });
}
