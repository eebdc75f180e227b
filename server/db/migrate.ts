import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';

/** Thrown when a migration fails; `results` says which ran and which failed. */
export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
  constructor(readonly results: MigrationResultSet['results'], cause: unknown) {
    super(`migration failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationError';
  }
}

function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

async function unwrap(run: Promise<MigrationResultSet>): Promise<string[]> {
  const { error, results } = await run;
  if (error) throw new MigrationError(results, error);
  return (results ?? []).map((r) => `${r.direction} ${r.migrationName}`);
}

/** Brings the schema to the newest migration; returns what ran. */
export function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return unwrap(migrator(db).migrateToLatest());
}

/** Undoes every migration (tests and `arbiter migrate --down-all`). */
export async function migrateDownAll(db: Kysely<any>): Promise<string[]> {
  const m = migrator(db);
  const ran: string[] = [];
  for (;;) {
    const step = await unwrap(m.migrateDown());
    if (step.length === 0) return ran;
    ran.push(...step);
  }
}
