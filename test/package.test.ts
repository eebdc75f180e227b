import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../', import.meta.url).pathname;
const sh = (command: string, args: string[]) => run(command, args, { cwd: root, maxBuffer: 64 * 1024 * 1024 });
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>; bin: Record<string, string>; types: string; files: string[];
};

describe('the npm package', () => {
  let files: string[] = [];
  beforeAll(async () => {
    await sh('npm', ['run', 'build']);
    // --ignore-scripts: the build above already ran (prepack would run it again).
    const { stdout } = await sh('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']);
    files = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
  }, 180_000);

  it('ships the client, the plugin SDK, the CLI and the server, with their types, and no tests', () => {
    expect(files).toEqual(expect.arrayContaining([
      'bin/arbiter.js', 'dist/sdk/client/index.js', 'dist/sdk/client/index.d.ts', 'dist/sdk/index.js', 'dist/sdk/index.d.ts',
      'sdk/client/operations.graphql', 'schema/schema.graphql', 'server/cli/index.ts', 'server/main.ts', 'migrations/index.ts', 'package.json', 'README.md',
    ]));
    expect(files.filter((f) => f.startsWith('test/') || f.endsWith('.test.ts') || f.includes('node_modules/'))).toEqual([]);
  });

  it('points every export, the types and the bin at files it ships', () => {
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(['.', './client', './sdk']));
    const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : [t.types, t.default]));
    for (const target of [...targets, pkg.types, ...Object.values(pkg.bin)]) expect(files, target).toContain(target.replace(/^\.\//, ''));
  });

  it('has a bin that runs the CLI', async () => {
    expect((await stat(new URL('../bin/arbiter.js', import.meta.url))).mode & 0o111).not.toBe(0);
    const { stdout, stderr } = await sh(process.execPath, ['bin/arbiter.js', 'token', '--help']);
    expect(`${stdout}${stderr}`).toMatch(/^usage: arbiter token --tenant T/);
  });

  it('type-checks a strict consumer written without null checks on fields that always exist', async () => {
    await expect(sh(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test/sdk/client/consumer/tsconfig.json'])).resolves.toMatchObject({ stdout: '' });
  }, 120_000);

  it('type-checks the examples of docs/client.md, and the document shows each of them as it is compiled', async () => {
    await expect(sh(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'docs/examples/tsconfig.json'])).resolves.toMatchObject({ stdout: '' });
    const doc = await readFile(new URL('../docs/client.md', import.meta.url), 'utf8');
    const examples = await Promise.all(['evaluate', 'stream', 'decisions', 'errors', 'request'].map((n) => readFile(new URL(`../docs/examples/${n}.ts`, import.meta.url), 'utf8')));
    const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const block of blocks) expect(examples.some((source) => source.includes(block)), block).toBe(true);
  }, 120_000);
});
