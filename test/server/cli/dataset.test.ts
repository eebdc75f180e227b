import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { connectDatabase } from '../../../server/db/connect.js';

const run = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;

describe('arbiter dataset import', () => {
  it('stores a JSONL dataset with provenance in the embedded database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arbiter-dataset-'));
    try {
      const file = join(dir, 'spam-sample.jsonl');
      await writeFile(file, ['{"content":"JOIN NOW","labels":{"spam":1}}', '{"content":"See you at 5","labels":{"spam":0}}'].join('\n'));
      const env = { ...process.env, ARBITER_DATA_DIR: dir, DATABASE_URL: '' };
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'dataset', 'import', file], { cwd: root, env });
      expect(JSON.parse(stdout)).toEqual({ dataset: 'spam-sample', id: expect.any(String), format: 'jsonl', items: 2, skipped: 0 });
      const again = await run(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', 'dataset', 'import', file], { cwd: root, env }).catch((e) => e);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('dataset "spam-sample" already exists');
      const database = await connectDatabase({ kind: 'pglite', dataDir: dir });
      const items = await database.db.selectFrom('dataset_items').select(['content', 'labels', 'provenance']).orderBy('content').execute();
      await database.close();
      expect(items).toEqual([
        { content: 'JOIN NOW', labels: { spam: 1 }, provenance: { source: 'import', file: 'spam-sample.jsonl', format: 'jsonl', record: 1 } },
        { content: 'See you at 5', labels: { spam: 0 }, provenance: { source: 'import', file: 'spam-sample.jsonl', format: 'jsonl', record: 2 } },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // An on-disk PGlite created, migrated and seeded by a child process: ~50 s on a loaded 2-core machine.
  }, 180_000);
});
