// The Secrets sections of dist/<env>/README.md: the few created by hand (the
// bootstrap: git credentials, and Vault's own init and unseal), what Vault must
// hold for the ExternalSecrets, and what the operators generate. Each item with
// the command that does it; values are placeholders in quotes.
import type { Environment } from '../environment/environment';
import { originOf, type SecretRequirement } from '../lib/secrets';
import { REFRESH_INTERVAL, vaultKeyOf } from './external-secrets';
import { ESO_SERVICE_ACCOUNT, ESO_TOKEN_AUDIENCE, ESO_VAULT_ROLE, kvMount, SECRET_STORE, VAULT_AUTH_MOUNT, VAULT_NAMESPACE } from './secret-store';

export const BOOTSTRAP_HEADING = '## Secrets to create by hand';
export const VAULT_HEADING = '## Secrets Vault must hold';
export const GENERATED_HEADING = '## Secrets the operators generate';

/** Keys whose value is a file (certificates, keys, known_hosts), not a literal. */
const FILE_KEYS = new Set(['ca.crt', 'tls.crt', 'tls.key', 'identity', 'known_hosts', 'sshPrivateKey']);

/** The command that creates a bootstrap Secret by hand. */
export function createCommands(s: SecretRequirement): string[] {
  if (s.commands) return s.commands;
  const sources = s.keys.map((k) => (FILE_KEYS.has(k) ? `--from-file=${k}='<path/to/${k}>'` : `--from-literal=${k}='<${k}>'`));
  return [`kubectl -n ${s.namespace} create secret generic ${s.name} ${sources.join(' ')}`];
}

const VAULT_POD = 'vault-0';
const inVault = (cmd: string, tty = false) => `kubectl -n ${VAULT_NAMESPACE} exec ${tty ? '-it' : '-i'} ${VAULT_POD} -- ${cmd}`;

/** Vault's own bootstrap: init, unseal every member, then what ESO needs (auth method, KV mount, policy, role). */
export function vaultBootstrapCommands(env: Environment): string[] {
  const mount = kvMount(env);
  return [
    `${inVault('vault operator init')}   # prints 5 unseal keys (any 3 unseal) and the root token; keep them offline, split among key holders`,
    `for pod in $(kubectl -n ${VAULT_NAMESPACE} get pods -l app.kubernetes.io/name=vault,component=server -o name); do`,
    `  for key in 1 2 3; do kubectl -n ${VAULT_NAMESPACE} exec -it "\${pod#pod/}" -- vault operator unseal; done   # three different keys, typed in`,
    'done',
    `${inVault('vault login', true)}   # the root token, for the configuration below only`,
    inVault(`vault auth enable -path=${VAULT_AUTH_MOUNT} kubernetes`),
    // In-cluster Vault reviews tokens with its own ServiceAccount (vault-helm server.authDelegator, on by default).
    inVault(`vault write auth/${VAULT_AUTH_MOUNT}/config kubernetes_host=https://kubernetes.default.svc:443`),
    inVault(`vault secrets enable -path=${mount} -version=2 kv`),
    `printf 'path "${mount}/data/*" {\\n  capabilities = ["read"]\\n}\\n' | ${inVault(`vault policy write ${ESO_VAULT_ROLE} -`)}`,
    inVault(`vault write auth/${VAULT_AUTH_MOUNT}/role/${ESO_VAULT_ROLE} bound_service_account_names=${ESO_SERVICE_ACCOUNT.name} bound_service_account_namespaces=${ESO_SERVICE_ACCOUNT.namespace} audience=${ESO_TOKEN_AUDIENCE} token_policies=${ESO_VAULT_ROLE} token_ttl=1h`),
  ];
}

export function vaultPutCommand(env: Environment, s: SecretRequirement): string {
  // Files are read on this machine (the shell expands $(cat ...) before kubectl runs); `@file` would be read inside the pod.
  const value = (k: string) => (FILE_KEYS.has(k) ? `${k}="$(cat '<path/to/${k}>')"` : `${k}='<${k}>'`);
  return inVault(`vault kv put -mount=${kvMount(env)} ${vaultKeyOf(s)} ${s.keys.map(value).join(' ')}`, true);
}

const keys = (s: SecretRequirement) => s.keys.map((k) => `\`${k}\``).join(', ');
const cell = (t: string) => t.replace(/\|/g, '\\|');

