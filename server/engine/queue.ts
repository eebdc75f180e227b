import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/connect.js';
import type { Database } from '../db/schema.js';

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
  /** Runs `handler` for each job; a throw fails the attempt and pg-boss retries it with backoff. */
  work(handler: (job: EvaluateJob, meta: { attempt: number; lastAttempt: boolean }) => Promise<void>, options?: { concurrency?: number }): Promise<void>;
  /** Enqueues a job on another queue of {@link QUEUES}, inside the caller's transaction. */
  enqueueOn(trx: Transaction<Database>, queue: OtherQueue, data: object): Promise<void>;
  /** Runs `handler` for each job of another queue; retried like evaluation jobs. */
  workOn<T>(queue: OtherQueue, handler: (data: T, meta: { attempt: number; lastAttempt: boolean }) => Promise<void>): Promise<void>;
  /** Wakes this process's idle workers (after a commit that enqueued jobs) instead of waiting for their next poll. */
  notify(): void;
  stop(options?: { graceful?: boolean }): Promise<void>;
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
  boss.on('error', (error: Error) => console.error('job queue:', error.message));
  await boss.start();
  const workerIds: string[] = [];
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
      await boss.work<never>(queue, { pollingIntervalSeconds: options.pollingIntervalSeconds, batchSize: 1, includeMetadata: true }, async ([job]) => {
        if (job) await handler(job.data, { attempt: job.retryCount + 1, lastAttempt: job.retryCount >= job.retryLimit });
      });
    },
    async work(handler, workOptions = {}) {
      const concurrency = workOptions.concurrency ?? 4;
      for (let i = 0; i < concurrency; i += 1) {
        let id = '';
        id = await boss.work<EvaluateJob>(EVALUATE_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds, batchSize: 1, includeMetadata: true }, async ([job]) => {
          if (!job) return;
          try {
            await handler(job.data, { attempt: job.retryCount + 1, lastAttempt: job.retryCount >= job.retryLimit });
          } finally {
            // A worker that found a job looks for the next one at once rather than sleeping out its polling interval.
            boss.notifyWorker(id);
          }
        });
        workerIds.push(id);
      }
    },
    notify() {
      for (const id of workerIds) boss.notifyWorker(id);
    },
    async stop(stopOptions = {}) {
      await boss.stop({ graceful: stopOptions.graceful ?? true, wait: true, timeout: 10_000 });
    },
  };
}
