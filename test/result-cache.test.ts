// The cache of real programs' results (support/result-cache.ts) reuses a
// result only for the same program bytes, arguments, standard input and input
// files; any other byte runs the program. Checked with a shell script that
// counts its runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { filesOf, forgetProcessResults, resultKey, resultsDir, runCached } from './support/result-cache';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'result-cache-'));
const counter = path.join(dir, 'runs');
const program = path.join(dir, 'program.sh');
// Prints its arguments, standard input and the bytes of input.txt; counts its runs outside the inputs.
const script = (extra = '') => `#!/bin/sh\necho run >> ${counter}\necho "args: $*"\ncat\ncat input.txt\n${extra}exit 3\n`;
const work = path.join(dir, 'work');
const saved = process.env.MOJALOOP_GITOPS_CACHE;

const runs = () => (fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').split('\n').filter(Boolean).length : 0);
const call = (args = ['a'], stdin = '') => runCached(program, args, { cwd: work, inputs: filesOf(work), stdin });

beforeEach(() => {
  process.env.MOJALOOP_GITOPS_CACHE = path.join(dir, 'cache');
  fs.rmSync(path.join(dir, 'cache'), { recursive: true, force: true });
  fs.rmSync(counter, { force: true });
  fs.mkdirSync(work, { recursive: true });
  fs.writeFileSync(path.join(work, 'input.txt'), 'one\n');
  fs.writeFileSync(program, script(), { mode: 0o755 });
  forgetProcessResults();
});
afterAll(() => {
  if (saved === undefined) delete process.env.MOJALOOP_GITOPS_CACHE;
  else process.env.MOJALOOP_GITOPS_CACHE = saved;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('results of real programs, keyed by every byte they read', () => {
  it('the first run runs the program; the same run again, in this process or a later one, is the stored result', () => {
    const first = call();
    expect(first).toEqual({ status: 3, stdout: 'args: a\none\n', stderr: '', cached: false });
    expect(call()).toEqual({ ...first, cached: true });
    forgetProcessResults();
    expect(call()).toEqual({ ...first, cached: true });
    expect(runs()).toBe(1);
    expect(fs.readdirSync(path.join(resultsDir(), 'program.sh'))).toHaveLength(1);
  });

  it('another input byte, input file name, argument, standard input or program byte runs the program', () => {
    call();
    fs.writeFileSync(path.join(work, 'input.txt'), 'two\n');
    expect(call().stdout).toBe('args: a\ntwo\n');
    fs.writeFileSync(path.join(work, 'other.txt'), '');
    expect(call().cached).toBe(false);
    expect(call(['b']).stdout).toBe('args: b\ntwo\n');
    expect(call(['b'], 'in\n').stdout).toBe('args: b\nin\ntwo\n');
    fs.writeFileSync(program, script('echo rebuilt\n'), { mode: 0o755 });
    expect(call(['b'], 'in\n').stdout).toBe('args: b\nin\ntwo\nrebuilt\n');
    expect(runs()).toBe(6);
  });

  it('MOJALOOP_TEST_RESULTS=fresh runs the program even when an earlier run stored the result', () => {
    call();
    forgetProcessResults();
    process.env.MOJALOOP_TEST_RESULTS = 'fresh';
    try {
      expect(call().cached).toBe(false);
    } finally {
      delete process.env.MOJALOOP_TEST_RESULTS;
    }
    expect(runs()).toBe(2);
  });

  it('the key changes with each part of it, and only with them', () => {
    const inputs: Array<[string, string]> = [['input.txt', 'one\n']];
    const key = resultKey(program, ['a'], inputs);
    expect(resultKey(program, ['a'], [['input.txt', 'one\n']])).toBe(key);
    expect(new Set([
      key,
      resultKey(program, ['a'], [['input.txt', 'one!']]),
      resultKey(program, ['a'], [['other.txt', 'one\n']]),
      resultKey(program, ['a', ''], inputs),
      resultKey(program, ['a'], inputs, 'x'),
      resultKey(program, ['a'], [...inputs, ['empty.txt', '']]),
      resultKey('/bin/sh', ['a'], inputs),
    ]).size).toBe(7);
  });
});
