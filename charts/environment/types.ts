// Reusable schema pieces for environment files. Patterns follow what the
// consuming program accepts, so an error surfaces here and not in the cluster.
import { Type, type TSchema } from '@sinclair/typebox';

/** A DNS-1123 label: namespaces, node names, Service names. */
export const DnsLabel = (description: string) =>
  Type.String({ pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63, title: 'a DNS label (lowercase letters, digits and "-", at most 63 characters)', description });

/** A Kubernetes resource quantity ("500m", "4", "32Gi", "1.5G"). */
export const Quantity = (description: string) =>
  Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$', title: 'a Kubernetes quantity such as 500m, 4, 32Gi or 1.5T', description });

/** A Prometheus-style duration ("30s", "15d", "1h30m"), also accepted by Loki and Alertmanager. */
export const Duration = (description: string) =>
  Type.String({ pattern: '^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$', minLength: 2, title: 'a duration such as 30s, 15d or 1h30m', description });

/** Prometheus' byte size ("50GB", "512MB"), used by retention size. */
export const ByteSize = (description: string) =>
  Type.String({ pattern: '^(0|([0-9]+(\\.[0-9]+)?(B|KB|MB|GB|TB|PB|EB)))$', title: 'a byte size such as 512MB or 80GB', description });

export const Url = (description: string) => Type.String({ pattern: '^https?://[^\\s]+$', title: 'an http(s) URL', description });

export const Replicas = (description: string) => Type.Integer({ minimum: 1, maximum: 99, description });

/** An object that rejects unknown keys: a typo in an environment file must fail loudly. */
export const Strict = <T extends Record<string, TSchema>>(properties: T, description?: string) =>
  Type.Object(properties, { additionalProperties: false, description });

/** A closed set of strings, with a plain `enum` so errors list the allowed values. */
export const StringEnum = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });
