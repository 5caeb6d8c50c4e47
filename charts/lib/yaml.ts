// The one YAML writer for everything under dist/. js-yaml: about twice as fast
// as `yaml` on our objects, and its writer quotes every string a YAML 1.1
// parser would misread (Kubernetes reads manifests with one: unquoted
// on/off/yes/no are booleans there, 1:30 a number, 0755 octal).
import { dump } from 'js-yaml';

export const toYaml = (value: unknown): string =>
  // skipInvalid: an undefined field is left out, as JSON would.
  dump(value, { lineWidth: -1, noRefs: true, skipInvalid: true });
