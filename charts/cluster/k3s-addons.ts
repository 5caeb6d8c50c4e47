// K3S's packaged add-ons (docs.k3s.io "Managing Packaged Components"): K3S
// writes coredns, traefik, local-storage and metrics-server into its
// auto-deploy folder on every server start (so their manifests cannot be
// edited), and runs the ServiceLB controller in-process. Per add-on, through
// K3S's own mechanisms only:
// - traefik: kept where an Ingress of class traefik is rendered (Grafana's
//   monitoring.grafana.ingressHost), placed on K3S-CLUSTER-SVCS by a
//   HelmChartConfig in the auto-deploy folder (its HelmChart's values are
//   merged with ours; K3S's docs "Customizing Packaged Components with
//   HelmChartConfig"); --disable=traefik everywhere else.
// - servicelb: kept, restricted to the K3S-CLUSTER-SVCS nodes by the node
//   label svccontroller.k3s.cattle.io/enablelb=true (docs.k3s.io networking
//   services, "Controlling ServiceLB Node Selection": once a node carries it,
//   svclb pods run only on labelled nodes); the Services that use it carry
//   the toleration annotation svccontroller.k3s.cattle.io/tolerations.
// - metrics-server: --disable=metrics-server: nothing reads metrics.k8s.io
//   (no HorizontalPodAutoscaler is rendered; Prometheus scrapes the kubelet).
// - coredns and local-storage: --disable on every server, replaced by our own
//   (charts/cluster/coredns.ts, local-path.ts), written by Kairos into the
//   auto-deploy folder like the Traefik HelmChartConfig and placed on
//   K3S-CLUSTER-SVCS: K3S gives no placement setting for them (only
//   Helm-packaged add-ons take a HelmChartConfig), and they must exist before
//   the sync tool can fetch anything (DNS) or a store claim a volume.
import type { Environment } from '../environment/environment';
import { poolLabelKey } from '../environment/node-pools';
import type { ResolvedNode } from '../environment/sections/pools';
import { toYaml } from '../lib/yaml';
import { CLUSTER_SERVICES_POOL, clusterServicesScheduling } from '../sync/upstream-placement';

export const K3S_MANIFESTS_DIR = '/var/lib/rancher/k3s/server/manifests';
export const TRAEFIK_CONFIG_MANIFEST = `${K3S_MANIFESTS_DIR}/traefik-placement.yaml`;
/** ServiceLB runs only on nodes with this label once any node has it (K3S pkg/cloudprovider/servicelb.go). */
export const SERVICELB_NODE_LABEL = 'svccontroller.k3s.cattle.io/enablelb';

/** Does this environment render an Ingress that K3S's Traefik serves? */
export const needsTraefik = (env: Environment): boolean => Boolean(env.monitoring.grafana.ingressHost) && env.monitoring.grafana.ingressClass === 'traefik';

/** The add-ons we replace with our own manifests in the auto-deploy folder (K3S's add-on names). */
export const REPLACED_ADDONS = ['coredns', 'local-storage'] as const;

/** --disable for every server (K3S reads it on servers only; every server must agree). */
export function disabledAddons(env: Environment): string[] {
  return [...REPLACED_ADDONS, 'metrics-server', ...(needsTraefik(env) ? [] : ['traefik'])];
}

/** Extra node labels of a node for the add-ons: the ServiceLB label on K3S-CLUSTER-SVCS nodes. */
export function addonNodeLabels(node: ResolvedNode): Record<string, string> {
  return node.labels[poolLabelKey(CLUSTER_SERVICES_POOL)] ? { [SERVICELB_NODE_LABEL]: 'true' } : {};
}

/**
 * The HelmChartConfig that places K3S's Traefik on K3S-CLUSTER-SVCS: values of
 * the Traefik chart (affinity, tolerations; the tolerations replace K3S's
 * CriticalAddonsOnly/control-plane list) and, on its LoadBalancer Service, the
 * toleration ServiceLB gives its svclb pods.
 */
export function traefikPlacement(env: Environment): string {
  const { affinity, tolerations } = clusterServicesScheduling(env);
  return toYaml({
    apiVersion: 'helm.cattle.io/v1',
    kind: 'HelmChartConfig',
    metadata: { name: 'traefik', namespace: 'kube-system' },
    spec: {
      valuesContent: toYaml({
        affinity,
        tolerations,
        service: { annotations: { 'svccontroller.k3s.cattle.io/tolerations': JSON.stringify(tolerations) } },
      }),
    },
  });
}
