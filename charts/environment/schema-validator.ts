// The environment file's JSON schema as an ajv validator (strict, all errors,
// verbose: the messages read parentSchema titles and the data).
//
// Why a cache: ajv.compile turns the schema into code, and for this schema that
// costs about 0.3 s of CPU, more than rendering an environment. ajv's
// standalone output is that same generated function as source, so it is kept
// in .cache/ajv/ (git-ignored) under a hash of the schema, ajv's version and
// the options, and later runs evaluate it instead of compiling.
// Compiled only on first use: a render worker, which gets environments that
// were already checked, never pays for it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { runWithCodeCache } from '../lib/code-cache.mjs';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import ajvPackage from 'ajv/package.json';
import standaloneCode from 'ajv/dist/standalone';
import { EnvironmentSchema, type EnvironmentFile } from './schema';

const OPTIONS: Options = { strict: true, allErrors: true, verbose: true };
const CACHE = path.resolve(import.meta.dirname, '../../.cache/ajv');
const require = createRequire(import.meta.url);

/** The cache file for a schema: a new schema, ajv version or option set gets a new file. */
export function validatorCacheFile(schema: object, dir = CACHE): string {
  const key = createHash('sha256').update(JSON.stringify([ajvPackage.version, OPTIONS, schema])).digest('hex').slice(0, 16);
  return path.join(dir, `environment-${key}.cjs`);
}

/** A validator for `schema`, from the cache when one was generated for it before. */
export function cachedValidator<T>(schema: object, dir = CACHE): ValidateFunction<T> {
  const file = validatorCacheFile(schema, dir);
  if (fs.existsSync(file)) {
    // Evaluated with this module's require: the code asks for ajv's runtime helpers (ajv/dist/runtime/*).
    const module = { exports: {} as ValidateFunction<T> };
    (compiledWithCache(file) as (r: NodeRequire, m: typeof module, e: unknown) => void)(require, module, module.exports);
    return module.exports;
  }
  const ajv = new Ajv({ ...OPTIONS, code: { source: true } });
  const validate = ajv.compile<T>(schema);
  try {
    fs.mkdirSync(dir, { recursive: true });
    // Beside the target, then renamed: a concurrent reader never sees half a file.
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.writeFileSync(tmp, standaloneCode(ajv, validate));
    fs.renameSync(tmp, file);
  } catch {
    // A read-only checkout: compile every time.
  }
  return validate;
}

/**
 * The cached validator's code as a function of (require, module, exports),
 * with a V8 code cache (charts/lib/code-cache.mjs): compiling the 0.5 MB
 * validator and its functions was half of loading the environments in a
 * fresh process.
 */
const compiledWithCache = (file: string): unknown => runWithCodeCache(file, `(function (require, module, exports) {${fs.readFileSync(file, 'utf8')}\n})`).value;

let loaded: ValidateFunction<EnvironmentFile> | undefined;
/** The validator of environments/<name>.yaml, built or loaded on first use. */
export const environmentValidator = (): ValidateFunction<EnvironmentFile> => (loaded ??= cachedValidator<EnvironmentFile>(EnvironmentSchema));
