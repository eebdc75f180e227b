import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../server/cli/commands.js';

const root = new URL('../../../', import.meta.url).pathname;
const version = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }).version;

/** Runs the CLI as `npm run arbiter` does; resolves to its exit code and output, even on failure. */
async function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  // PORT=1 would make a started server fail: --help must not get that far.
  const env = { ...process.env, PORT: '1', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', ...args], { cwd: root, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('arbiter CLI', () => {
  it('answers --help for every command and subcommand with exit 0, its usage, and nothing started', async () => {
    const names = Object.keys(COMMANDS);
    const results = await Promise.all(names.map(async (name) => ({ name, ...(await cli([...name.split(' '), '--help'])) })));
    expect(results.map((r) => ({ name: r.name, code: r.code, usage: r.stdout.startsWith(`usage: arbiter ${r.name}`), stderr: r.stderr })))
      .toEqual(names.map((name) => ({ name, code: 0, usage: true, stderr: '' })));
  }, 120_000);

  it('answers --version and --help at the top and for a command group', async () => {
    const [v, help, group] = await Promise.all([cli(['--version']), cli(['--help']), cli(['policy', '--help'])]);
    expect(v).toEqual({ code: 0, stdout: `arbiter ${version}\n`, stderr: '' });
    expect({ code: help.code, lists: Object.keys(COMMANDS).every((n) => help.stdout.includes(`  ${n} `)) }).toEqual({ code: 0, lists: true });
    expect({ code: group.code, lint: group.stdout.includes('policy lint'), push: group.stdout.includes('policy push') }).toEqual({ code: 0, lint: true, push: true });
  }, 120_000);

  it.each([
    [['nope'], 'arbiter: unknown command "nope" (see arbiter --help)'],
    [[], 'arbiter: missing command (see arbiter --help)'],
    [['policy'], 'arbiter: policy: missing subcommand (see arbiter policy --help)'],
    [['migrate', '--bogus'], "arbiter: migrate: Unknown option '--bogus' (see arbiter migrate --help)"],
    [['token', '--roles', 'admin'], 'arbiter: token: --tenant is required (see arbiter token --help)'],
  ])('refuses %j with exit 2 and one line', async (args, line) => {
    const result = await cli(args);
    expect({ code: result.code, stderr: result.stderr, stdout: result.stdout }).toEqual({ code: 2, stderr: `${line}\n`, stdout: '' });
  }, 60_000);
});
