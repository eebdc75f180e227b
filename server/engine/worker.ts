import { annotateEvaluation } from '../domain/evaluations/repository.js';
import type { EventBus } from '../events/bus.js';
import { type EngineDeps, failEvaluation, runEvaluation } from './lifecycle/index.js';
import { logger } from './log.js';
import type { ReasoningSlots } from './limiter/slots.js';
import type { JobQueue } from './queue.js';

/** Worker settings: how a dead worker is noticed, and how many crashes one evaluation may cause. */
export interface WorkerOptions {
  /**
   * Jobs this process runs outside a model call at once: triage, storing verdicts, finishing
   * (`ARBITER_WORKER_CONCURRENCY`). Reasoning calls have their own limit, `deps.reasoningSlots`.
   */
  readonly concurrency: number;
  /** Seconds a job's lease lasts; renewed every third of it while the job runs (model calls included). */
  readonly leaseSeconds: number;
  /** Attempts beyond this fail the evaluation at once: a job that keeps killing its worker must stop. */
  readonly maxAttempts: number;
}

/**
 * How many more jobs to fetch: while fewer than `concurrency` held jobs are outside a model
 * call (triage-only work keeps flowing however long model calls take), and while the jobs
 * waiting for a reasoning slot are at most half the reasoning limit (or `concurrency`), so a
 * freed slot is taken at once without hoarding jobs that another worker process could run.
 */
export function capacity(slots: ReasoningSlots, concurrency: number, held: number): number {
  const { inFlight, waiting } = slots.stats();
  const outsideModelCalls = Math.max(0, held - inFlight - waiting);
  const backlog = Math.max(concurrency, slots.max);
  return Math.min(concurrency - outsideModelCalls, backlog - waiting);
}

/**
 * Takes evaluation jobs off the queue and runs them. A job's run is aborted when its evaluation
 * is cancelled (seen on the event bus, from any process). While it runs, the evaluation's lease
 * is renewed; a job whose lease ran out belongs to a dead worker and is reclaimed by any living one.
 */
export async function startWorker(args: { readonly queue: JobQueue; readonly deps: EngineDeps; readonly bus: EventBus; readonly options: WorkerOptions }): Promise<() => void> {
  const { deps, options } = args;
  await args.queue.work(async (job, meta) => {
    if (meta.attempt > options.maxAttempts) return failEvaluation(deps, job, 'WORKER_LOST');
    const controller = new AbortController();
    const events = args.bus.subscribe(job.evaluationId);
    const watching = (async () => {
      for await (const message of events) {
        if ('control' in message && message.control === 'cancel') controller.abort(new Error('evaluation cancelled'));
      }
    })().catch(() => undefined);
    const lease = keepLease(deps, job, options.leaseSeconds);
    try {
      await lease.first;
      await runEvaluation(deps, job, { lastAttempt: meta.lastAttempt, signal: controller.signal });
    } finally {
      lease.stop();
      await events.return?.();
      await watching;
    }
  }, { capacity: (held) => capacity(deps.reasoningSlots, options.concurrency, held) });
  deps.reasoningSlots.onChange(() => args.queue.notify());
  const reaper = setInterval(() => {
    args.queue.reclaim('expired-leases').then((n) => {
      if (n > 0) logger.warn({ jobs: n }, 'reclaimed jobs of a dead worker');
      if (n > 0) args.queue.notify();
    }, (error: unknown) => logger.warn({ err: error }, 'reclaiming jobs failed; trying again later'));
  }, Math.max(1_000, (options.leaseSeconds * 1000) / 2));
  reaper.unref();
  return () => clearInterval(reaper);
}

function keepLease(deps: EngineDeps, job: { tenantId: string; evaluationId: string }, seconds: number) {
  const renew = () => annotateEvaluation(deps.db, { tenantId: job.tenantId, id: job.evaluationId, set: { lease_until: new Date(Date.now() + seconds * 1000) } })
    .catch((error: unknown) => logger.warn({ err: error, evaluationId: job.evaluationId }, 'lease renewal failed'));
  const timer = setInterval(() => void renew(), Math.max(250, (seconds * 1000) / 3));
  timer.unref();
  return { first: renew(), stop: () => clearInterval(timer) };
}
