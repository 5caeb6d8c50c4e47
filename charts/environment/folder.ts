// The environments/ folder as a whole: which files are environments, and what
// must differ between them. A file that is not `<name>.yaml` would otherwise
// be skipped without a word; a copied environment that keeps another's
// cluster name, node names or API endpoint would collide in monitoring (the
// `cluster` label), in DNS and in the node inventory.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Environment } from './environment';
import type { EnvironmentIssue, FieldPath } from './errors';
import { locatedIssues } from './load';

/** Environment names become dist/<name>/, label values and DNS names: a DNS label, short enough to prefix. */
export const ENV_NAME = /^[a-z]([-a-z0-9]{0,30}[a-z0-9])?$/;
/** Files of environments/ that are not environments. */
const NOT_ENVIRONMENTS = new Set(['environment.schema.json']);

export interface EnvironmentFolder { files: string[]; issues: EnvironmentIssue[] }

/** The environment files of a folder, sorted, and a problem for every other file in it. */
export function scanEnvironmentFolder(dir: string, display = path.relative(process.cwd(), dir) || dir): EnvironmentFolder {
  const files: string[] = [];
  const issues: EnvironmentIssue[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const f = entry.name;
    if (f.startsWith('.') || NOT_ENVIRONMENTS.has(f)) continue; // editor and system files
    const file = path.join(display, f);
    const issue = (message: string) => issues.push({ file, path: [], message });
    if (!entry.isFile()) issue('not an environment file: environments/ holds only <name>.yaml files');
    else if (/\.yml$/i.test(f) || /\.yaml$/i.test(f) && !f.endsWith('.yaml')) issue(`environment files end in ".yaml"; rename it to ${f.replace(/\.ya?ml$/i, '.yaml')}`);
    else if (!f.endsWith('.yaml')) issue('not an environment file: environments/ holds only <name>.yaml files (and environment.schema.json)');
    else if (!ENV_NAME.test(f.slice(0, -5))) {
      issue(`"${f.slice(0, -5)}" is not a valid environment name: expected lowercase letters, digits and "-", starting with a letter, at most 32 characters (it becomes dist/<name>/ and the environment label)${/[A-Z_]/.test(f) ? `, e.g. ${f.slice(0, -5).toLowerCase().replace(/_/g, '-')}.yaml` : ''}`);
    } else files.push(path.join(dir, f));
  }
  return { files, issues };
}

/** Values that must be unique across environments, with where they are in each file. */
function identities(env: Environment): Array<{ what: string; value: string; path: FieldPath }> {
  return [
    { what: 'cluster name', value: env.cluster.name, path: ['cluster', 'name'] },
    ...(env.kairos.apiEndpoint ? [{ what: 'API endpoint', value: env.kairos.apiEndpoint, path: ['kairos', 'apiEndpoint'] }] : []),
    ...env.topology.groups.flatMap((g) => g.nodes.map((n, i) => ({ what: 'node name', value: n.name, path: [...g.path, 'nodes', i, 'name'] }))),
  ];
}

/** Cluster names, API endpoints and node names used by more than one environment: an issue in each. */
export function crossEnvironmentIssues(envs: Environment[]): EnvironmentIssue[] {
  const owners = new Map<string, Environment[]>();
  for (const env of envs) {
    for (const id of identities(env)) {
      const key = `${id.what}\0${id.value}`;
      const list = owners.get(key) ?? [];
      if (!list.includes(env)) list.push(env);
      owners.set(key, list);
    }
  }
  const issues: EnvironmentIssue[] = [];
  for (const env of envs) {
    const own = identities(env).map((id) => ({ id, others: owners.get(`${id.what}\0${id.value}`)!.filter((e) => e !== env) })).filter((x) => x.others.length > 0);
    issues.push(...locatedIssues(env, own.map(({ id, others }) => ({
      path: id.path,
      message: `${id.what} "${id.value}" is also used by ${others.map((o) => o.file).join(', ')}; expected a ${id.what} of its own (a copied environment keeps the original's: change it)`,
    }))));
  }
  return issues;
}
