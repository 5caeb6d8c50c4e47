// The cluster CA and the issuer everything else asks for certificates: a
// self-signed ClusterIssuer signs one long-lived CA Certificate (its key never
// leaves the cert-manager namespace), and the CA ClusterIssuer
// `mojaloop-cluster-ca` signs the FSPIOP gateway's server certificate, the
// DFSP client certificates and internal mTLS from it. A CA issuer reads its
// Secret from cert-manager's cluster resource namespace, which is the
// namespace cert-manager runs in (chart value clusterResourceNamespace unset).
import type { Construct } from 'constructs';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy, CertificateSpecUsages } from '../../imports/certificate-cert-manager.io';
import { ClusterIssuer } from '../../imports/clusterissuer-cert-manager.io';
import { protectFromPrune } from '../lib/prune';

/** The ClusterIssuer of the cluster CA: what other code names in issuerRef. */
export const CLUSTER_CA_ISSUER = 'mojaloop-cluster-ca';
/** Bootstraps the CA only: nothing else is issued by it. */
export const SELF_SIGNED_ISSUER = 'mojaloop-selfsigned';
export const CERT_MANAGER_NAMESPACE = 'cert-manager';
/** The Secret that holds the CA's key and certificate (in CERT_MANAGER_NAMESPACE). */
export const CLUSTER_CA_SECRET = 'mojaloop-cluster-ca';

/** Ten years; renewed a year ahead. A new CA key is a re-trust of every client, so it is rare by design. */
const CA_DURATION = '87600h';
const CA_RENEW_BEFORE = '8760h';

export function clusterCa(scope: Construct, labels: Record<string, string>): void {
  new ClusterIssuer(scope, 'selfsigned-issuer', {
    metadata: { name: SELF_SIGNED_ISSUER, labels },
    spec: { selfSigned: {} },
  });
  // The CA's key pair is data: pruning this Certificate would let cert-manager's
  // garbage collection take its Secret (and the trust of every issued certificate).
  protectFromPrune(new Certificate(scope, 'cluster-ca', {
    metadata: { name: CLUSTER_CA_SECRET, namespace: CERT_MANAGER_NAMESPACE, labels },
    spec: {
      isCa: true,
      commonName: 'Mojaloop cluster CA',
      secretName: CLUSTER_CA_SECRET,
      duration: CA_DURATION,
      renewBefore: CA_RENEW_BEFORE,
      privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 384, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.NEVER },
      usages: [CertificateSpecUsages.CERT_SIGN, CertificateSpecUsages.CRL_SIGN, CertificateSpecUsages.DIGITAL_SIGNATURE],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: SELF_SIGNED_ISSUER },
    },
  }));
  new ClusterIssuer(scope, 'cluster-ca-issuer', {
    metadata: { name: CLUSTER_CA_ISSUER, labels },
    spec: { ca: { secretName: CLUSTER_CA_SECRET } },
  });
}

export interface CertificateRequest {
  name: string;
  namespace: string;
  /** The Secret cert-manager writes (tls.crt, tls.key, ca.crt). */
  secretName: string;
  /** server: TLS server auth; client: TLS client auth (a DFSP); mtls: both (a peer of internal mTLS). */
  use: 'server' | 'client' | 'mtls';
  dnsNames?: string[];
  ipAddresses?: string[];
  commonName?: string;
  labels?: Record<string, string>;
}

const USAGES: Record<CertificateRequest['use'], CertificateSpecUsages[]> = {
  server: [CertificateSpecUsages.SERVER_AUTH],
  client: [CertificateSpecUsages.CLIENT_AUTH],
  mtls: [CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.CLIENT_AUTH],
};

/**
 * A certificate from the cluster CA: ECDSA P-256, 90 days, renewed a third
 * before expiry, a new key at each renewal.
 */
export function clusterCertificate(scope: Construct, req: CertificateRequest): Certificate {
  if (req.use !== 'client' && !req.dnsNames?.length && !req.ipAddresses?.length) {
    throw new Error(`certificate ${req.namespace}/${req.name}: a ${req.use} certificate needs dnsNames or ipAddresses`);
  }
  return new Certificate(scope, `certificate-${req.namespace}-${req.name}`, {
    metadata: { name: req.name, namespace: req.namespace, labels: req.labels },
    spec: {
      secretName: req.secretName,
      ...(req.commonName ? { commonName: req.commonName } : {}),
      ...(req.dnsNames?.length ? { dnsNames: req.dnsNames } : {}),
      ...(req.ipAddresses?.length ? { ipAddresses: req.ipAddresses } : {}),
      duration: '2160h',
      renewBefore: '720h',
      privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
      usages: [CertificateSpecUsages.DIGITAL_SIGNATURE, ...USAGES[req.use]],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: CLUSTER_CA_ISSUER },
    },
  });
}
