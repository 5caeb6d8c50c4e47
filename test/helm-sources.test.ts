// Upstream sources installed from their Helm chart (charts/sync/helm.ts), as
// each sync tool receives them: Flux's HelmRepository + HelmRelease folder,
// Argo CD's helm source, both behind a registry mirror; and the Vault values
// whose parts must agree (members, raft retry_join, certificate names).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { environment, objects } from './support/bundled';
import { parseEnvironment } from '../charts/environment/load';
import { renderLayers, type Manifest } from '../charts/render';
import { UPSTREAM_SOURCES } from '../charts/sync/upstream';
import { vaultConfig, vaultDnsNames, vaultMembers } from '../charts/cluster-services/vault';
import { CLUSTER_CA_ISSUER } from '../charts/cluster-services/issuers';
import { isPruneProtected } from '../charts/lib/prune';

const REGISTRY = 'registry.mojaloop.internal:5000/mirror';
const PEM = readFileSync(path.join(import.meta.dirname, 'fixtures', 'nodes', 'internal-ca.pem'), 'utf8');
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHVvZGxlZ3JvdW5kbm90YXJlYWxrZXlqdXN0YWZpeHR1cmU ops@mojaloop';

/** A bundled environment behind a registry mirror with a private CA. */
function mirrored(name: 'prod' | 'test'): Manifest[] {
  const text = readFileSync(`environments/${name}.yaml`, 'utf8').replace(/"github:[^"]+"/g, `"${SSH_KEY}"`)
    + `mirrors:\n  registry: ${REGISTRY}\n`
    + `trust:\n  caBundle:\n    pem: |\n${PEM.trimEnd().split('\n').map((l) => `      ${l}`).join('\n')}\n`;
  return renderLayers(parseEnvironment(text, name, `environments/${name}.yaml`)).layers.flatMap((l) => l.objects.map((o) => o.manifest));
}

const HELM = UPSTREAM_SOURCES.filter((s) => s.helm);
const find = (ms: Manifest[], kind: string, name: string): any => ms.find((m) => m.kind === kind && m.metadata.name === name);

