// The corpus of broken environment files: each must fail to load, naming the
// file and the field path it declares in its `# expect: <field.path>: <substring>` line.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvironment } from '../charts/environment/load';
import { EnvironmentError, formatPath } from '../charts/environment/errors';

const DIR = path.resolve(import.meta.dirname, 'fixtures/bad-env');
const cases = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

describe('bad environment files fail with file and field named', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  it.each(cases)('%s', (file) => {
    const text = readFileSync(path.join(DIR, file), 'utf8');
    const expectLine = /^# expect: ([^:]+): (.+)$/m.exec(text);
    expect(expectLine, `${file} needs a "# expect: <field.path>: <substring>" line`).not.toBeNull();
    const [, field, substring] = expectLine!;
    const display = `test/fixtures/bad-env/${file}`;
    let error: unknown;
    try {
      parseEnvironment(text, path.basename(file, '.yaml'), display);
    } catch (e) {
      error = e;
    }
    expect(error, `${file} loaded without error`).toBeInstanceOf(EnvironmentError);
    const issues = (error as EnvironmentError).issues;
    const match = issues.find((i) => formatPath(i.path) === field && i.message.includes(substring));
    expect(match, `expected ${field}: …${substring}… among:\n${(error as Error).message}`).toBeDefined();
    expect((error as Error).message).toContain(`${display}:`);
    expect(match!.line, 'points at a line of the file').toBeGreaterThan(0);
  });
});
