// The environment schema's validator kept in .cache/ajv/ is the one
// ajv.compile builds: same verdicts, same errors (with the parent schemas the
// messages read), and a schema change never reuses an old file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { listEnvironmentFiles } from '../charts/environment/load';
import { EnvironmentSchema } from '../charts/environment/schema';
import { cachedValidator, validatorCacheFile } from '../charts/environment/schema-validator';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ajv-cache-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const CORPUS = path.join(import.meta.dirname, 'fixtures', 'bad-env');
/** Parsed environment files, good and broken (those that are YAML mappings). */
const inputs: unknown[] = [
  ...listEnvironmentFiles().map((f) => parse(fs.readFileSync(f, 'utf8'))),
  ...fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).flatMap((f) => {
    try {
      return [parse(fs.readFileSync(path.join(CORPUS, f), 'utf8'), { uniqueKeys: false })];
    } catch {
      return [];
    }
  }),
].filter((v) => v && typeof v === 'object');

describe('the cached environment validator', () => {
  it('is written on first use and read back on the next', () => {
    const file = validatorCacheFile(EnvironmentSchema, dir);
    expect(fs.existsSync(file)).toBe(false);
    cachedValidator(EnvironmentSchema, dir);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([path.basename(file)]); // no temporary file left
  });

  it('gives the verdicts and errors ajv.compile gives, on the bundled environments and the bad-input corpus', () => {
    const fresh = new Ajv({ strict: true, allErrors: true, verbose: true }).compile(EnvironmentSchema);
    const cached = cachedValidator(EnvironmentSchema, dir);
    expect(inputs.length).toBeGreaterThan(40);
    let invalid = 0;
    for (const raw of inputs) {
      const ok = fresh(raw);
      expect(cached(raw)).toBe(ok);
      if (!ok) invalid++;
      // As JSON: TypeBox's symbol keys on the parent schemas are not kept in generated code, and no message reads them.
      expect(JSON.parse(JSON.stringify(cached.errors ?? null))).toEqual(JSON.parse(JSON.stringify(fresh.errors ?? null)));
    }
    expect(invalid).toBeGreaterThan(10);
  });

  it('a process that read the validator leaves its V8 code cache beside it, and the next one gives the same verdicts with it', () => {
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'ajv-code-cache-'));
    try {
      const load = `const { cachedValidator } = await import(${JSON.stringify(path.resolve(import.meta.dirname, '../charts/environment/schema-validator.ts'))}); const { EnvironmentSchema } = await import(${JSON.stringify(path.resolve(import.meta.dirname, '../charts/environment/schema.ts'))}); console.log(cachedValidator(EnvironmentSchema, ${JSON.stringify(own)})({}));`;
      const run = () => spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', load], { cwd: path.resolve(import.meta.dirname, '..'), encoding: 'utf8' });
      expect(run().stdout.trim()).toBe('false'); // writes the validator
      expect(run().stdout.trim()).toBe('false'); // reads it, writes its code cache at exit
      const file = validatorCacheFile(EnvironmentSchema, own);
      expect(fs.existsSync(`${file}.v8cache`)).toBe(true);
      const cache = fs.statSync(`${file}.v8cache`).mtimeMs;
      expect(run().stdout.trim()).toBe('false'); // uses it: not written again
      expect(fs.statSync(`${file}.v8cache`).mtimeMs).toBe(cache);
    } finally {
      fs.rmSync(own, { recursive: true, force: true });
    }
  }, 60_000);

  it('a changed schema gets a file of its own, so an old validator is never used for it', () => {
    const changed = { ...EnvironmentSchema, maxProperties: 1 };
    expect(validatorCacheFile(changed, dir)).not.toBe(validatorCacheFile(EnvironmentSchema, dir));
    const good = inputs[0];
    expect(cachedValidator(EnvironmentSchema, dir)(good)).toBe(true);
    expect(cachedValidator(changed, dir)(good)).toBe(false);
  });
});
