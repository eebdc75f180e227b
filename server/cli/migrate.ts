import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { connectDatabase, databaseTarget } from '../db/connect.js';
import { migrateDownAll, migrateToLatest } from '../db/migrate.js';

/** `arbiter migrate [--down-all]`: brings the configured database to the latest schema. */
export async function run(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { 'down-all': { type: 'boolean' } }, strict: true });
  const config = loadConfig();
  const database = await connectDatabase(databaseTarget(config));
  try {
    const ran = values['down-all'] ? await migrateDownAll(database.db) : await migrateToLatest(database.db);
    process.stdout.write(ran.length > 0 ? `${ran.join('\n')}\n` : 'already up to date\n');
    return 0;
  } finally {
    await database.close();
  }
}
