// The check that every Secret a rendered object names is declared somewhere:
// by an ExternalSecret (Vault), a bootstrap or operator-generated requirement
// (charts/lib/secrets.ts), a kustomize secretGenerator of the layer, or a
// cert-manager Certificate. A Secret nothing declares would leave its
// consumer pending forever in the cluster; synth fails instead.
//
// References are read from the rendered objects, not from requireSecret
// calls, so a field written without requireSecret is caught too: pod
// templates (env secretKeyRef, envFrom secretRef, secret and projected
// volumes, imagePullSecrets, wherever a pod template is embedded), and the
// fields of the custom resources we render that name Secrets: Alertmanager
// secrets/configSecret, prometheus-operator SecretKeySelectors (basicAuth,
// authorization, tokenRef, TLS), Percona secretsName/secrets/passwordSecretRef/
// credentialsSecret, ingress TLS secretName, Flux secretRef, ESO caProvider.
import { CERT_MANAGER_NAMESPACE } from '../cluster-services/issuers';
import type { Manifest } from '../render';
import { originOf, type SecretRequirement } from './secrets';

export interface SecretReference {
  namespace: string;
  name: string;
  /** The key read, where the field names one. */
  key?: string;
  /** Where: the object and the field path. */
  object: string;
  field: string;
}

export interface DeclaredSecret {
  namespace: string;
  name: string;
  /** Keys it is known to hold; undefined when any key may be there (a generator's files, dataFrom). */
  keys?: readonly string[];
  by: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Fields whose value is a { name, key } selector of a Secret (prometheus-operator, Percona). */
const SELECTOR_FIELDS = new Set(['secretKeyRef', 'passwordSecretRef', 'tokenRef', 'bearerTokenSecret', 'clientSecret', 'keySecret']);
/** Fields whose value is a Secret's name. */
const NAME_FIELDS = new Set(['secretName', 'secretsName', 'credentialsSecret']);

/** Every Secret an object names, in its own namespace unless the field says otherwise. */
export function secretReferencesOf(m: Manifest): SecretReference[] {
  // An ExternalSecret's target is a declaration, not a reference.
  if (m.kind === 'ExternalSecret') return [];
  // A ClusterIssuer's Secrets live in cert-manager's cluster resource namespace
  // (its --cluster-resource-namespace, by default the namespace it runs in).
  const ns = m.kind === 'ClusterIssuer' ? CERT_MANAGER_NAMESPACE : (m.metadata.namespace ?? '');
  const object = `${m.kind} ${ns ? `${ns}/` : ''}${m.metadata.name}`;
  const refs: SecretReference[] = [];
  const add = (name: string | undefined, field: string, key?: string, namespace = ns) => {
    if (name) refs.push({ namespace, name, ...(key ? { key } : {}), object, field });
  };
  const spec = (m as { spec?: unknown }).spec;

  // The field path of what is being looked at, from spec: spelled out only for a reference (most objects have none).
  const path: Array<string | number> = [];
  const at = (...more: Array<string | number>) => ['spec', ...path, ...more].map((p, i) => (i === 0 ? p : typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) { path.push(i); walk(v[i]); path.pop(); }
      return;
    }
    if (!isObj(v)) return;
    for (const k of Object.keys(v)) {
      const x = v[k];
      // Most values are text and numbers: only a name field's text names a Secret, and nothing is below them.
      if (typeof x !== 'object' || x === null) {
        if (typeof x === 'string' && NAME_FIELDS.has(k) && m.kind !== 'Certificate') add(str(x), at(k));
        continue;
      }
      if (SELECTOR_FIELDS.has(k) && isObj(x)) add(str(x.name), at(k), str(x.key));
      else if (k === 'secretRef' && isObj(x)) add(str(x.name), at(k));
      else if (k === 'imagePullSecrets' && Array.isArray(x)) x.forEach((s, i) => add(isObj(s) ? str(s.name) : undefined, at(k, i)));
      // A volume's secret: { secretName } (handled below as a name field); a projected source's or a TLS CA's: { name, key }.
      else if (k === 'secret' && isObj(x) && !('secretName' in x)) add(str(x.name), at(k), str(x.key));
      else if (k === 'basicAuth' && isObj(x)) {
        for (const p of ['username', 'password']) if (isObj(x[p])) add(str((x[p] as Obj).name), at(k, p), str((x[p] as Obj).key));
      } else if (k === 'authorization' && isObj(x) && isObj(x.credentials)) add(str(x.credentials.name), at(k, 'credentials'), str(x.credentials.key));
      path.push(k);
      walk(x);
      path.pop();
    }
  };
  walk(spec);

