import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { pglitePool } from './pglite-pool.js';

/** Where the data lives: embedded PGlite (a directory, or memory) or a PostgreSQL URL. */
export type DatabaseTarget =
  | { readonly kind: 'pglite'; readonly dataDir: string | null }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number };

/** An open database: the Kysely instance, the engine, and how to close it. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly engine: 'pglite' | 'postgres';
  /** Runs raw SQL with positional parameters (for the job queue, which speaks SQL itself). */
  readonly executeSql: (text: string, values?: readonly unknown[]) => Promise<{ rows: unknown[] }>;
  readonly close: () => Promise<void>;
}

const INT8_OID = 20;

/** The database the configuration names: PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise. */
export function databaseTarget(config: { readonly databaseUrl: string | null; readonly databasePoolSize: number; readonly dataDir: string }): DatabaseTarget {
  return config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize } : { kind: 'pglite', dataDir: config.dataDir };
}

export interface ConnectOptions {
  /** Told when the server drops an idle PostgreSQL connection (the pool replaces it); the process's logger, usually. */
  readonly onIdleError?: (error: Error) => void;
}

/** Opens the database; PGlite persists under `dataDir` (memory when null). */
export async function connectDatabase(target: DatabaseTarget, options: ConnectOptions = {}): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') return connectPostgres(target.url, target.poolSize ?? 10, options.onIdleError);
  if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
  const lite = await PGlite.create(target.dataDir ? `${target.dataDir}/pgdata` : undefined);
  const pool = pglitePool(lite);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'pglite',
    // Parameterless SQL may hold several statements (the job queue's own migrations do): PGlite's
    // `exec` runs those; `query` takes exactly one statement with parameters.
    executeSql: (text, values = []) =>
      pool.run(async () => {
        if (values.length > 0) return lite.query(text, [...values]);
        const results = await lite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }),
    close: async () => {
      await db.destroy();
      await lite.close();
    },
  };
}

function connectPostgres(url: string, max: number, onIdleError?: (error: Error) => void): DatabaseHandle {
  // Counts and sequence numbers are int8; both engines hand them back as JS numbers.
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) };
  const pool = new pg.Pool({ connectionString: url, max, types: types as never });
  // An idle connection the server drops (restart, failover) must not crash the process; the pool replaces it.
  pool.on('error', onIdleError ?? ((error) => console.error('database: idle connection lost:', error.message)));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    executeSql: (text, values = []) => pool.query(text, [...values]),
    close: () => db.destroy(),
  };
}
