import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDownAll, migrateToLatest } from '../../../server/db/migrate.js';
import { migrations } from '../../../migrations/index.js';
import { createTestDatabase, testEngine } from '../../helpers/database.js';

type Handle = Awaited<ReturnType<typeof createTestDatabase>>;

async function tables(handle: Handle): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(handle.db);
  return rows.map((r) => r.name);
}

describe(`migrations on ${testEngine}`, () => {
  let handle: Handle;
  beforeAll(async () => { handle = await createTestDatabase({ migrate: false }); });
  afterAll(async () => { await handle.close(); });

  it('runs up, down and up again, leaving the whole domain in place', async () => {
    const names = Object.keys(migrations);
    expect(await migrateToLatest(handle.db)).toEqual(names.map((n) => `Up ${n}`));
    const domain = await tables(handle);
    expect(domain).toEqual([
      'appeals', 'audit_checkpoints', 'audit_events', 'benchmark_items', 'benchmark_runs', 'chain_heads', 'dataset_items', 'datasets', 'evaluation_events',
      'evaluations', 'policies', 'policy_versions', 'review_items', 'tenants', 'triage_models', 'verdicts', 'worker_heartbeats',
    ]);
    expect(await migrateDownAll(handle.db)).toEqual([...names].reverse().map((n) => `Down ${n}`));
    expect(await tables(handle)).toEqual([]);
    await migrateToLatest(handle.db);
    expect(await tables(handle)).toEqual(domain);
  });

  it('is a no-op when already at the latest migration', async () => {
    expect(await migrateToLatest(handle.db)).toEqual([]);
  });
});
