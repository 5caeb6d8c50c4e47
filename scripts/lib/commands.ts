// What each command accepts and how it exits: the source of its --help and of
// the README's command table (a test keeps the two in step).
import type { CommandSpec } from './cli';

export const SYNTH: CommandSpec = {
  name: 'synth',
  summary: 'Render every environment of environments/ into dist/<env>/ (or the ones named by --env).',
  details: [
    'Checks each environment file (schema, rules, capacity of every pool) and fails with file:line errors.',
    'Atomic: nothing is written unless every requested environment renders. Folders of deleted environments are removed.',
  ],
  flags: {
    env: { kind: 'list', value: '<env>', help: 'render only this environment' },
    json: { kind: 'boolean', help: 'print a JSON summary on stdout: {rendered, written, unchanged, removed, errors, ms}' },
  },
  exits: { ok: 'rendered (dist/ written or already up to date)', failed: 'an environment has errors; dist/ unchanged', usage: 'bad command line or unknown environment' },
  examples: ['npm run synth', 'npm run synth -- --env prod --env staging', 'npm run synth -- --json'],
};

export const CHECK: CommandSpec = {
  name: 'check',
  summary: 'Fail, naming each file, when dist/ differs from what the sources render (a hand edit, a deleted file, a forgotten re-synth).',
  details: ['Renders every environment in memory (with all of synth\'s checks) and compares; writes nothing. Part of npm test.'],
  flags: {
    json: { kind: 'boolean', help: 'print a JSON report on stdout: {ok, files, drift: [{file, problem}], errors, ms}' },
  },
  exits: { ok: 'dist/ is up to date', failed: 'dist/ is stale, or an environment has errors', usage: 'bad command line' },
  examples: ['npm run check', 'npm run check -- --json'],
};

export const DIFF: CommandSpec = {
  name: 'diff',
  summary: 'The rendered diff against the merge base with main: objects added, changed or removed per environment and layer, destructive changes flagged.',
  details: [
    'First renders the sources in memory: if dist/ differs from them it stops with "dist/ is stale: run npm run synth".',
    'With --repo, the other checkout\'s dist/ is compared as it is (run npm run check there).',
  ],
  flags: {
    base: { kind: 'string', value: '<git-ref>', help: 'compare against this commit instead of the merge base with main' },
    env: { kind: 'list', value: '<env>', help: 'only this environment' },
    format: { kind: 'string', value: '<format>', help: 'output format', choices: ['text', 'markdown', 'json'] },
    json: { kind: 'boolean', help: 'same as --format json' },
    output: { kind: 'string', value: '<file>', help: 'also write the output to this file' },
    repo: { kind: 'string', value: '<dir>', help: 'diff another checkout' },
  },
  exits: {
    ok: 'no changes, or only safe ones',
    failed: 'dist/ is stale, an environment has errors, or git failed',
    usage: 'bad command line, unknown environment or base',
    destructive: 'destructive changes present (a reviewer must approve them)',
  },
  examples: ['npm run diff', 'npm run diff -- --env prod --format markdown --output diff.md', 'npm run diff -- --base origin/main --json'],
};

export const VALIDATE: CommandSpec = {
  name: 'validate',
  summary: 'Check every object in dist/ against the Kubernetes schema (kubernetes-models) and the CRD schemas in imports/schemas/.',
  details: ['A kind with no schema is an error, and so is an unknown field in a custom resource. Part of npm test.'],
  flags: {
    dist: { kind: 'string', value: '<dir>', help: 'validate another rendered tree instead of dist/' },
    json: { kind: 'boolean', help: 'print a JSON report on stdout: {ok, objects, kinds, issues, ms}' },
  },
  exits: { ok: 'every object is valid', failed: 'an object is invalid (or dist/ cannot be read)', usage: 'bad command line' },
  examples: ['npm run validate', 'npm run validate -- --dist /tmp/other-dist --json'],
};

export const WHERE: CommandSpec = {
  name: 'where',
  summary: 'What runs on a node or a pool, with requests against capacity, read from the rendered dist/ (node sizes from the environment file).',
  positional: { name: '<node|pool>', help: 'a node name (prod-handlers-1) or a pool (CORE-HANDLERS)', required: true },
  flags: {
    env: { kind: 'string', value: '<env>', help: 'only this environment (default: every environment that has it)' },
    json: { kind: 'boolean', help: 'print the report as JSON' },
  },
  exits: { ok: 'printed', failed: 'no such node or pool in dist/', usage: 'bad command line or unknown environment' },
  examples: ['npm run where -- prod-handlers-1', 'npm run where -- CORE-HANDLERS --env prod'],
};

export const PROMOTE: CommandSpec = {
  name: 'promote',
  summary: 'Copy the image versions, and only them, that one environment runs (its rendered dist/) into another environment\'s file, render it, and show the diff.',
  details: ['Refuses when the target would get a version the source never ran (a tag in the source file that dist/ of the source does not run yet).'],
  flags: {
    from: { kind: 'string', value: '<env>', help: 'the environment whose versions are promoted, e.g. staging' },
    to: { kind: 'string', value: '<env>', help: 'the environment that gets them, e.g. prod' },
    image: { kind: 'list', value: '<image>', help: 'only this image (docker.io/mojaloop/<image>)' },
    'dry-run': { kind: 'boolean', help: 'show what would change; write nothing' },
  },
  exits: { ok: 'promoted (or nothing to promote)', failed: 'refused, or the target does not render', usage: 'bad command line or unknown environment' },
  examples: ['npm run promote -- --from staging --to prod', 'npm run promote -- --from test --to staging --image central-ledger --dry-run'],
};

export const DASHBOARDS_CMD: CommandSpec = {
  name: 'dashboards',
  summary: 'Rebuild the switch dashboards\' JSON (monitoring/mojaloop/dashboards/generated/) after a change under monitoring/mojaloop/dashboards/.',
  flags: {},
  exits: { ok: 'written', usage: 'bad command line' },
};

export const BENCH: CommandSpec = {
  name: 'bench',
  summary: 'Wall-clock medians of synth (warm, after an edit, cold), cdk8s synth, check, diff and validate on a scratch copy, and synth of generated environments, with the load average; says whether the speed targets are met. A script, not a test.',
  details: ['Targets: synth of the bundled environments <= 0.8 s (median), check <= synth + 10 %, npm test <= 90 s (--with-test).'],
  flags: {
    runs: { kind: 'string', value: '<n>', help: 'runs per measurement (at least 5)' },
    scale: { kind: 'list', value: '<n>', help: 'also synthesise n generated environments (default 10 and 50; 0: none)' },
    'with-test': { kind: 'boolean', help: 'also time one run of npm test in this checkout' },
  },
  exits: { ok: 'measured', failed: 'a measured command failed', usage: 'bad command line' },
};

export const IMPORT: CommandSpec = {
  name: 'import',
  summary: 'Regenerate imports/ (CRD bindings and schemas) from the CRDs pinned in cdk8s.yaml, taken from the package registries as e2e takes them.',
  flags: {
    from: { kind: 'string', value: '<dir>', help: 'read the pinned files from a local copy instead' },
    url: { kind: 'boolean', help: 'fetch each pinned raw GitHub URL instead (needs that network)' },
    'schemas-only': { kind: 'boolean', help: 'regenerate only imports/schemas/' },
  },
  exits: { ok: 'regenerated', failed: 'a CRD could not be read or converted', usage: 'bad command line' },
};

export const COMMANDS: readonly CommandSpec[] = [SYNTH, CHECK, DIFF, VALIDATE, WHERE, PROMOTE, DASHBOARDS_CMD, BENCH, IMPORT];
