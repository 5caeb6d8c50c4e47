// Types of charts/lib/code-cache.mjs (plain JavaScript: scripts/lib/run-bundle.mjs loads it without a TypeScript loader).
export declare function runWithCodeCache(file: string, source: string): { value: unknown; cache: 'used' | 'none' | 'rejected' };
