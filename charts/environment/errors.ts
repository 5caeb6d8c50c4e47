// Errors in environment files: file, line, field path and what was expected.
export type FieldPath = readonly (string | number)[];

export interface EnvironmentIssue {
  file: string;
  path: FieldPath;
  message: string;
  line?: number;
  column?: number;
}

/** "pools.CORE-HANDLERS.nodes[2].name" */
export const formatPath = (path: FieldPath): string =>
  path.length === 0 ? '(top level)' : path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

export const formatIssue = (i: EnvironmentIssue): string =>
  `${i.file}${i.line ? `:${i.line}:${i.column ?? 1}` : ''}: ${formatPath(i.path)}: ${i.message}`;

export class EnvironmentError extends Error {
  constructor(readonly issues: EnvironmentIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'EnvironmentError';
  }
}
