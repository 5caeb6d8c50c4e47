// The network flows the stack needs (and a few that must stay closed), as data:
// every scrape a ServiceMonitor or PodMonitor asks for, Grafana to its
// datasources, Alloy to Loki, the Loki gateway to the components, Alertmanager
// peers, the switch's services to their stores and callees, the operators to
// their stores' pods. test/network-flows.test.ts checks them with our own
// evaluator (support/netpol.ts); test/netpol-analyzer.test.ts checks the same
// list with np-guard's netpol-analyzer. The structural expectations (a
// datasource URL names a Service with pods behind it, ...) fail here, in the
// test that asks for the group.
import { expect } from 'vitest';
import { enabledServices, enabledStores } from '../../charts/mojaloop/catalog';
import { enabledMigrations, migrationName } from '../../charts/mojaloop/migration-job';
import { storeEndpoint } from '../../charts/mojaloop/network-policies';
import { PROVISION_CALLS, PROVISION_NAME } from '../../charts/mojaloop/participants/job';
import { STORE_EXPORTERS, selectorMatches } from '../../charts/mojaloop/monitoring/store-exporters';
import { ADMIN_ROUTES, FSPIOP_ROUTES } from '../../charts/mojaloop/api-routes';
import { isEnabled } from '../../charts/mojaloop/catalog';
import { EXTERNAL_GATEWAY, INTERNAL_GATEWAY, proxySelector, type GatewayName } from '../../charts/gateway/proxy-pods';
import { ENVOY_GATEWAY_NS } from '../../charts/sync/upstream';
import { ALERTMANAGER_MESH_PORT, ALERTMANAGER_PORT } from '../../charts/monitoring-core/alertmanager';
import { GRAFANA_PORT } from '../../charts/monitoring-core/grafana';
import { PROMETHEUS_PORT } from '../../charts/monitoring-core/prometheus';
import type { Environment } from '../../charts/environment/environment';
import { environment, objects } from './bundled';
import type { Pod } from './netpol';

type Any = Record<string, any>;

/** A pod of a flow. `workload` is the rendered object whose template it is; `name` names a pod made by an operator or CR. */
export type FlowPod = Pod & { name?: string; workload?: Any };

export interface Flow { what: string; src: FlowPod; dst: FlowPod; port: number; allowed: boolean }

/** Operator pods in their own namespaces, labelled as their pinned upstream bundles label them. */
const OPERATORS: Record<string, FlowPod & { port: number }> = {
  mysql: { name: 'pxc-operator', namespace: 'pxc-operator', labels: { 'app.kubernetes.io/name': 'percona-xtradb-cluster-operator' }, ports: [], port: 3306 },
  mongodb: { name: 'psmdb-operator', namespace: 'psmdb-operator', labels: { 'app.kubernetes.io/name': 'percona-server-mongodb-operator' }, ports: [], port: 27017 },
  kafka: { name: 'strimzi-cluster-operator', namespace: 'strimzi', labels: { name: 'strimzi-cluster-operator', 'strimzi.io/kind': 'cluster-operator' }, ports: [], port: 9091 },
  redis: { name: 'redis-operator', namespace: 'redis-operator-system', labels: { 'control-plane': 'redis-operator' }, ports: [], port: 6379 },
};
/** Ports the operators' exporters listen on, by the names the PodMonitors use. */
const EXPORTER_PORTS: Record<string, number> = { 'tcp-prometheus': 9404, 'redis-exporter': 9121 };

export interface NetworkFlows {
  env: Environment;
  /** The objects our evaluator reads: the monitoring-core and mojaloop layers, and every Namespace. */
  objects: Any[];
  /** Our pod templates (not host-network: policies do not apply there) and the CR-managed pods. */
  pods: FlowPod[];
  serviceMonitorScrapes(): Flow[];
  podMonitorScrapes(): Flow[];
  monitoring(): Flow[];
  logs(): Flow[];
  switch(): Flow[];
  /** The migration Jobs reach their database and nothing else; the provisioning Job reaches the admin APIs only. */
  jobs(): Flow[];
  /** Each gateway's proxies reach the services its routes lead to; the admin APIs admit no other way in. */
  gateways(): Flow[];
  closed(): Flow[];
}

