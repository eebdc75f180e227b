import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { type JobLoop, startJobLoop } from './job-loop.js';
import { log } from '../observability/logger.js';

export const EVALUATE_QUEUE = 'evaluate';
/** Appeal re-runs (DESIGN §5 Appeals): `{ tenantId, appealId }`, handled by `engine/appeal.ts`. */
export const APPEAL_QUEUE = 'appeal';

/** The job of one evaluation. */
export interface EvaluateJob {
  readonly tenantId: string;
  readonly evaluationId: string;
}

/** Retry and expiry settings of evaluation jobs. */
export interface QueueOptions {
  /** Attempts after the first; pg-boss backs off exponentially from `retryDelaySeconds`. */
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  /** A job active longer than this is presumed lost (its worker died) and runs again. */
  readonly expireInSeconds: number;
  readonly pollingIntervalSeconds: number;
  readonly maintenanceIntervalSeconds: number;
}

export const DEFAULT_QUEUE_OPTIONS: QueueOptions = {
  retryLimit: 3, retryDelaySeconds: 2, expireInSeconds: 300, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 30,
};

/** The Postgres-backed job queue (pg-boss), on PGlite or PostgreSQL alike. */
export interface JobQueue {
  /** Enqueues inside the caller's transaction, so the job exists exactly when the evaluation does. */
  enqueue(trx: Transaction<Database>, job: EvaluateJob): Promise<void>;
  /**
   * Runs `handler` for each job, fetching jobs in batches while `capacity(held)` says this process
   * wants more (held: its jobs still running). A throw fails the attempt and pg-boss retries it with backoff.
   */
  work(
    handler: (job: EvaluateJob, meta: { attempt: number; lastAttempt: boolean }) => Promise<void>,
    options: { capacity: (held: number) => number },
  ): Promise<void>;
  /**
   * Puts active jobs back to run at once: all of them (embedded mode at start, where every active
   * job belonged to a process that is gone), or those whose evaluation's lease ran out (a dead
   * worker, with PostgreSQL). Returns how many.
   */
  reclaim(which: 'all-active' | 'expired-leases'): Promise<number>;
  /** Enqueues a job on another queue of {@link QUEUES}, inside the caller's transaction. */
  enqueueOn(trx: Transaction<Database>, queue: OtherQueue, data: object): Promise<void>;
  /** Runs `handler` for each job of another queue; retried like evaluation jobs. */
  workOn<T>(queue: OtherQueue, handler: (data: T, meta: { attempt: number; lastAttempt: boolean }) => Promise<void>): Promise<void>;
  /** Wakes this process's idle workers (after a commit that enqueued jobs) instead of waiting for their next poll. */
  notify(): void;
  stop(options?: { graceful?: boolean }): Promise<void>;
}

/** Jobs one fetch takes at most: a large backlog is taken in a few round trips, not one huge one. */
const FETCH_BATCH_MAX = 32;
/** How long a graceful stop waits for running jobs; those still running are reclaimed by their lease. */
const STOP_TIMEOUT_MS = 10_000;

const RECLAIM_ALL = `update pgboss.job set state = 'retry', start_after = now()
  where name = $1 and state = 'active' returning id`;
const RECLAIM_EXPIRED = `update pgboss.job j set state = 'retry', start_after = now()
  from evaluations e
  where j.name = $1 and j.state = 'active' and e.id = (j.data->>'evaluationId')::uuid and e.lease_until < now()
  returning j.id`;

function safeErrorText(error: unknown): string {
  const name = error instanceof Error ? error.name : 'Error';
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error && error.name === 'RetryRequested' ? error.message : `${name}${typeof code === 'string' ? ` ${code}` : ''}`;
  return message.replace(/[^\x20-\x7e]/g, '').slice(0, 200);
}
/** The queues besides evaluation jobs, created at start with the same retry settings. */
export const QUEUES = [APPEAL_QUEUE] as const;
type OtherQueue = (typeof QUEUES)[number];

