import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * Presents one PGlite instance as the `pg`-style pool Kysely's PostgresDialect expects.
 *
 * PGlite is a single connection, so the pool hands it to one borrower at a time: a Kysely
 * transaction keeps it until it commits, and every other query waits in line behind it.
 */
export function pglitePool(db: PGlite): PostgresPool & { run<T>(work: () => Promise<T>): Promise<T> } {
  let tail: Promise<void> = Promise.resolve();
  const client = (release: () => void): PostgresPoolClient =>
    ({
      async query(sql: string, parameters: readonly unknown[]) {
        const result = await db.query(sql, [...parameters]);
        return { command: commandOf(sql), rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
      },
      release,
    }) as unknown as PostgresPoolClient;
  return {
    async connect() {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => (release = resolve));
      const previous = tail;
      tail = previous.then(() => turn);
      await previous;
      return client(release);
    },
    async end() {
      await tail;
    },
    /** Runs `work` while holding the connection, like a query would. */
    async run(work) {
      const borrowed = await this.connect();
      try {
        return await work();
      } finally {
        borrowed.release();
      }
    },
  };
}

function commandOf(sql: string): string {
  return (/^\s*(\w+)/.exec(sql)?.[1] ?? '').toUpperCase();
}
