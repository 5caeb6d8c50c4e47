// NetworkPolicies of the mojaloop namespace, on top of the baseline's
// default-deny + DNS: each service may reach the stores and services it uses
// (and participants' callback endpoints where it sends callbacks); the FSPIOP
// APIs accept the external gateway's proxies and pods of this namespace; the
// admin APIs accept only the internal gateway's proxies, the services that
// call them and the provisioning Job; each store admits its members, its
// clients and its operator; Prometheus in the monitoring namespace may scrape
// every metrics port. Policies are additive, so one per workload reads as that
// workload's allowed flows.
import { k8s } from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { selectorLabels, standardLabels } from '../lib/labels';
import { MONITORING_NAMESPACE_LABELS, PROMETHEUS_POD_LABELS } from '../monitoring-core/contract';
import { enabledServices, enabledStores, type StoreEntry } from './catalog';
import { KAFKA_PORT, MONGODB_PORT, MYSQL_PORT, REDIS_PORT, objectName } from './endpoints';
import { storagePort } from '../environment/sections/backups';
import { enabledMigrations, migrationName } from './migration-job';
import { METRICS_PORT } from './monitoring/scrape-targets';
import { PROVISION_CALLS, PROVISION_NAME } from './participants/job';
import { STORE_EXPORTERS } from './monitoring/store-exporters';
import { ADMIN_SERVICES, FSPIOP_SERVICES } from './api-routes';
import { EXTERNAL_GATEWAY, INTERNAL_GATEWAY, proxyPeer } from '../gateway/proxy-pods';
import { callbackPorts } from './participants/callback-ports';
import { K3S_CLUSTER_CIDR, K3S_SERVICE_CIDR } from '../cluster/k3s-network';

const tcp = (port: number | string): k8s.NetworkPolicyPort =>
  ({ protocol: 'TCP', port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port) });

/**
 * Pods of the operators (in their own namespaces) that talk to their stores' pods
 * directly: Strimzi (admin API of the brokers/controllers), Percona (SQL / mongo
 * as the operator user), OT redis-operator (cluster setup, failover). Labels as
 * the pinned upstream bundles (charts/sync/upstream.ts) put them on the pod
 * template: Strimzi 060-Deployment-strimzi-cluster-operator.yaml, Percona
 * deploy/cw-bundle.yaml, redis-operator config/manager/manager.yaml (the
 * kustomize base; its Helm chart labels differ).
 */
const OPERATOR_PODS: Record<StoreEntry['kind'], Record<string, string>> = {
  kafka: { 'strimzi.io/kind': 'cluster-operator' },
  mysql: { 'app.kubernetes.io/name': 'percona-xtradb-cluster-operator' },
  mongodb: { 'app.kubernetes.io/name': 'percona-server-mongodb-operator' },
  redis: { 'control-plane': 'redis-operator' },
};

/** The pods of a store and the port its clients use. */
export function storeEndpoint(env: Environment, store: StoreEntry): { pods: k8s.LabelSelector; clientPods: k8s.LabelSelector; port: number } {
  const name = objectName(env, store.name);
  switch (store.kind) {
    case 'mysql':
      return {
        pods: { matchLabels: { 'app.kubernetes.io/instance': name } },
        clientPods: { matchLabels: { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'haproxy' } },
        port: MYSQL_PORT,
      };
    case 'mongodb':
      return { pods: { matchLabels: { 'app.kubernetes.io/instance': name } }, clientPods: { matchLabels: { 'app.kubernetes.io/instance': name } }, port: MONGODB_PORT };
    case 'kafka':
      return {
        pods: { matchLabels: { 'strimzi.io/cluster': name } },
        clientPods: { matchLabels: { 'strimzi.io/cluster': name, 'strimzi.io/broker-role': 'true' } },
        port: KAFKA_PORT,
      };
    case 'redis': {
      const apps = store.redisMode === 'cluster' ? [`${name}-leader`, `${name}-follower`] : [name, `${name}-sentinel`];
      const pods = { matchExpressions: [{ key: 'app', operator: 'In', values: apps }] };
      return { pods, clientPods: pods, port: REDIS_PORT };
    }
  }
}

