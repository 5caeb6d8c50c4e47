// Issue 13, finding 1: "No way in for DFSPs. Every Service is ClusterIP, and
// nothing routes the FSPIOP API from outside." As a property of the rendered
// output of every bundled environment: a Gateway of Envoy Gateway with an HTTPS
// listener, its proxies reachable from outside the cluster on the
// API-GATEWAY-EXTERNAL pool, mutual TLS required by a ClientTrafficPolicy with
// the cluster CA, and a client certificate of that CA for every DFSP. The
// same check run on the output before the gateway layer existed (the objects
// minus dist/<env>/gateway/) reports the finding. Fields as in Envoy Gateway
// v1.9.1 api/v1alpha1 (clienttrafficpolicy_types.go, tls_types.go,
// envoyproxy_types.go) and cert-manager v1.21.2 deploy/crds.
import { describe, expect, it } from 'vitest';
import type { Manifest } from '../charts/render';
import type { Environment } from '../charts/environment/environment';
import { CLUSTER_CA_ISSUER } from '../charts/cluster-services/issuers';
import { DFSP_URI_PREFIX } from '../charts/gateway/certificates';
import { EXTERNAL_GATEWAY, INTERNAL_GATEWAY, GATEWAY_CONTROLLER } from '../charts/gateway/proxy-pods';
import { ADMIN_USERS_SECRET } from '../charts/gateway/internal';
import { poolLabelKey, type PoolName } from '../charts/environment/node-pools';
import { ENV_NAMES, environment, objects, parseYaml, renderedFiles } from './support/bundled';
import { standInsFor } from '../scripts/e2e/operator-standins';
import { proxySelector } from '../charts/gateway/proxy-pods';
import { ENVOY_GATEWAY_NS } from '../charts/sync/upstream';

type Any = Record<string, any>;
const spec = (o: Manifest): Any => o.spec as Any;
const find = (all: Manifest[], kind: string, name: string, namespace?: string) =>
  all.find((o) => o.kind === kind && o.metadata.name === name && (!namespace || o.metadata.namespace === namespace));

/** The EnvoyProxy a Gateway names, placed on the pool and exposed outside the cluster. */
function dataPlaneProblems(all: Manifest[], env: Environment, gateway: Manifest, pool: PoolName): string[] {
  const ref = spec(gateway).infrastructure?.parametersRef;
  const proxy = ref && find(all, 'EnvoyProxy', ref.name, gateway.metadata.namespace);
  if (!proxy) return [`Gateway ${gateway.metadata.name} names no EnvoyProxy: its proxies run anywhere, behind a LoadBalancer Service`];
  const k = spec(proxy).provider?.kubernetes ?? {};
  const problems: string[] = [];
  const terms = k.envoyDeployment?.pod?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (!terms.length || !terms.every((t: Any) => t.matchExpressions.some((e: Any) => e.key === poolLabelKey(pool) && e.operator === 'In'))) problems.push(`${proxy.metadata.name}: proxies not required on ${pool}`);
  if (!(k.envoyDeployment?.pod?.tolerations ?? []).some((t: Any) => t.key === poolLabelKey(pool))) problems.push(`${proxy.metadata.name}: the ${pool} taint is not tolerated`);
  if (k.envoyDeployment?.replicas !== env.topology.nodesOf(pool).length) problems.push(`${proxy.metadata.name}: ${k.envoyDeployment?.replicas} replicas on ${env.topology.nodesOf(pool).length} nodes of ${pool}`);
  if (k.envoyService?.type !== 'NodePort') problems.push(`${proxy.metadata.name}: Service type ${k.envoyService?.type ?? 'LoadBalancer (the default: K3S ServiceLB on every node)'}`);
  if (env.topology.nodesOf(pool).length > 1 && !k.envoyPDB) problems.push(`${proxy.metadata.name}: no PodDisruptionBudget`);
  return problems;
}

