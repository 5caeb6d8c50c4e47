// The environment schema's validator kept in .cache/ajv/ is the one
// ajv.compile builds: same verdicts, same errors (with the parent schemas the
// messages read), and a schema change never reuses an old file.
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

  it('a changed schema gets a file of its own, so an old validator is never used for it', () => {
    const changed = { ...EnvironmentSchema, maxProperties: 1 };
    expect(validatorCacheFile(changed, dir)).not.toBe(validatorCacheFile(EnvironmentSchema, dir));
    const good = inputs[0];
    expect(cachedValidator(EnvironmentSchema, dir)(good)).toBe(true);
    expect(cachedValidator(changed, dir)(good)).toBe(false);
  });
});
