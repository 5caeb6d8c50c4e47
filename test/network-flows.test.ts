// The flows the stack needs, evaluated against the rendered NetworkPolicies of
// both namespaces (default-deny everywhere): every scrape a ServiceMonitor or
// PodMonitor asks for, Grafana to its datasources, Alloy to Loki, the Loki
// gateway to the components, Alertmanager peers, the switch's services to
// their stores and callees, the operators to their stores' pods. And a few
// flows that must stay closed, so "allowed" cannot mean "everything open".
import { describe, expect, it } from 'vitest';
import { enabledServices, enabledStores } from '../charts/mojaloop/catalog';
import { enabledMigrations, migrationName } from '../charts/mojaloop/migration-job';
import { storeEndpoint } from '../charts/mojaloop/network-policies';
import { PROVISION_CALLS, PROVISION_NAME } from '../charts/mojaloop/participants/job';
import { STORE_EXPORTERS, selectorMatches } from '../charts/mojaloop/monitoring/store-exporters';
import { ALERTMANAGER_MESH_PORT, ALERTMANAGER_PORT } from '../charts/monitoring-core/alertmanager';
import { GRAFANA_PORT } from '../charts/monitoring-core/grafana';
import { PROMETHEUS_PORT } from '../charts/monitoring-core/prometheus';
import type { Manifest } from '../charts/render';
import { ENV_NAMES, environment, objects } from './support/bundled';
import { NetworkPolicies, type Pod } from './support/netpol';

type Any = Record<string, any>;

/** Operator pods in their own namespaces, labelled as their pinned upstream bundles label them. */
const OPERATORS: Record<string, Pod & { port: number }> = {
  mysql: { namespace: 'pxc-operator', labels: { 'app.kubernetes.io/name': 'percona-xtradb-cluster-operator' }, ports: [], port: 3306 },
  mongodb: { namespace: 'psmdb-operator', labels: { 'app.kubernetes.io/name': 'percona-server-mongodb-operator' }, ports: [], port: 27017 },
  kafka: { namespace: 'strimzi', labels: { name: 'strimzi-cluster-operator', 'strimzi.io/kind': 'cluster-operator' }, ports: [], port: 9091 },
  redis: { namespace: 'redis-operator-system', labels: { 'control-plane': 'redis-operator' }, ports: [], port: 6379 },
};
/** Ports the operators' exporters listen on, by the names the PodMonitors use. */
const EXPORTER_PORTS: Record<string, number> = { 'tcp-prometheus': 9404, 'redis-exporter': 9121 };

describe.each(ENV_NAMES)('network flows in %s', (name) => {
  const env = environment(name);
  const all = [...objects(name, 'monitoring-core'), ...objects(name, 'mojaloop')] as Any[];
  const np = new NetworkPolicies(all as Manifest[]);
  const monNs = env.namespaces.monitoring.name;

  // Pods: our own pod templates (not host-network: policies do not apply there) and the CR-managed ones.
  const templatePods: Array<Pod & { owner: string }> = all
    .filter((o) => o.spec?.template?.spec && !o.spec.template.spec.hostNetwork)
    .map((o) => ({ owner: `${o.kind}/${o.metadata.name}`, namespace: o.metadata.namespace, labels: o.spec.template.metadata.labels, ports: o.spec.template.spec.containers.flatMap((c: Any) => c.ports ?? []) }));
  const cr = (kind: string) => all.find((o) => o.kind === kind)!;
  const prometheus: Pod = { namespace: monNs, labels: cr('Prometheus').spec.podMetadata.labels, ports: [{ name: 'web', containerPort: PROMETHEUS_PORT }, { name: 'reloader-web', containerPort: 8080 }] };
  const alertmanager: Pod = { namespace: monNs, labels: cr('Alertmanager').spec.podMetadata.labels, ports: [{ name: 'web', containerPort: ALERTMANAGER_PORT }, { name: 'mesh-tcp', containerPort: ALERTMANAGER_MESH_PORT }, { name: 'reloader-web', containerPort: 8080 }] };
  const grafana: Pod = { namespace: monNs, labels: cr('Grafana').spec.deployment.spec.template.metadata.labels, ports: [{ name: 'grafana-http', containerPort: GRAFANA_PORT }] };
  const pods = [...templatePods, prometheus, alertmanager, grafana];
  const byName = (n: string) => templatePods.find((p) => p.labels['app.kubernetes.io/name'] === n)!;
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
  const expectFlow = (what: string, src: Pod, dst: Pod, port: number, allowed = true) =>
    expect(np.allows(src, dst, port), `${what} (${src.labels['app.kubernetes.io/name']} -> ${dst.labels['app.kubernetes.io/name'] ?? JSON.stringify(dst.labels)}:${port})`).toBe(allowed);

  it('Prometheus reaches every target a ServiceMonitor names, in both namespaces', () => {
    let n = 0;
    for (const sm of all.filter((o) => o.kind === 'ServiceMonitor' && o.metadata.name !== 'kubelet')) {
      const namespaces = sm.spec.namespaceSelector?.matchNames ?? [sm.metadata.namespace];
      const services = all.filter((o) => o.kind === 'Service' && namespaces.includes(o.metadata.namespace) && selectorMatches(sm.spec.selector, o.metadata.labels));
      for (const ep of sm.spec.endpoints) {
        for (const svc of services) {
          const port = svc.spec.ports.find((p: Any) => p.name === ep.port);
          if (!port) continue;
          for (const pod of podsOfService(svc)) { expectFlow(`scrape ${sm.metadata.name}`, prometheus, pod, servicePort(svc, port, pod)!); n++; }
        }
      }
    }
    expect(n).toBeGreaterThan(20);
  });

  it('Prometheus reaches every exporter a PodMonitor names (operator-managed pods included)', () => {
    for (const pm of all.filter((o) => o.kind === 'PodMonitor')) {
      for (const ep of pm.spec.podMetricsEndpoints) {
        const targets: Array<{ pod: Pod; port: number }> = [];
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
        for (const t of targets) expectFlow(`scrape ${pm.metadata.name}`, prometheus, t.pod, t.port);
      }
    }
  });

  it('Grafana reaches its datasources; grafana-operator reaches Grafana; Prometheus reaches Alertmanager; Alertmanager peers gossip', () => {
    for (const ds of all.filter((o) => o.kind === 'GrafanaDatasource')) {
      const behind = behindUrl(ds.spec.datasource.url);
      expect(behind.length, ds.metadata.name).toBeGreaterThan(0);
      for (const { pod, port } of behind) expectFlow(`datasource ${ds.metadata.name}`, grafana, pod, port);
    }
    expectFlow('grafana-operator manages Grafana', byName('grafana-operator'), grafana, GRAFANA_PORT);
    expectFlow('alerts', prometheus, alertmanager, ALERTMANAGER_PORT);
    expectFlow('gossip', alertmanager, alertmanager, ALERTMANAGER_MESH_PORT);
  });

  it('Alloy pushes to Loki; in distributed mode the gateway reaches the components it proxies, and they reach each other', () => {
    const cfg: string = all.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'alloy')!.data['config.alloy'];
    const push = cfg.match(/url = "([^"]+)"/)?.[1] ?? '';
    for (const { pod, port } of behindUrl(push)) expectFlow('log push', byName('alloy'), pod, port);
    const gw = all.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'loki-gateway');
    if (gw && env.monitoring.loki.mode === 'distributed') {
      const upstreams = [...new Set([...gw.data['nginx.conf'].matchAll(/proxy_pass (http:\/\/[^$;]+)/g)].map((m: RegExpMatchArray) => m[1]))];
      expect(upstreams.length).toBeGreaterThan(3);
      for (const u of upstreams) for (const { pod, port } of behindUrl(u)) expectFlow(`gateway -> ${u}`, byName('loki-gateway'), pod, port);
      const loki = templatePods.filter((p) => p.labels['app.kubernetes.io/name'] === 'loki');
      for (const a of loki) for (const b of loki) for (const port of [9095, 7946]) expectFlow('loki internal', a, b, port);
    } else {
      expect(gw).toBeUndefined();
    }
  });

  it('each switch service reaches its stores and the services it calls; each store admits its operator', () => {
    const stores = enabledStores(env.features);
    const services = enabledServices(env.features);
    const podOf = (svc: string) => templatePods.find((p) => p.namespace === env.namespaces.mojaloop.name && p.labels['app.kubernetes.io/name'] === svc)!;
    const storePod = (sel: Any, port: number): Pod => ({
      namespace: env.namespaces.mojaloop.name,
      labels: sel.matchLabels ?? { [sel.matchExpressions[0].key]: sel.matchExpressions[0].values[0] },
      ports: [{ containerPort: port }],
    });
    for (const svc of services) {
      for (const s of svc.stores) {
        const store = stores.find((x) => x.name === s);
        if (!store) continue;
        const e = storeEndpoint(env, store);
        expectFlow(`${svc.name} -> ${s}`, podOf(svc.name), storePod(e.clientPods, e.port), e.port);
      }
      for (const called of svc.calls) {
        const target = services.find((x) => x.name === called);
        if (target) expectFlow(`${svc.name} calls ${called}`, podOf(svc.name), podOf(called), target.port);
      }
    }
    for (const store of stores) {
      const e = storeEndpoint(env, store);
      const op = OPERATORS[store.kind];
      expectFlow(`operator of ${store.name}`, op, storePod(e.pods, op.port), op.port);
      // Members among themselves (replication, Galera, raft, cluster bus).
      expectFlow(`${store.name} members`, storePod(e.pods, e.port), storePod(e.pods, e.port), e.port);
    }
  });

  it('and what must stay closed stays closed', () => {
    const ml = env.namespaces.mojaloop.name;
    const podOf = (svc: string) => templatePods.find((p) => p.namespace === ml && p.labels['app.kubernetes.io/name'] === svc)!;
    const ledgerDb = storeEndpoint(env, enabledStores(env.features).find((s) => s.name === 'central-ledger-db')!);
    const db: Pod = { namespace: ml, labels: ledgerDb.clientPods.matchLabels!, ports: [{ containerPort: ledgerDb.port }] };
    expectFlow('the API adapter has no business in the ledger database', podOf('ml-api-adapter-service'), db, ledgerDb.port, false);
    expectFlow('handlers take no traffic but scrapes', podOf('centralledger-service'), podOf('centralledger-handler-transfer-prepare'), 3001, false);
    expectFlow('the switch does not query Prometheus', podOf('centralledger-service'), prometheus, PROMETHEUS_PORT, false);
    expectFlow('the log agent does not query Prometheus', byName('alloy'), prometheus, PROMETHEUS_PORT, false);
    expectFlow('Grafana does not write to the ledger', grafana, db, ledgerDb.port, false);
    expectFlow('an unknown operator cannot reach the ledger database', { namespace: 'default', labels: { app: 'x' }, ports: [] }, db, ledgerDb.port, false);
  });

  it('the migration Jobs reach their database and nothing else; the provisioning Job reaches the admin APIs', () => {
    const ml = env.namespaces.mojaloop.name;
    const podOf = (n: string) => templatePods.find((p) => p.namespace === ml && p.labels['app.kubernetes.io/name'] === n)!;
    const stores = enabledStores(env.features);
    const kafka = storeEndpoint(env, stores.find((s) => s.kind === 'kafka')!);
    const client = (sel: Any, port: number): Pod => ({ namespace: ml, labels: sel.matchLabels, ports: [{ containerPort: port }] });
    for (const m of enabledMigrations(env)) {
      const e = storeEndpoint(env, stores.find((s) => s.name === m.store)!);
      expectFlow(`${migrationName(m)} -> ${m.store}`, podOf(migrationName(m)), client(e.clientPods, e.port), e.port);
      expectFlow(`${migrationName(m)} has no business in Kafka`, podOf(migrationName(m)), client(kafka.clientPods, kafka.port), kafka.port, false);
      for (const other of stores.filter((s) => s.kind === 'mysql' && s.name !== m.store)) {
        const o = storeEndpoint(env, other);
        expectFlow(`${migrationName(m)} stays out of ${other.name}`, podOf(migrationName(m)), client(o.clientPods, o.port), o.port, false);
      }
    }
    if (env.participants) {
      const services = enabledServices(env.features);
      for (const called of PROVISION_CALLS) expectFlow(`provisioning -> ${called}`, podOf(PROVISION_NAME), podOf(called), services.find((x) => x.name === called)!.port);
      const db = storeEndpoint(env, stores.find((s) => s.name === 'central-ledger-db')!);
      expectFlow('provisioning goes through the API, not the database', podOf(PROVISION_NAME), client(db.clientPods, db.port), db.port, false);
    }
  });
});