export function networkFlows(name: string): NetworkFlows {
  const env = environment(name);
  // Namespaces live in their own first layer; their labels are what namespaceSelectors match.
  const all = [...objects(name, 'monitoring-core'), ...objects(name, 'mojaloop'), ...objects(name).filter((o) => o.kind === 'Namespace')] as Any[];
  const monNs = env.namespaces.monitoring.name;
  const ml = env.namespaces.mojaloop.name;

  const templatePods: FlowPod[] = all
    .filter((o) => o.spec?.template?.spec && !o.spec.template.spec.hostNetwork)
    .map((o) => ({ workload: o, namespace: o.metadata.namespace, labels: o.spec.template.metadata.labels, ports: o.spec.template.spec.containers.flatMap((c: Any) => c.ports ?? []) }));
  const cr = (kind: string) => all.find((o) => o.kind === kind)!;
  const prometheus: FlowPod = { name: 'prometheus', namespace: monNs, labels: cr('Prometheus').spec.podMetadata.labels, ports: [{ name: 'web', containerPort: PROMETHEUS_PORT }, { name: 'reloader-web', containerPort: 8080 }] };
  const alertmanager: FlowPod = { name: 'alertmanager', namespace: monNs, labels: cr('Alertmanager').spec.podMetadata.labels, ports: [{ name: 'web', containerPort: ALERTMANAGER_PORT }, { name: 'mesh-tcp', containerPort: ALERTMANAGER_MESH_PORT }, { name: 'reloader-web', containerPort: 8080 }] };
  const grafana: FlowPod = { name: 'grafana', namespace: monNs, labels: cr('Grafana').spec.deployment.spec.template.metadata.labels, ports: [{ name: 'grafana-http', containerPort: GRAFANA_PORT }] };
  const pods = [...templatePods, prometheus, alertmanager, grafana];
  const byName = (n: string) => templatePods.find((p) => p.labels['app.kubernetes.io/name'] === n)!;
  const podOf = (svc: string) => templatePods.find((p) => p.namespace === ml && p.labels['app.kubernetes.io/name'] === svc)!;
  const podsOfService = (svc: Any) => pods.filter((p) => p.namespace === svc.metadata.namespace && Object.entries(svc.spec.selector ?? {}).every(([k, v]) => p.labels[k] === v));
  const servicePort = (svc: Any, port: Any, pod: Pod) => (typeof port.targetPort === 'string' ? pod.ports.find((c) => c.name === port.targetPort)?.containerPort : port.targetPort ?? port.port);
  /** The pods and container port behind http://<service>.<ns>.svc...:<port>. */
  const behindUrl = (url: string) => {
    const u = new URL(url);
    const [svcName, ns] = u.hostname.split('.');
    const svc = all.find((o) => o.kind === 'Service' && o.metadata.name === svcName && o.metadata.namespace === ns)!;
    expect(svc, url).toBeDefined();
    const port = svc.spec.ports.find((p: Any) => p.port === Number(u.port || 80));
    return podsOfService(svc).map((pod) => ({ pod, port: servicePort(svc, port, pod)! }));
  };
  /** A pod an operator makes for a store, labelled as the selector asks. */
  const storePod = (sel: Any, port: number): FlowPod => ({
    namespace: ml,
    labels: sel.matchLabels ?? { [sel.matchExpressions[0].key]: sel.matchExpressions[0].values[0] },
    ports: [{ containerPort: port }],
  });
  const flow = (what: string, src: FlowPod, dst: FlowPod, port: number, allowed = true): Flow => ({ what, src, dst, port, allowed });

  return {
    env,
    objects: all,
    pods,

    serviceMonitorScrapes() {
      const flows: Flow[] = [];
      for (const sm of all.filter((o) => o.kind === 'ServiceMonitor' && o.metadata.name !== 'kubelet')) {
        const namespaces = sm.spec.namespaceSelector?.matchNames ?? [sm.metadata.namespace];
        const services = all.filter((o) => o.kind === 'Service' && namespaces.includes(o.metadata.namespace) && selectorMatches(sm.spec.selector, o.metadata.labels));
        for (const ep of sm.spec.endpoints) {
          for (const svc of services) {
            const port = svc.spec.ports.find((p: Any) => p.name === ep.port);
            if (!port) continue;
            for (const pod of podsOfService(svc)) flows.push(flow(`scrape ${sm.metadata.name}`, prometheus, pod, servicePort(svc, port, pod)!));
          }
        }
      }
      expect(flows.length).toBeGreaterThan(20);
      return flows;
    },

    podMonitorScrapes() {
      const flows: Flow[] = [];
      for (const pm of all.filter((o) => o.kind === 'PodMonitor')) {
        for (const ep of pm.spec.podMetricsEndpoints) {
          const targets: Array<{ pod: FlowPod; port: number }> = [];
          if (ep.portNumber) targets.push(...pods.filter((p) => p.namespace === pm.metadata.namespace && selectorMatches(pm.spec.selector, p.labels)).map((pod) => ({ pod, port: ep.portNumber })));
          for (const store of all.filter((o) => Object.values(STORE_EXPORTERS).flat().some((e) => e.crKinds.includes(o.kind)))) {
            for (const e of Object.values(STORE_EXPORTERS).flat().filter((x) => x.crKinds.includes(store.kind) && x.port === ep.port)) {
              const labels = e.podLabels(store.metadata.name);
              if (!selectorMatches(pm.spec.selector, labels)) continue;
              const sidecar = [...(store.spec.pxc?.sidecars ?? []), ...(store.spec.replsets ?? []).flatMap((r: Any) => r.sidecars ?? [])].flatMap((c: Any) => c.ports).find((p: Any) => p.name === ep.port);
              const port = sidecar?.containerPort ?? EXPORTER_PORTS[ep.port];
              targets.push({ pod: { namespace: store.metadata.namespace, labels, ports: [{ name: ep.port, containerPort: port }] }, port });
            }
          }
          expect(targets.length, pm.metadata.name).toBeGreaterThan(0);
          for (const t of targets) flows.push(flow(`scrape ${pm.metadata.name}`, prometheus, t.pod, t.port));
        }
      }
      return flows;
    },

    monitoring() {
      const flows: Flow[] = [];
      for (const ds of all.filter((o) => o.kind === 'GrafanaDatasource')) {
        const behind = behindUrl(ds.spec.datasource.url);
        expect(behind.length, ds.metadata.name).toBeGreaterThan(0);
        for (const { pod, port } of behind) flows.push(flow(`datasource ${ds.metadata.name}`, grafana, pod, port));
      }
      flows.push(flow('grafana-operator manages Grafana', byName('grafana-operator'), grafana, GRAFANA_PORT));
      flows.push(flow('alerts', prometheus, alertmanager, ALERTMANAGER_PORT));
      flows.push(flow('gossip', alertmanager, alertmanager, ALERTMANAGER_MESH_PORT));
      return flows;
    },

    logs() {
      const flows: Flow[] = [];
      const cfg: string = all.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'alloy')!.data['config.alloy'];
      const push = cfg.match(/url = "([^"]+)"/)?.[1] ?? '';
      for (const { pod, port } of behindUrl(push)) flows.push(flow('log push', byName('alloy'), pod, port));
      const gw = all.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'loki-gateway');
      if (gw && env.monitoring.loki.mode === 'distributed') {
        const upstreams = [...new Set([...gw.data['nginx.conf'].matchAll(/proxy_pass (http:\/\/[^$;]+)/g)].map((m: RegExpMatchArray) => m[1]))];
        expect(upstreams.length).toBeGreaterThan(3);
        for (const u of upstreams) for (const { pod, port } of behindUrl(u)) flows.push(flow(`gateway -> ${u}`, byName('loki-gateway'), pod, port));
        const loki = templatePods.filter((p) => p.labels['app.kubernetes.io/name'] === 'loki');
        for (const a of loki) for (const b of loki) for (const port of [9095, 7946]) flows.push(flow('loki internal', a, b, port));
      } else {
        expect(gw).toBeUndefined();
      }
      return flows;
    },

    switch() {
      const flows: Flow[] = [];
      const stores = enabledStores(env.features);
      const services = enabledServices(env.features);
      for (const svc of services) {
        for (const s of svc.stores) {
          const store = stores.find((x) => x.name === s);
          if (!store) continue;
          const e = storeEndpoint(env, store);
          flows.push(flow(`${svc.name} -> ${s}`, podOf(svc.name), storePod(e.clientPods, e.port), e.port));
        }
        for (const called of svc.calls) {
          const target = services.find((x) => x.name === called);
          if (target) flows.push(flow(`${svc.name} calls ${called}`, podOf(svc.name), podOf(called), target.port));
        }
      }
      for (const store of stores) {
        const e = storeEndpoint(env, store);
        const op = OPERATORS[store.kind];
        flows.push(flow(`operator of ${store.name}`, op, storePod(e.pods, op.port), op.port));
        // Members among themselves (replication, Galera, raft, cluster bus).
        const member = storePod(e.pods, e.port);
        flows.push(flow(`${store.name} members`, member, member, e.port));
      }
      return flows;
    },

    jobs() {
      const flows: Flow[] = [];
      const stores = enabledStores(env.features);
      const kafka = storeEndpoint(env, stores.find((s) => s.kind === 'kafka')!);
      for (const m of enabledMigrations(env)) {
        const e = storeEndpoint(env, stores.find((s) => s.name === m.store)!);
        flows.push(flow(`${migrationName(m)} -> ${m.store}`, podOf(migrationName(m)), storePod(e.clientPods, e.port), e.port));
        flows.push(flow(`${migrationName(m)} has no business in Kafka`, podOf(migrationName(m)), storePod(kafka.clientPods, kafka.port), kafka.port, false));
        for (const other of stores.filter((s) => s.kind === 'mysql' && s.name !== m.store)) {
          const o = storeEndpoint(env, other);
          flows.push(flow(`${migrationName(m)} stays out of ${other.name}`, podOf(migrationName(m)), storePod(o.clientPods, o.port), o.port, false));
        }
      }
      if (env.participants) {
        const services = enabledServices(env.features);
        for (const called of PROVISION_CALLS) flows.push(flow(`provisioning -> ${called}`, podOf(PROVISION_NAME), podOf(called), services.find((x) => x.name === called)!.port));
        const db = storeEndpoint(env, stores.find((s) => s.name === 'central-ledger-db')!);
        flows.push(flow('provisioning goes through the API, not the database', podOf(PROVISION_NAME), storePod(db.clientPods, db.port), db.port, false));
      }
      return flows;
    },

    gateways() {
      const flows: Flow[] = [];
      const services = enabledServices(env.features);
      // Envoy Gateway's proxy pods, labelled as the controller labels them (charts/gateway/proxy-pods.ts).
      const proxy = (g: GatewayName): FlowPod => ({ name: `envoy-${g}`, namespace: ENVOY_GATEWAY_NS, labels: { ...proxySelector(g), 'app.kubernetes.io/managed-by': 'envoy-gateway' }, ports: [{ containerPort: 10443 }] });
      const external = proxy(EXTERNAL_GATEWAY);
      const internal = proxy(INTERNAL_GATEWAY);
      const stranger: FlowPod = { name: 'stranger', namespace: 'default', labels: { app: 'curl' }, ports: [] };
      const port = (svc: string) => services.find((x) => x.name === svc)!.port;
      for (const r of FSPIOP_ROUTES.filter((x) => isEnabled(x.feature, env.features))) {
        flows.push(flow(`external gateway routes ${r.prefix} to ${r.service}`, external, podOf(r.service), port(r.service)));
        flows.push(flow(`${r.service} is not reachable from another namespace but through the gateway`, stranger, podOf(r.service), port(r.service), false));
      }
      for (const r of ADMIN_ROUTES) {
        flows.push(flow(`internal gateway routes ${r.prefix} to ${r.service}`, internal, podOf(r.service), port(r.service)));
        flows.push(flow(`the external gateway never reaches the admin API ${r.service}`, external, podOf(r.service), port(r.service), false));
        flows.push(flow(`another namespace never reaches the admin API ${r.service}`, stranger, podOf(r.service), port(r.service), false));
        flows.push(flow(`a Prometheus-labelled pod elsewhere does not reach the admin API ${r.service} either`, { ...stranger, labels: { 'app.kubernetes.io/name': 'prometheus' } }, podOf(r.service), port(r.service), false));
      }
      const ledgerDb = storeEndpoint(env, enabledStores(env.features).find((s) => s.name === 'central-ledger-db')!);
      flows.push(flow('the external gateway has no business in the ledger database', external, storePod(ledgerDb.clientPods, ledgerDb.port), ledgerDb.port, false));
      return flows;
    },

    closed() {
      const ledgerDb = storeEndpoint(env, enabledStores(env.features).find((s) => s.name === 'central-ledger-db')!);
      const db: FlowPod = { namespace: ml, labels: ledgerDb.clientPods.matchLabels!, ports: [{ containerPort: ledgerDb.port }] };
      return [
        flow('the API adapter has no business in the ledger database', podOf('ml-api-adapter-service'), db, ledgerDb.port, false),
        flow('handlers take no traffic but scrapes', podOf('centralledger-service'), podOf('centralledger-handler-transfer-prepare'), 3001, false),
        flow('the switch does not query Prometheus', podOf('centralledger-service'), prometheus, PROMETHEUS_PORT, false),
        flow('the log agent does not query Prometheus', byName('alloy'), prometheus, PROMETHEUS_PORT, false),
        flow('Grafana does not write to the ledger', grafana, db, ledgerDb.port, false),
        flow('an unknown operator cannot reach the ledger database', { name: 'unknown', namespace: 'default', labels: { app: 'x' }, ports: [] }, db, ledgerDb.port, false),
      ];
    },
  };
}