  if (isObj(spec)) {
    if (m.kind === 'Alertmanager') {
      add(str(spec.configSecret), 'spec.configSecret');
      (Array.isArray(spec.secrets) ? spec.secrets : []).forEach((s, i) => add(str(s), `spec.secrets[${i}]`));
    }
    if (m.kind === 'PerconaServerMongoDB' && isObj(spec.secrets)) {
      for (const [k, s] of Object.entries(spec.secrets)) add(str(s), `spec.secrets.${k}`);
    }
    if ((m.kind === 'ClusterSecretStore' || m.kind === 'SecretStore') && isObj(spec.provider)) {
      for (const [provider, cfg] of Object.entries(spec.provider)) {
        const ca = isObj(cfg) ? cfg.caProvider : undefined;
        if (isObj(ca) && ca.type === 'Secret') add(str(ca.name), `spec.provider.${provider}.caProvider`, str(ca.key), str(ca.namespace) ?? ns);
      }
    }
  }
  const seen = new Set<string>();
  return refs.filter((r) => {
    const id = `${r.namespace}/${r.name}/${r.key ?? ''}/${r.field}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
}

/** What declares Secrets: requirements not from Vault, ExternalSecrets, layers' secretGenerators, Certificates. */
export function declaredSecrets(
  manifests: Manifest[],
  requirements: SecretRequirement[],
  generators: Array<{ name: string; namespace: string; files: readonly string[] }>,
): DeclaredSecret[] {
  const out: DeclaredSecret[] = [];
  // Vault's requirements count only through their ExternalSecret: a requirement without one is what this check is for.
  for (const r of requirements) if (originOf(r) !== 'vault') out.push({ namespace: r.namespace, name: r.name, keys: r.keys, by: originOf(r) === 'bootstrap' ? 'bootstrap (created by hand)' : `generated by ${r.generatedBy}` });
  for (const m of manifests) {
    const spec = (m as { spec?: Obj }).spec ?? {};
    if (m.kind === 'ExternalSecret') {
      const target = isObj(spec.target) ? spec.target : {};
      const data = Array.isArray(spec.data) ? spec.data : [];
      out.push({
        namespace: m.metadata.namespace ?? '',
        name: str(target.name) ?? m.metadata.name,
        ...(spec.dataFrom ? {} : { keys: data.map((d) => (isObj(d) ? String(d.secretKey) : '')) }),
        by: `ExternalSecret ${m.metadata.namespace}/${m.metadata.name}`,
      });
    }
    if (m.kind === 'Certificate' && str(spec.secretName)) {
      out.push({ namespace: m.metadata.namespace ?? '', name: String(spec.secretName), keys: ['ca.crt', 'tls.crt', 'tls.key'], by: `Certificate ${m.metadata.namespace}/${m.metadata.name}` });
    }
  }
  for (const g of generators) out.push({ namespace: g.namespace, name: g.name, keys: g.files.map((f) => f.split('/').pop()!), by: 'kustomize secretGenerator' });
  return out;
}

/** One message per reference to a Secret nothing declares, or to a key its declaration does not hold. */
export function undeclaredSecretReferences(references: SecretReference[], declared: DeclaredSecret[]): string[] {
  const byId = new Map(declared.map((d) => [`${d.namespace}/${d.name}`, d]));
  const issues: string[] = [];
  for (const r of references) {
    const d = byId.get(`${r.namespace}/${r.name}`);
    if (!d) {
      issues.push(`${r.object}: ${r.field} references Secret ${r.namespace}/${r.name}, which nothing declares (no ExternalSecret, no bootstrap or operator-generated requirement, no secretGenerator or Certificate); record it with requireSecret (charts/lib/secrets.ts)`);
    } else if (r.key && d.keys && !d.keys.includes(r.key)) {
      issues.push(`${r.object}: ${r.field} reads key ${r.key} of Secret ${r.namespace}/${r.name}, which holds only ${d.keys.join(', ')} (${d.by})`);
    }
  }
  return [...new Set(issues)];
}
