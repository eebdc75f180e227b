import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;

describe('arbiter policy push', () => {
  it('publishes a directory of policies, leaves unchanged files alone and versions changed ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arbiter-push-'));
    try {
      const policies = join(dir, 'policies');
      await cp(join(root, 'policies'), policies, { recursive: true });
      const env = { ...process.env, ARBITER_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' };
      const push = () => run(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'policy', 'push', policies, '--tenant', 'acme'], { cwd: root, env });
      expect((await push()).stdout).toContain('spam.md: spam@1 created');
      const spam = join(policies, 'spam.md');
      await writeFile(spam, `${await readFile(spam, 'utf8')}\n`);
      const second = (await push()).stdout;
      expect(second).toContain('spam.md: spam@2 updated');
      expect(second).toContain('self-harm.md: self-harm@1 unchanged');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
