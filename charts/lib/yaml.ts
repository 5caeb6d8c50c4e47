// The one YAML writer for everything under dist/.
import { stringify } from 'yaml';

/**
 * YAML 1.1 quoting: Kubernetes reads manifests with a YAML 1.1 parser, where
 * unquoted on/off/yes/no are booleans and 1:30 is a number.
 */
export const toYaml = (value: unknown): string => stringify(value, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
