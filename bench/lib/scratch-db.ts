import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server the benchmarks create their own databases on (trust auth on loopback by default). */
export const ADMIN_URL = process.env.ARBITER_BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

/** A fresh PostgreSQL database for one run; `drop` removes it (even with open connections). */
export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `arbiter_bench_${randomBytes(5).toString('hex')}`;
  await withAdmin((client) => client.query(`create database ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => dropWhenClosed(name),
  };
}

/**
 * A pg pool's `end()` resolves before its sockets have closed; dropping `with (force)` at once
 * would kill connections the app is still closing, and pg emits that as an unhandled pool error.
 * So: a plain drop, retried while the app's connections wind down, forced only at the end.
 */
async function dropWhenClosed(name: string): Promise<void> {
  await withAdmin(async (client) => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      try {
        await client.query(`drop database if exists ${name}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006') throw error; // 55006: in use by other sessions
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await client.query(`drop database if exists ${name} with (force)`);
  });
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
