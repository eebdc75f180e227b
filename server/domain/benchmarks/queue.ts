import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../../db/connect.js';
import type { Database } from '../../db/schema.js';
import { type JobLoop, startJobLoop } from '../../engine/job-loop.js';

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
  const loops: JobLoop[] = [];
  return {
    async enqueue(trx, job) {
      const db = { executeSql: async (text: string, values: unknown[] = []) => (await trx.executeQuery(CompiledQuery.raw(text, values))) as { rows: unknown[] } };
      await boss.send(BENCHMARK_QUEUE, job, { db } as PgBoss.SendOptions);
    },
    async work(handler, concurrency = 1) {
      // The engine's job loop, not pg-boss's work(): that one records a job's end unawaited, which after stop goes
      // through a closed pool (an unhandled rejection); the loop records ends itself and hands running jobs back.
      loops.push(startJobLoop<PgBoss.JobWithMetadata<BenchmarkJob>>({
        source: {
          fetch: (count) => boss.fetch<BenchmarkJob>(BENCHMARK_QUEUE, { batchSize: count, includeMetadata: true }),
          complete: (job) => boss.complete(BENCHMARK_QUEUE, job.id).then(() => undefined),
          fail: (job, error) => boss.fail(BENCHMARK_QUEUE, job.id, { message: error instanceof Error ? error.name : 'Error' }).then(() => undefined),
        },
        run: (job) => handler(job.data, { lastAttempt: job.retryCount >= job.retryLimit }),
        capacity: (held) => (held < concurrency ? concurrency - held : 0),
        pollMs: (options.pollingIntervalSeconds ?? 1) * 1000,
        maxBatch: concurrency,
      }));
    },
    notify() {
      for (const loop of loops) loop.wake();
    },
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop(10_000)));
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