export async function createJobQueue(database: DatabaseHandle, options: QueueOptions = DEFAULT_QUEUE_OPTIONS): Promise<JobQueue> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
    schema: 'pgboss',
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
    monitorStateIntervalSeconds: Math.max(options.maintenanceIntervalSeconds, 1),
  } as PgBoss.ConstructorOptions);
  boss.on('error', (error: Error) => log().warn({ error: error.message }, 'job queue error'));
  await boss.start();
  const loops: JobLoop[] = [];
  for (const name of [EVALUATE_QUEUE, ...QUEUES]) {
    await boss.createQueue(name, {
      name, retryLimit: options.retryLimit, retryDelay: options.retryDelaySeconds, retryBackoff: true, expireInSeconds: options.expireInSeconds,
    } as PgBoss.Queue);
  }
  const inTransaction = (trx: Transaction<Database>) =>
    ({ db: { executeSql: async (text: string, values: unknown[] = []) => (await trx.executeQuery(CompiledQuery.raw(text, values))) as { rows: unknown[] } } }) as PgBoss.SendOptions;
  return {
    async enqueue(trx, job) {
      await boss.send(EVALUATE_QUEUE, job, inTransaction(trx));
    },
    async enqueueOn(trx, queue, data) {
      await boss.send(queue, data, inTransaction(trx));
    },
    async workOn(queue, handler) {
      // The same job loop as evaluation jobs (one at a time here): it records each end through a pool that is
      // still open and hands running jobs back at stop, where pg-boss's own work() records ends unawaited.
      loops.push(startJobLoop<PgBoss.JobWithMetadata<never>>({
        source: {
          fetch: (count) => boss.fetch<never>(queue, { batchSize: count, includeMetadata: true }),
          complete: (job) => boss.complete(queue, job.id).then(() => undefined),
          fail: (job, error) => boss.fail(queue, job.id, { message: safeErrorText(error) }).then(() => undefined),
        },
        run: (job) => handler(job.data, { attempt: job.retryCount + 1, lastAttempt: job.retryCount >= job.retryLimit }),
        capacity: (held) => (held < 1 ? 1 : 0),
        pollMs: options.pollingIntervalSeconds * 1000,
        maxBatch: 1,
      }));
    },
    async work(handler, workOptions) {
      loops.push(startJobLoop<PgBoss.JobWithMetadata<EvaluateJob>>({
        source: {
          fetch: (count) => boss.fetch<EvaluateJob>(EVALUATE_QUEUE, { batchSize: count, includeMetadata: true }),
          complete: (job) => boss.complete(EVALUATE_QUEUE, job.id).then(() => undefined),
          // pg-boss stores the error as the job's output (jsonb): text it cannot store (a NUL from a
          // model server) would fail the store on every retry. Codes only.
          fail: (job, error) => boss.fail(EVALUATE_QUEUE, job.id, { message: safeErrorText(error) }).then(() => undefined),
        },
        run: (job) => handler(job.data, { attempt: job.retryCount + 1, lastAttempt: job.retryCount >= job.retryLimit }),
        capacity: workOptions.capacity,
        pollMs: options.pollingIntervalSeconds * 1000,
        maxBatch: FETCH_BATCH_MAX,
      }));
    },
    async reclaim(which) {
      const sql = which === 'all-active' ? RECLAIM_ALL : RECLAIM_EXPIRED;
      const result = await database.executeSql(sql, [EVALUATE_QUEUE]);
      return (result.rows as unknown[]).length;
    },
    notify() {
      for (const loop of loops) loop.wake();
    },
    async stop(stopOptions = {}) {
      const graceful = stopOptions.graceful ?? true;
      await Promise.all(loops.map((loop) => loop.stop(graceful ? STOP_TIMEOUT_MS : 0)));
      await boss.stop({ graceful, wait: true, timeout: STOP_TIMEOUT_MS });
    },
  };
}
