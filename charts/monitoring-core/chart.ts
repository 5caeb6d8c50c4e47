// monitoring-core: the platform team's namespace. Reads top to bottom like
// the architecture: namespace baseline, the operators, what they run
// (Prometheus, Alertmanager, Grafana), logs (Loki, Alloy), the exporters,
// the core rules and dashboards, and the network policies that allow exactly
// the flows between them.
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { LayerChart } from '../lib/layer';
import { namespaceBaseline } from '../lib/namespace';
import { podSecurityLevel } from '../lib/security';
import { MONITORED_NAMESPACE_LABELS, MONITORING_NAMESPACE_LABELS } from './contract';
import { prometheusOperator } from './prometheus-operator';
import { prometheus } from './prometheus';
import { kubelet } from './kubelet';
import { alertmanager } from './alertmanager';
import { grafanaOperator } from './grafana-operator';
import { grafana } from './grafana';
import { loki } from './loki';
import { alloy } from './alloy';
import { nodeExporter } from './node-exporter';
import { kubeStateMetrics } from './kube-state-metrics';
import { coreRules } from './rules';
import { coreDashboards } from './dashboards';
import { networkPolicies } from './network-policies';
import { caBundleConfigMap } from './ca-bundle';

export class MonitoringCoreChart extends LayerChart {
  constructor(scope: Construct, env: Environment, namespaceLayer: LayerChart) {
    super(scope, 'monitoring-core', env, env.namespaces.monitoring.name);
    namespaceBaseline(this, {
      config: env.namespaces.monitoring,
      podSecurity: podSecurityLevel('monitoring'),
      // Monitored too: our own ServiceMonitors and rules live here.
      labels: { ...MONITORING_NAMESPACE_LABELS, ...MONITORED_NAMESPACE_LABELS },
      namespaceLayer,
      partOf: 'monitoring-core',
    });
    caBundleConfigMap(this);
    prometheusOperator(this);
    prometheus(this);
    kubelet(this);
    alertmanager(this);
    grafanaOperator(this);
    grafana(this);
    loki(this);
    alloy(this);
    nodeExporter(this);
    kubeStateMetrics(this);
    coreRules(this);
    coreDashboards(this);
    networkPolicies(this);
  }
}