/** Finding 1 as a check: what keeps a DFSP from reaching the FSPIOP API with its own client certificate. */
export function externalAccessProblems(all: Manifest[], env: Environment): string[] {
  const classes = all.filter((o) => o.kind === 'GatewayClass' && spec(o).controllerName === GATEWAY_CONTROLLER).map((o) => o.metadata.name);
  const gateway = all.find((o) => o.kind === 'Gateway' && o.metadata.name === EXTERNAL_GATEWAY && classes.includes(spec(o).gatewayClassName));
  if (!gateway) return ['no way in: no Gateway fspiop-external of Envoy Gateway; every Service is ClusterIP'];
  const problems = dataPlaneProblems(all, env, gateway, 'API-GATEWAY-EXTERNAL');
  const https = spec(gateway).listeners.filter((l: Any) => l.protocol === 'HTTPS' && l.tls?.mode === 'Terminate');
  if (!https.length || https.length !== spec(gateway).listeners.length) problems.push('fspiop-external: every listener must be HTTPS terminating TLS');
  for (const l of https) {
    if (l.hostname !== env.gateways.external.host) problems.push(`listener ${l.name}: hostname ${l.hostname}, expected ${env.gateways.external.host}`);
    for (const ref of l.tls.certificateRefs) {
      const cert = all.find((o) => o.kind === 'Certificate' && o.metadata.namespace === gateway.metadata.namespace && spec(o).secretName === ref.name);
      if (!cert || spec(cert).issuerRef.name !== CLUSTER_CA_ISSUER || !spec(cert).dnsNames?.includes(l.hostname)) problems.push(`listener ${l.name}: Secret ${ref.name} is not a certificate of ${CLUSTER_CA_ISSUER} for ${l.hostname}`);
    }
  }
  // Mutual TLS: a ClientTrafficPolicy on the Gateway (or each listener) that requires and verifies a client certificate.
  const mtls = all.filter((o) => o.kind === 'ClientTrafficPolicy' && o.metadata.namespace === gateway.metadata.namespace
    && (spec(o).targetRefs ?? []).some((t: Any) => t.kind === 'Gateway' && t.name === EXTERNAL_GATEWAY && !t.sectionName));
  const cv = mtls[0] && spec(mtls[0]).tls?.clientValidation;
  if (!cv) return [...problems, 'no mutual TLS: no ClientTrafficPolicy with clientValidation on fspiop-external'];
  if ((cv.mode ?? 'RequireAndVerify') !== 'RequireAndVerify' || cv.optional) problems.push(`mutual TLS not required: clientValidation mode ${cv.mode}${cv.optional ? ', optional' : ''}`);
  const caSecrets = (cv.caCertificateRefs ?? []).map((r: Any) => r.name);
  const caOk = caSecrets.length > 0 && caSecrets.every((s: string) => all.some((o) => o.kind === 'Certificate' && spec(o).secretName === s && spec(o).issuerRef.name === CLUSTER_CA_ISSUER));
  if (!caOk) problems.push(`client certificates are not checked against the cluster CA (${CLUSTER_CA_ISSUER}): caCertificateRefs ${JSON.stringify(caSecrets)}`);
  const sanPrefixes: string[] = (cv.subjectAltNames?.uris ?? []).filter((u: Any) => u.type === 'Prefix').map((u: Any) => u.value);
  if (!sanPrefixes.includes(DFSP_URI_PREFIX)) problems.push(`any certificate of the cluster CA is taken for a DFSP: no URI SAN prefix ${DFSP_URI_PREFIX} required`);
  // One client certificate per DFSP, of the cluster CA, that the gateway accepts.
  for (const dfsp of env.participants?.dfsps ?? []) {
    const cert = all.find((o) => o.kind === 'Certificate' && spec(o).commonName === dfsp.id);
    if (!cert) { problems.push(`DFSP ${dfsp.id} has no client certificate`); continue; }
    const s = spec(cert);
    if (s.issuerRef.name !== CLUSTER_CA_ISSUER || !s.usages.includes('client auth')) problems.push(`DFSP ${dfsp.id}: certificate ${cert.metadata.name} is not a client certificate of ${CLUSTER_CA_ISSUER}`);
    if (!(s.uris ?? []).some((u: string) => sanPrefixes.some((p) => u === `${p}${dfsp.id}`))) problems.push(`DFSP ${dfsp.id}: certificate ${cert.metadata.name} lacks the URI SAN the gateway requires`);
  }
  return problems;
}

