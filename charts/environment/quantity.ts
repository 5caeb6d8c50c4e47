// Kubernetes quantity and Prometheus duration parsing, for semantic checks and sizing.
const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};

/** "32Gi" -> bytes, "500m" -> 0.5. Throws on a malformed quantity. */
export function parseQuantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q);
  if (!m) throw new Error(`malformed quantity "${q}"`);
  return Number(m[1]) * SUFFIX[m[2] ?? ''];
}

const UNIT_MS: Record<string, number> = { y: 31536e6, w: 6048e5, d: 864e5, h: 36e5, m: 6e4, s: 1e3, ms: 1 };

/** "1h30m" -> milliseconds. */
export function parseDuration(d: string): number {
  let total = 0;
  for (const [, n, unit] of d.matchAll(/([0-9]+)(ms|y|w|d|h|m|s)/g)) total += Number(n) * UNIT_MS[unit];
  return total;
}