export function networkPolicies(scope: Construct, env: Environment): void {
  const namespace = env.namespaces.mojaloop.name;
  const stores = enabledStores(env.features);
  const services = enabledServices(env.features);
  const policy = (id: string, name: string, spec: k8s.NetworkPolicySpec) =>
    new k8s.KubeNetworkPolicy(scope, `netpol-${id}`, {
      metadata: { name, namespace, labels: standardLabels(env, { name: 'network-policy', instance: name, partOf: 'mojaloop' }) },
      spec,
    });
  const podsOf = (svc: string) => ({ podSelector: { matchLabels: selectorLabels({ name: svc, instance: objectName(env, svc), partOf: 'mojaloop' }) } });
  /**
   * Who may call an API service. An admin API (central-ledger, ALS admin,
   * central-settlement): the internal gateway, the services that call it and
   * the provisioning Job, nobody else. Any other API: the pods of this
   * namespace, and the external gateway for the FSPIOP APIs.
   */
  const apiClients = (name: string): k8s.NetworkPolicyPeer[] => {
    if (ADMIN_SERVICES.includes(name)) {
      const callers = services.filter((s) => s.calls.includes(name)).map((s) => podsOf(s.name));
      const provisioning = env.participants && (PROVISION_CALLS as readonly string[]).includes(name) ? [podsOf(PROVISION_NAME)] : [];
      return [proxyPeer(INTERNAL_GATEWAY), ...callers, ...provisioning];
    }
    return [{ podSelector: {} }, ...(FSPIOP_SERVICES.includes(name) ? [proxyPeer(EXTERNAL_GATEWAY)] : [])];
  };

  for (const svc of services) {
    const egress: k8s.NetworkPolicyEgressRule[] = [];
    for (const storeName of svc.stores) {
      const store = stores.find((s) => s.name === storeName);
      if (!store) continue;
      const e = storeEndpoint(env, store);
      // A Redis cluster client follows MOVED redirects to every member; Kafka clients talk to every broker.
      egress.push({ to: [{ podSelector: store.kind === 'redis' ? e.pods : e.clientPods }], ports: [tcp(e.port)] });
    }
    for (const called of svc.calls) {
      const target = services.find((s) => s.name === called);
      if (target) egress.push({ to: [podsOf(called)], ports: [tcp(target.port)] });
    }
    // FSPIOP callbacks go to participant endpoints registered at run time: any address.
    // DFSP callbacks leave the cluster; the except keeps this rule from opening pod and
    // Service addresses (kube-router and Calico let an ipBlock match pods): K3S's
    // default --cluster-cidr and --service-cidr.
    // Only to the ports the DFSPs' callback URLs name (the participants section):
    // NetworkPolicies match addresses, not host names, so the hosts stay open.
    if (svc.callbacks) egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [K3S_CLUSTER_CIDR, K3S_SERVICE_CIDR] } }], ports: callbackPorts(env).map(tcp) });
    policy(svc.name, objectName(env, svc.name), {
      podSelector: podsOf(svc.name).podSelector,
      policyTypes: ['Ingress', 'Egress'],
      // Handlers take no traffic but scrapes (allow-prometheus-scrape).
      ingress: svc.role === 'api' ? [{ from: apiClients(svc.name), ports: [tcp('http')] }] : [],
      egress,
    });
  }

  // The participants provisioning Job calls the admin APIs and nothing else.
  if (env.participants) {
    policy('provisioning', objectName(env, PROVISION_NAME), {
      podSelector: podsOf(PROVISION_NAME).podSelector,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: PROVISION_CALLS.map((called) => ({ to: [podsOf(called)], ports: [tcp(services.find((s) => s.name === called)!.port)] })),
    });
  }

  // Each migration Job reaches its database and nothing else.
  const migrations = enabledMigrations(env);
  for (const m of migrations) {
    const e = storeEndpoint(env, stores.find((s) => s.name === m.store)!);
    policy(`migration-${m.database}`, objectName(env, migrationName(m)), {
      podSelector: podsOf(migrationName(m)).podSelector,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [{ to: [{ podSelector: e.clientPods }], ports: [tcp(e.port)] }],
    });
  }

  for (const store of stores) {
    const e = storeEndpoint(env, store);
    const clients = [
      ...services.filter((s) => s.stores.includes(store.name)),
      ...migrations.filter((m) => m.store === store.name).map((m) => ({ name: migrationName(m) })),
    ];
    const kafka = store.kind === 'kafka';
    policy(`store-${store.name}`, `${objectName(env, store.name)}-store`, {
      podSelector: e.pods,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        // Members among themselves (replication, Galera/raft, cluster bus, sentinels, proxies).
        { from: [{ podSelector: e.pods }] },
        ...(clients.length ? [{ from: clients.map((c) => podsOf(c.name)), ports: [tcp(e.port)] }] : []),
        { from: [{ namespaceSelector: {}, podSelector: { matchLabels: OPERATOR_PODS[store.kind] } }] },
      ],
      egress: [
        { to: [{ podSelector: e.pods }] },
        // Strimzi's topic operator and the brokers' rack-awareness init container call the Kubernetes API.
        ...(kafka ? [{ ports: [tcp(443), tcp(6443)] }] : []),
        // Backups (PXC backup Jobs and binlog collector, PSMDB's backup agent) upload to the object store.
        ...(env.backups && (store.kind === 'mysql' || store.kind === 'mongodb') ? [{ ports: [tcp(storagePort(env.backups))] }] : []),
      ],
    });
  }

  // Named ports, resolved on each pod: the services' `http`, the exporters' as the PodMonitors name them.
  const exporterPorts = [...new Set(stores.flatMap((s) => STORE_EXPORTERS[s.kind].map((t) => t.port)))].sort();
  policy('prometheus', 'allow-prometheus-scrape', {
    podSelector: {},
    policyTypes: ['Ingress'],
    ingress: [{
      from: [{ namespaceSelector: { matchLabels: { ...MONITORING_NAMESPACE_LABELS } }, podSelector: { matchLabels: { ...PROMETHEUS_POD_LABELS } } }],
      ports: [tcp(METRICS_PORT), ...exporterPorts.map(tcp)],
    }],
  });
}