describe.each(ENV_NAMES)('finding 1 (no way in for DFSPs) in %s', (name) => {
  const env = environment(name);
  const all = objects(name);

  it('DFSPs reach the FSPIOP API through fspiop-external with mutual TLS, their own client certificate of the cluster CA each', () => {
    expect(externalAccessProblems(all, env)).toEqual([]);
    expect(env.participants?.dfsps.length ?? 0).toBe(all.filter((o) => o.kind === 'Certificate' && spec(o).usages.includes('client auth')).length);
  });

  it('the admin APIs sit behind the internal gateway on API-GATEWAY-INTERNAL, authenticated', () => {
    const gw = find(all, 'Gateway', INTERNAL_GATEWAY)!;
    expect(dataPlaneProblems(all, env, gw, 'API-GATEWAY-INTERNAL')).toEqual([]);
    const auth = all.filter((o) => o.kind === 'SecurityPolicy' && spec(o).targetRefs.some((t: Any) => t.kind === 'Gateway' && t.name === INTERNAL_GATEWAY));
    expect(auth.map((o) => spec(o).basicAuth?.users?.name)).toEqual([ADMIN_USERS_SECRET]);
    // The htpasswd Secret is declared (listed in dist/<env>/README.md), never rendered with a value.
    expect(all.some((o) => o.kind === 'Secret')).toBe(false);
    expect(renderedFiles(name).get('README.md')).toContain(ADMIN_USERS_SECRET);
  });

  it('the gateway pools exist in the environment and their nodes carry the pool labels', () => {
    for (const pool of ['API-GATEWAY-EXTERNAL', 'API-GATEWAY-INTERNAL'] as const) {
      const nodes = env.topology.nodesOf(pool);
      expect(nodes.length, pool).toBeGreaterThan(0);
      for (const n of nodes) {
        const config = parseYaml(renderedFiles(name).get(`kairos/${n.name}.yaml`)!.replace(/^#cloud-config\n/, '')) as Any;
        expect(JSON.stringify(config), `${n.name} carries ${poolLabelKey(pool)}`).toContain(`${poolLabelKey(pool)}=enabled`);
      }
      // Never merged in production-like environments: no other pool on those nodes.
      if (env.productionLike) expect(env.topology.groupOf(pool)!.pools).toEqual([pool]);
    }
  });
});

describe('finding 1: the check fails on a broken input', () => {
  const env = environment('prod');
  const all = objects('prod');
  const gatewayLayer = new Set(objects('prod', 'gateway'));

  it('the output before the gateway layer (every Service ClusterIP): no way in', () => {
    expect(externalAccessProblems(all.filter((o) => !gatewayLayer.has(o)), env)).toEqual(['no way in: no Gateway fspiop-external of Envoy Gateway; every Service is ClusterIP']);
    expect(all.filter((o) => !gatewayLayer.has(o) && o.kind === 'Service' && (o.spec as Any).type && (o.spec as Any).type !== 'ClusterIP')).toEqual([]);
  });

  it('without the ClientTrafficPolicy: no mutual TLS', () => {
    expect(externalAccessProblems(all.filter((o) => o.kind !== 'ClientTrafficPolicy'), env)).toContain('no mutual TLS: no ClientTrafficPolicy with clientValidation on fspiop-external');
  });

  it('client certificates optional, or any certificate of the CA accepted: reported', () => {
    const edit = (cv: Any) => all.map((o) => (o.kind === 'ClientTrafficPolicy' ? { ...o, spec: { ...spec(o), tls: { ...spec(o).tls, clientValidation: { ...spec(o).tls.clientValidation, ...cv } } } } : o));
    expect(externalAccessProblems(edit({ mode: 'VerifyIfGiven' }), env)).toEqual(['mutual TLS not required: clientValidation mode VerifyIfGiven']);
    expect(externalAccessProblems(edit({ subjectAltNames: undefined }), env)).toEqual([`any certificate of the cluster CA is taken for a DFSP: no URI SAN prefix ${DFSP_URI_PREFIX} required`]);
  });

  it('a DFSP without its client certificate, and proxies off their pool: reported', () => {
    const test = environment('test');
    const testAll = objects('test');
    const payer = testAll.filter((o) => !(o.kind === 'Certificate' && spec(o).commonName === 'payerfsp'));
    expect(externalAccessProblems(payer, test)).toEqual(['DFSP payerfsp has no client certificate']);
    const loose = all.map((o) => (o.kind === 'EnvoyProxy' && o.metadata.name === EXTERNAL_GATEWAY
      ? { ...o, spec: { provider: { type: 'Kubernetes', kubernetes: { envoyDeployment: { replicas: 1 } } } } } : o));
    expect(externalAccessProblems(loose, env)).toEqual([
      'fspiop-external: proxies not required on API-GATEWAY-EXTERNAL',
      'fspiop-external: the API-GATEWAY-EXTERNAL taint is not tolerated',
      'fspiop-external: 1 replicas on 3 nodes of API-GATEWAY-EXTERNAL',
      'fspiop-external: Service type LoadBalancer (the default: K3S ServiceLB on every node)',
      'fspiop-external: no PodDisruptionBudget',
    ]);
  });
});

describe('e2e stands in for the proxies Envoy Gateway would start (scripts/e2e/operator-standins.ts)', () => {
  const all = objects('prod', 'gateway');

  it('one StatefulSet per Gateway in the controller namespace, with the EnvoyProxy placement and the labels the NetworkPolicies select', () => {
    for (const name of [EXTERNAL_GATEWAY, INTERNAL_GATEWAY] as const) {
      const [s] = standInsFor(find(all, 'Gateway', name), all);
      const proxy = spec(find(all, 'EnvoyProxy', name)!).provider.kubernetes;
      const pod = (s.statefulSet.spec as Any).template;
      expect(s.statefulSet.metadata.namespace).toBe(ENVOY_GATEWAY_NS);
      expect((s.statefulSet.spec as Any).replicas).toBe(proxy.envoyDeployment.replicas);
      expect(pod.spec.affinity).toEqual(proxy.envoyDeployment.pod.affinity);
      expect(pod.spec.tolerations).toEqual(proxy.envoyDeployment.pod.tolerations);
      expect(pod.metadata.labels).toMatchObject(proxySelector(name));
      expect((s.pdb!.spec as Any).minAvailable).toBe(proxy.envoyPDB.minAvailable);
    }
  });

  it('fails on a Gateway whose EnvoyProxy is not applied with it', () => {
    expect(() => standInsFor(find(all, 'Gateway', EXTERNAL_GATEWAY), all.filter((o) => o.kind !== 'EnvoyProxy'))).toThrow(/parametersRef: expected an EnvoyProxy fspiop-external applied with it/);
  });
});

