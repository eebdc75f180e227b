import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase, type DatabaseHandle } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';

/** The engine the database suites run on: PGlite by default, PostgreSQL when ARBITER_TEST_DATABASE_URL is set. */
export const testEngine: 'pglite' | 'postgres' = process.env.ARBITER_TEST_DATABASE_URL ? 'postgres' : 'pglite';

/** A fresh, empty database of the engine under test, with its own name on PostgreSQL. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<DatabaseHandle & { url: string | null }> {
  const adminUrl = process.env.ARBITER_TEST_DATABASE_URL;
  if (!adminUrl) {
    const handle = await connectDatabase({ kind: 'pglite', dataDir: null });
    if (options.migrate !== false) await migrateToLatest(handle.db);
    return { ...handle, url: null };
  }
  const name = `arbiter_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await connectDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  if (options.migrate !== false) await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      await withAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
