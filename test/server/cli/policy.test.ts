import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { run } from '../../../server/cli/policy.js';
import { UsageError } from '../../../server/cli/usage.js';
import { documentText, withBody, withFrontMatter } from '../domain/policies/document/fixture.js';

const directory = mkdtempSync(join(tmpdir(), 'arbiter-policy-lint-'));
const clean = file('clean.md', documentText());
const broken = file('broken.md', withFrontMatter('severity: 2,', 'severity: 9,'));
const advised = file('advised.md', withBody('## Definitions', '## Background'));

function file(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

describe('arbiter policy lint', () => {
  let stdout: MockInstance;
  let stderr: MockInstance;
  const printed = (spy: MockInstance) => spy.mock.calls.map(([text]) => String(text)).join('');

  beforeEach(() => {
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('exits 0 and says ok for a clean file', async () => {
    expect(await run(['lint', clean])).toBe(0);
    expect(printed(stdout)).toMatch(new RegExp(`^${clean}: ok \\(\\d+ tokens, 3 rules\\)\\n1 file\\(s\\): 0 problem\\(s\\), 0 finding\\(s\\)\\n$`));
  });

  it('exits 1 and prints file:line for a parse problem', async () => {
    expect(await run(['lint', clean, broken])).toBe(1);
    expect(printed(stdout)).toContain(`${broken}:6: error: rules[1].severity must be an integer from 0 to 5, got number 9\n`);
    expect(printed(stdout)).toContain('2 file(s): 1 problem(s), 0 finding(s)\n');
  });

  it('exits 1 on a linter finding, and 0 with --warn-only', async () => {
    expect(await run(['lint', advised])).toBe(1);
    expect(printed(stdout)).toContain(`${advised}: warning MISSING_SECTION: no Definitions section`);
    expect(await run(['lint', '--warn-only', advised])).toBe(0);
  });

  it('still exits 1 with --warn-only when a file has a problem', async () => {
    expect(await run(['lint', '--warn-only', broken])).toBe(1);
  });

  it('exits 1 for a file it cannot read', async () => {
    const missing = join(directory, 'missing.md');
    expect(await run(['lint', missing])).toBe(1);
    expect(printed(stdout)).toContain(`${missing}: error: cannot read: ENOENT\n`);
  });

  it.each([
    [['lint'], 'give at least one FILE'], [['lint', '--strict', clean], 'unknown option --strict'],
    [['publish', clean], 'unknown subcommand "publish"'], [[], 'unknown subcommand ""'],
  ])('refuses %j with a usage error (the CLI exits 2 with one line)', async (argv, message) => {
    await expect(run(argv)).rejects.toEqual(new UsageError(message));
  });
});