export function secretsReadme(env: Environment, secrets: SecretRequirement[]): string[] {
  const bootstrap = secrets.filter((s) => originOf(s) === 'bootstrap');
  const vault = secrets.filter((s) => originOf(s) === 'vault');
  const generated = secrets.filter((s) => originOf(s) === 'operator');
  const mount = kvMount(env);
  const lines: string[] = [];

  lines.push(BOOTSTRAP_HEADING, '');
  lines.push(
    'No Secret value lives in git. Only the bootstrap is created by hand: what the sync tool needs before anything is synced, and Vault\'s own keys. Every other Secret comes from Vault or from an operator (below).',
    'Nothing else is needed before Vault: its TLS certificate comes from cert-manager (cluster CA), External Secrets authenticates to it with its ServiceAccount token, and its unseal keys are not Kubernetes Secrets.', '',
  );
  if (bootstrap.length) {
    lines.push('Before the first sync:', '');
    lines.push('| namespace | Secret | keys | purpose | why by hand |', '|---|---|---|---|---|');
    for (const s of bootstrap) lines.push(`| ${s.namespace} | \`${s.name}\` | ${keys(s)} | ${cell(s.purpose)} | ${cell(s.bootstrap!)} |`);
    lines.push('', '```sh', ...bootstrap.flatMap(createCommands), '```', '');
  } else {
    lines.push('Before the first sync: none (the repository is public and served by a publicly trusted certificate).', '');
  }
  lines.push(
    `Once the first sync has started Vault (namespace \`${VAULT_NAMESPACE}\`; \`cluster-services\` and the layers after it wait until then): initialise it, unseal every member (each restart seals a member again), and give External Secrets Operator its read access.`,
    'The other members join the raft cluster through the server configuration and are unsealed with the same keys.', '',
    '```sh', ...vaultBootstrapCommands(env), '```', '',
  );

  lines.push(VAULT_HEADING, '');
  if (!vault.length) lines.push('None.', '');
  else {
    lines.push(
      `External Secrets Operator creates each of these Secrets from Vault (ClusterSecretStore \`${SECRET_STORE}\`, KV v2 mount \`${mount}\`, re-read every ${REFRESH_INTERVAL}); the ExternalSecrets are in \`cluster-services/\`. A layer whose Secret is missing in Vault waits.`, '',
      `| Vault key (mount \`${mount}\`) | keys | Secret | purpose |`, '|---|---|---|---|',
    );
    for (const s of vault) lines.push(`| \`${vaultKeyOf(s)}\` | ${keys(s)} | ${s.namespace}/\`${s.name}\`${s.type ? ` (${s.type})` : ''} | ${cell(s.purpose)} |`);
    lines.push('', 'Logged in as above (or with any token that may write the mount):', '', '```sh', ...vault.map((s) => vaultPutCommand(env, s)), `kubectl -n ${VAULT_NAMESPACE} exec ${VAULT_POD} -- rm /home/vault/.vault-token   # done: the token leaves the pod`, '```', '');
  }

  lines.push(GENERATED_HEADING, '');
  if (!generated.length) lines.push('None.', '');
  else {
    lines.push('Neither by hand nor from Vault: the operator creates each when it is absent (and adds keys it misses, which an ExternalSecret would overwrite). Copy those marked below into Vault once they exist: a restore into a new cluster needs them as they were.', '');
    lines.push('| namespace | Secret | keys read | generated by | copy in Vault |', '|---|---|---|---|---|');
    for (const s of generated) lines.push(`| ${s.namespace} | \`${s.name}\` | ${keys(s)} | ${s.generatedBy} | ${s.copyToVault ? `\`operator-generated/${vaultKeyOf(s)}\` (${cell(s.copyToVault)})` : 'no'} |`);
    const copies = generated.filter((s) => s.copyToVault);
    if (copies.length) {
      lines.push('', '```sh', `${inVault('vault login', true)}   # a token that may write the mount`);
      for (const s of copies) lines.push(`kubectl -n ${s.namespace} get secret ${s.name} -o json | jq '.data | map_values(@base64d)' | ${inVault(`vault kv put -mount=${mount} operator-generated/${vaultKeyOf(s)} -`)}`);
      lines.push(`kubectl -n ${VAULT_NAMESPACE} exec ${VAULT_POD} -- rm /home/vault/.vault-token`, '```', '');
    } else lines.push('');
  }
  return lines;
}
