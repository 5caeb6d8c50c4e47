// Private CA trust: the CA bundle that signs internal HTTPS endpoints (object
// storage, remote write, SMTP and webhooks, the provisioning server, the
// registry mirror). A CA certificate is public, so the PEM lives here; it is
// rendered as a ConfigMap into every namespace whose clients need it and into
// every node's trust store.
import { Type, type Static } from '@sinclair/typebox';
import { DnsLabel, Strict } from '../types';

export const TrustSchema = Strict({
  caBundle: Strict({
    configMap: Type.Optional(DnsLabel('ConfigMap the bundle is rendered into (one per namespace that uses it); default internal-ca-bundle.')),
    key: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]+$', description: 'Key of the bundle in the ConfigMap; default ca.crt.' })),
    pem: Type.String({
      pattern: '^(-----BEGIN CERTIFICATE-----\\n[A-Za-z0-9+/=\\n]+-----END CERTIFICATE-----\\n?)+$',
      title: 'one or more PEM certificates ("-----BEGIN CERTIFICATE-----" ... "-----END CERTIFICATE-----"), written as a YAML block (|)',
      description: 'The CA certificates (public): never a private key.',
    }),
  }, 'CA bundle trusted by every internal HTTPS client we render.'),
}, 'Trust of internal certificate authorities.');

export type TrustFile = Static<typeof TrustSchema>;
export interface CaBundle { configMap: string; key: string; pem: string }
export interface TrustConfig { caBundle?: CaBundle }

export function resolveTrust(file: TrustFile | undefined): TrustConfig {
  const b = file?.caBundle;
  if (!b) return {};
  return { caBundle: { configMap: b.configMap ?? 'internal-ca-bundle', key: b.key ?? 'ca.crt', pem: b.pem.endsWith('\n') ? b.pem : `${b.pem}\n` } };
}

/** Where clients read the bundle: the ConfigMap mounted at this directory. */
export const CA_DIR = '/etc/ssl/internal-ca';
export const caFile = (b: CaBundle) => `${CA_DIR}/${b.key}`;
