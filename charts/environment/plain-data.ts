// An environment file's data, read quickly, for files that are simply right.
//
// Why: `yaml` (which load.ts uses for its syntax errors, duplicate keys and the
// line and column of every field) took about 40 ms per environment file in a
// fresh process, the largest part of what synth does before rendering; js-yaml
// reads the same files in a tenth of that. load.ts takes this data only when
// it is valid (schema and semantic checks pass) and asks `yaml` for positions
// only when a later check needs one; anything else goes the `yaml` way, so
// every message stays as it was.
//
// The data is what `yaml`'s parse (YAML 1.2, core schema) gives, or undefined:
// js-yaml 5.5.0 with CORE_SCHEMA refuses what `yaml` reports as errors
// (duplicate keys, several documents) or reads it the same, except for what
// is left out here first: directives (%YAML 1.1 changes the schema), tags
// (`yaml` reads !!float 1 as "1"), null or empty keys (`yaml` makes them "", js-yaml "null")
// and numbers too large for a double (`yaml` reads Infinity, js-yaml a
// string). test/plain-data.test.ts compares both parsers on the bundled
// environments, every bad-input fixture and the scalars where schemas differ.
import { CORE_SCHEMA, load } from 'js-yaml';

const LEFT_TO_YAML = [
  /^%/m, // a directive
  /(^|[\s[\]{},])!/m, // a tag (or a "!" at the start of a word: the slow way is right too)
  /(^|[\s[{,?-])(~|null|Null|NULL)?[ \t]*:([ \t]|$)/m, // a null or empty key
  /[0-9.][eE][-+]?[0-9]{3,}/, // an exponent of three digits or more
];

export function plainEnvironmentData(text: string): Record<string, unknown> | undefined {
  if (LEFT_TO_YAML.some((re) => re.test(text))) return undefined;
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}
