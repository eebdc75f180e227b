import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';

export const BENCHMARK_QUEUE = 'benchmark-run';

/** The job of one benchmark or replay run. */
export interface BenchmarkJob { readonly tenantId: string; readonly runId: string }

/** The benchmark runs' own pg-boss queue, beside the engine's (same database, same `pgboss` schema). */
export interface BenchmarkQueue {
  enqueue(trx: Transaction<Database>, job: BenchmarkJob): Promise<void>;
  work(handler: (job: BenchmarkJob, meta: { lastAttempt: boolean }) => Promise<void>, concurrency?: number): Promise<void>;
  notify(): void;
  stop(): Promise<void>;
}

/**
 * A run is one job: a crashed worker's job expires and runs again, and the run resumes from the
 * item results already stored (each is written once), so nothing is evaluated twice or lost.
 */
export async function createBenchmarkQueue(database: DatabaseHandle, options: { readonly expireInSeconds?: number; readonly retryLimit?: number; readonly pollingIntervalSeconds?: number } = {}): Promise<BenchmarkQueue> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
    // The engine's instance on the same schema already runs maintenance (expiry, retries) for every queue.
    schema: 'pgboss', schedule: false, supervise: false,
  } as PgBoss.ConstructorOptions);
  boss.on('error', (error: Error) => console.error('benchmark queue:', error.message));
  await boss.start();
  await boss.createQueue(BENCHMARK_QUEUE, {
    name: BENCHMARK_QUEUE, retryLimit: options.retryLimit ?? 3, retryDelay: 2, retryBackoff: true, expireInSeconds: options.expireInSeconds ?? 900,
  } as PgBoss.Queue);
  const workerIds: string[] = [];
  return {
    async enqueue(trx, job) {
      const db = { executeSql: async (text: string, values: unknown[] = []) => (await trx.executeQuery(CompiledQuery.raw(text, values))) as { rows: unknown[] } };
      await boss.send(BENCHMARK_QUEUE, job, { db } as PgBoss.SendOptions);
    },
    async work(handler, concurrency = 1) {
      for (let i = 0; i < concurrency; i += 1) {
        workerIds.push(await boss.work<BenchmarkJob>(BENCHMARK_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, batchSize: 1, includeMetadata: true }, async ([job]) => {
          if (job) await handler(job.data, { lastAttempt: job.retryCount >= job.retryLimit });
        }));
      }
    },
    notify() {
      for (const id of workerIds) boss.notifyWorker(id);
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
