// Types of scripts/lib/l1-converters.mjs (plain JavaScript: scripts/run.mjs loads it without a TypeScript loader).
export declare const HELPER: string;
export declare const isBinding: (file: string) => boolean;
export declare function fasterConverters(source: string): string;