describe('Flux: a Helm-chart source is a HelmRepository and a HelmRelease in a folder of its own', () => {
  it('prod: the chart repository as published, the exact version, release name and namespace, CRDs and remediation', () => {
    for (const s of HELM) {
      const repo = find(objects('prod', s.name), 'HelmRepository', s.name);
      const release = find(objects('prod', s.name), 'HelmRelease', s.name);
      // An OCI repository (Envoy Gateway's oci://docker.io/envoyproxy) is a HelmRepository of type oci.
      const oci = s.helm!.repository.startsWith('oci://');
      expect(repo.spec).toEqual({ url: s.helm!.repository, interval: '12h', ...(oci ? { type: 'oci' } : {}) });
      expect(release.metadata.namespace).toBe('flux-system');
      expect(release.spec.releaseName).toBe(s.helm!.releaseName ?? s.name);
      expect(release.spec.install.remediation.retries).toBeGreaterThan(0);
      expect(release.spec.upgrade.remediation).toMatchObject({ remediateLastFailure: true });
      // Pruning the HelmRelease would uninstall the release.
      expect(isPruneProtected(release)).toBe(true);
    }
  });

  it('cert-manager: the caBundle cainjector writes into its webhooks is not drift', () => {
    const release = find(objects('prod', 'cert-manager'), 'HelmRelease', 'cert-manager');
    expect(release.spec.driftDetection.ignore.map((i: any) => i.target.kind).sort()).toEqual(['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);
  });

  it('Vault does not wait (sealed members are not Ready until unsealed); cert-manager does', () => {
    expect(find(objects('prod', 'vault'), 'HelmRelease', 'vault').spec.install.disableWait).toBe(true);
    expect(find(objects('prod', 'cert-manager'), 'HelmRelease', 'cert-manager').spec.install.disableWait).toBeUndefined();
  });

  it('behind a registry mirror: the chart from the mirror as OCI (trusting the CA), the images from the mirror', () => {
    const ms = mirrored('prod');
    const repo = find(ms, 'HelmRepository', 'cert-manager');
    expect(repo.spec).toMatchObject({ type: 'oci', url: `oci://${REGISTRY}/charts.jetstack.io`, certSecretRef: { name: 'internal-ca-bundle' } });
    expect(find(ms, 'HelmRepository', 'vault').spec.url).toBe(`oci://${REGISTRY}/helm.releases.hashicorp.com`);
    expect(find(ms, 'HelmRelease', 'cert-manager').spec.values.imageRegistry).toBe(`${REGISTRY}/quay.io`);
    expect(find(ms, 'HelmRelease', 'vault').spec.values.server.image.repository).toBe(`${REGISTRY}/docker.io/hashicorp/vault`);
  });
});

describe('Argo CD: a Helm-chart source is an Application with a helm source', () => {
  it('test: chart, repository, exact version, the same values as Flux would get, server-side apply, never pruned', () => {
    const apps = objects('test', 'argocd');
    for (const s of HELM) {
      const app = find(apps, 'Application', s.name);
      // Argo CD names an OCI Helm repository without the oci:// scheme.
      expect(app.spec.source).toMatchObject({ repoURL: s.helm!.repository.replace(/^oci:\/\//, ''), chart: s.helm!.chart, targetRevision: s.helm!.version });
      expect(app.spec.source.helm.releaseName).toBe(s.helm!.releaseName ?? s.name);
      const values = typeof s.helm!.values === 'function' ? s.helm!.values(environment('test')) : s.helm!.values;
      expect(app.spec.source.helm.valuesObject).toEqual(JSON.parse(JSON.stringify(values)));
      expect(app.spec.destination.namespace).toBe(s.namespace);
      expect(app.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
      expect(app.spec.syncPolicy.automated.prune).toBe(false);
    }
    // No Flux folder under Argo CD.
    expect(objects('test', 'cert-manager')).toEqual([]);
  });

  it('behind a registry mirror: the OCI chart repository without its scheme, admitted by the AppProject', () => {
    const ms = mirrored('test');
    const app = find(ms, 'Application', 'cert-manager');
    expect(app.spec.source.repoURL).toBe(`${REGISTRY}/charts.jetstack.io`);
    expect(find(ms, 'AppProject', 'mojaloop').spec.sourceRepos).toContain(`${REGISTRY}/charts.jetstack.io`);
  });
});

describe('Vault', () => {
  it('three raft members where the pool has three nodes, one in dev (no budget that could never be met)', () => {
    expect(vaultMembers(environment('prod'))).toBe(3);
    expect(vaultMembers(environment('dev'))).toBe(1);
    const dev = find(objects('dev', 'vault'), 'HelmRelease', 'vault').spec.values.server.ha;
    expect(dev).toMatchObject({ replicas: 1, disruptionBudget: { enabled: false } });
    const prod = find(objects('prod', 'vault'), 'HelmRelease', 'vault').spec.values.server.ha;
    expect(prod).toMatchObject({ replicas: 3, disruptionBudget: { enabled: true, maxUnavailable: 1 } });
  });

  /** Hosts raft retry_join dials that the server certificate does not name (TLS would refuse the join). */
  const unnamedJoinHosts = (config: string, dnsNames: string[]): string[] =>
    [...config.matchAll(/leader_api_addr = "https:\/\/([^:"]+):\d+"/g)].map((m) => m[1]).filter((h) => !dnsNames.includes(h));

  it('every member raft retry_join dials is named by the server certificate, issued by the cluster CA', () => {
    for (const name of ['dev', 'prod'] as const) {
      const env = environment(name);
      const cert = find(objects(name, 'cluster-pki'), 'Certificate', 'vault-server-tls');
      expect(cert.spec.issuerRef.name).toBe(CLUSTER_CA_ISSUER);
      expect(cert.spec.ipAddresses).toContain('127.0.0.1'); // the chart's VAULT_ADDR
      const config = find(objects(name, 'vault'), 'HelmRelease', 'vault').spec.values.server.ha.raft.config;
      expect(config).toBe(vaultConfig(env));
      expect([...config.matchAll(/retry_join/g)]).toHaveLength(vaultMembers(env));
      expect(unnamedJoinHosts(config, cert.spec.dnsNames)).toEqual([]);
    }
    // The check fails on a certificate that forgets a member.
    const env = environment('prod');
    expect(unnamedJoinHosts(vaultConfig(env), vaultDnsNames(env).filter((n) => n !== 'vault-2.vault-internal'))).toEqual(['vault-2.vault-internal']);
  });
});

describe('the cluster CA', () => {
  it('a self-signed root signs one ECDSA CA Certificate, protected from pruning, behind ClusterIssuer mojaloop-cluster-ca', () => {
    const ms = objects('prod', 'cluster-pki');
    const ca = find(ms, 'Certificate', 'mojaloop-cluster-ca');
    expect(ca.metadata.namespace).toBe('cert-manager');
    expect(ca.spec).toMatchObject({ isCA: true, secretName: 'mojaloop-cluster-ca', privateKey: { algorithm: 'ECDSA' }, issuerRef: { kind: 'ClusterIssuer', name: 'mojaloop-selfsigned' } });
    expect(ca.metadata.annotations['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
    expect(find(ms, 'ClusterIssuer', CLUSTER_CA_ISSUER).spec).toEqual({ ca: { secretName: 'mojaloop-cluster-ca' } });
  });
});
