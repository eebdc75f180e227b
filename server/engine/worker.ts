import type { EventBus } from '../events/bus.js';
import type { JobQueue } from './queue.js';
import { type EngineDeps, runEvaluation } from './pipeline.js';

/**
 * Takes evaluation jobs off the queue and runs them. A job's run is aborted when its evaluation
 * is cancelled (seen on the event bus, from any process).
 */
export async function startWorker(args: { readonly queue: JobQueue; readonly deps: EngineDeps; readonly bus: EventBus; readonly concurrency?: number }): Promise<void> {
  await args.queue.work(async (job, meta) => {
    const controller = new AbortController();
    const events = args.bus.subscribe(job.evaluationId);
    const watching = (async () => {
      for await (const message of events) {
        if ('control' in message && message.control === 'cancel') controller.abort(new Error('evaluation cancelled'));
      }
    })();
    try {
      await runEvaluation(args.deps, job, { lastAttempt: meta.lastAttempt, signal: controller.signal });
    } finally {
      await events.return?.();
      await watching;
    }
  }, { concurrency: args.concurrency ?? 4 });
}
