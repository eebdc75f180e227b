import type { Config } from '../config.js';
import { connectDatabase, databaseTarget, type DatabaseHandle } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { log } from '../observability/logger.js';

/** Opens the configured database (PostgreSQL or the embedded one), migrated, for a CLI command. */
export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  const database = await connectDatabase(databaseTarget(config), { onIdleError: (error) => log().warn({ error: error.message }, 'database: idle connection lost') });
  await migrateToLatest(database.db);
  return database;
}
