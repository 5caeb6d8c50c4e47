// The rendered Alloy config: read by Alloy's own parser, its Mojaloop stages
// run on lines the real logger library writes (every level, with and without
// context, a stack trace), and no line lost (new files read from the start,
// positions on a path every Kairos node persists). Each defect found in review
// is put back into a scratch dist/ and must fail with a message saying why.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENV_NAMES, environment } from './support/bundled';
import { alloyConfigFile, checkNoLinesLost, checkPipeline, mojaloopLogLines, parseAlloy } from './support/alloy';
import { BUILD_TIMEOUT, goToolsBin } from './support/go-tools';
import { DIST, editConfigMapData, editYaml, scratchDist } from './support/scratch-dist';

beforeAll(() => { goToolsBin('configcheck'); mojaloopLogLines(); }, BUILD_TIMEOUT);

describe('the real Mojaloop log lines', () => {
  it('colour the level and carry context only when given (what the pipeline must handle)', () => {
    const lines = mojaloopLogLines();
    expect(lines.some((l) => /^\S+Z - \x1b\[3\dminfo\x1b\[39m: plain info message$/.test(l))).toBe(true);
    expect(lines.some((l) => /^\S+Z - \x1b\[3\dminfo\x1b\[39m: context info message -\t\{"context":"CL",/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('    at '))).toBe(true);
    expect(lines.some((l) => /^\S+Z - \x1b\[3\dminfo\x1b\[39m: pretty context message -\t\{$/.test(l))).toBe(true);
  });
});

describe.each(ENV_NAMES)('Alloy config of %s', (name) => {
  const env = environment(name);
  const envDir = path.join(DIST, name);

  it("parses with Alloy's own parser", () => {
    expect(parseAlloy(alloyConfigFile(envDir)).error).toBeUndefined();
  });

  it('parses every Mojaloop record: plain level, msg, context as structured metadata, the line\'s own timestamp', () => {
    expect(checkPipeline(envDir, env.namespaces.mojaloop.name)).toEqual([]);
  });

  it('loses no line: new files from the start, positions persisted on every node', () => {
    expect(checkNoLinesLost(envDir)).toEqual([]);
  });
});

describe('Alloy defects put back into a scratch dist/', () => {
  const name = 'prod';
  const env = environment(name);
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = () => path.join(dir, 'monitoring-core/configmap-alloy.yaml');

  it("a syntax error is reported by Alloy's parser with file, line and column", () => {
    dir = scratchDist(name);
    editConfigMapData(config(), 'config.alloy', (t) => t.replace(/^(\s*tail_from_end =) false$/m, '$1'));
    expect(parseAlloy(alloyConfigFile(dir)).error).toMatch(/config\.alloy:\d+:\d+: expected expression/);
  });

  it('the former regex: colour codes in the level label, lines without context unparsed', () => {
    dir = scratchDist(name);
    editConfigMapData(config(), 'config.alloy', (t) => t
      .replace(/    stage\.multiline \{\n(?:.*\n)*?    \}\n/, '')
      .replace(/    stage\.regex \{\n      source(?:.*\n)*?    \}\n/, '')
      .replace(/expression = ".*"/, String.raw`expression = "^(?P<time>\\S+Z) - (?P<level>[^:]+): (?P<msg>.*) -\\t(?P<context>.*)$"`));
    const edited = fs.readFileSync(alloyConfigFile(dir), 'utf8');
    expect(edited).not.toContain('stage.multiline');
    expect(edited).not.toContain('source     = "msg"');
    const problems = checkPipeline(dir, env.namespaces.mojaloop.name).join('\n');
    expect(problems).toContain(String.raw`"info: context info message": level label "\u001b[32minfo\u001b[39m", expected "info"`);
    expect(problems).toContain('"info: plain info message": no level label (the line did not match the pipeline\'s regex)');
    expect(problems).toContain('continuation lines (stack traces) must join their record');
  });

  it('tail_from_end = true', () => {
    dir = scratchDist(name);
    editConfigMapData(config(), 'config.alloy', (t) => t.replace(/^(\s*tail_from_end =) false$/m, '$1 true'));
    expect(checkNoLinesLost(dir).join('\n')).toMatch(/config\.alloy:\d+: loki\.source\.file "pods": tail_from_end = true starts every newly found file at its end/);
  });

  it('positions on a path Kairos does not persist', () => {
    dir = scratchDist(name);
    for (const f of fs.readdirSync(path.join(dir, 'kairos')).filter((n) => !n.startsWith('auroraboot-'))) {
      editYaml(path.join(dir, 'kairos', f), (d) => { delete d.install.bind_mounts; });
    }
    const problems = checkNoLinesLost(dir);
    expect(problems).toHaveLength(environment(name).topology.nodes.length);
    expect(problems[0]).toMatch(/^kairos\/prod-\S+\.yaml: Alloy's positions \(\/var\/lib\/alloy\/data\) are neither in a Kairos persistent path nor in install\.bind_mounts: lost at every reboot$/);
  });
});
