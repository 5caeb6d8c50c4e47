// Certificates of the gateways, all from the cluster CA (ClusterIssuer
// CLUSTER_CA_ISSUER, charts/cluster-services/issuers.ts): each gateway's
// server certificate for its host, and one client certificate per DFSP of
// the participants section, which the external gateway requires.
//
// A DFSP certificate carries the participant id as its common name and the
// URI SAN urn:mojaloop:dfsp:<id>; the external gateway accepts only client
// certificates with such a SAN, so no other certificate of the cluster CA
// (a gateway's or Vault's server certificate) opens the FSPIOP API.
//
// The DFSP's key is generated here, by cert-manager, into the Secret
// dfsp-<id>-client-tls of the gateway namespace; the scheme operator hands
// tls.crt, tls.key and ca.crt to the DFSP out of band. The DFSPs must trust the
// cluster CA (ca.crt) for the gateway's server certificate.
//
// Fields: deploy/crds/cert-manager.io_certificates.yaml, cert-manager v1.21.2.
import { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Environment } from '../environment/environment';
import { CLUSTER_CA_ISSUER } from '../cluster-services/issuers';
import { gatewayLabels } from './data-plane';
import { GATEWAY_NAMESPACE } from './proxy-pods';

/** The URI SAN that marks a DFSP's client certificate (and names the DFSP). */
export const DFSP_URI_PREFIX = 'urn:mojaloop:dfsp:';

const issuerRef = { name: CLUSTER_CA_ISSUER, kind: 'ClusterIssuer', group: 'cert-manager.io' };
/** 90 days, renewed 30 days ahead: a DFSP has a month to install the renewed certificate. */
const lifetime = { duration: '2160h', renewBefore: '720h' };
const privateKey = { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' };

/** The Secret (tls.crt, tls.key, ca.crt) a gateway's listener serves; ca.crt is the cluster CA. */
export const serverSecret = (gateway: string): string => `${gateway}-tls`;

export function serverCertificate(scope: Construct, env: Environment, gateway: string, host: string): string {
  const secretName = serverSecret(gateway);
  new ApiObject(scope, `certificate-${gateway}`, {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: gateway, namespace: GATEWAY_NAMESPACE, labels: gatewayLabels(env, gateway) },
    spec: { secretName, dnsNames: [host], usages: ['server auth', 'digital signature'], privateKey, ...lifetime, issuerRef },
  });
  return secretName;
}

export const dfspCertificateName = (dfsp: string): string => `dfsp-${dfsp.toLowerCase().replace(/_/g, '-')}-client`;

/** One client certificate per DFSP of the participants section. */
export function dfspCertificates(scope: Construct, env: Environment): void {
  for (const dfsp of env.participants?.dfsps ?? []) {
    const name = dfspCertificateName(dfsp.id);
    new ApiObject(scope, `certificate-${name}`, {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name, namespace: GATEWAY_NAMESPACE, labels: { ...gatewayLabels(env, 'dfsp-client-certificate'), 'mojaloop.io/participant': dfsp.id } },
      spec: {
        secretName: `${name}-tls`,
        commonName: dfsp.id,
        uris: [`${DFSP_URI_PREFIX}${dfsp.id}`],
        usages: ['client auth', 'digital signature'],
        privateKey,
        ...lifetime,
        issuerRef,
      },
    });
  }
}
