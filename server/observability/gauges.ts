import type { Kysely } from 'kysely';
import { Gauge, Registry } from 'prom-client';
import type { EvaluatorRegistry } from '../../sdk/index.js';
import type { Database } from '../db/schema.js';
import { log } from './logger.js';
import { queueFigures, reviewFigures, unfinishedEvaluations } from './gauges.repository.js';

const BREAKER_VALUES = { closed: 0, 'half-open': 1, open: 2 } as const;
const UNFINISHED = ['QUEUED', 'TRIAGE', 'REASONING'] as const;

/** Runs a scrape-time read; a database that cannot answer leaves the gauge as it was and logs one warning. */
async function guarded(what: string, read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch (error) {
    log().warn({ error: (error as Error).message }, `metrics: cannot read ${what}`);
  }
}

/**
 * Gauges read when Prometheus scrapes, from the database (queue, review backlog, unfinished
 * evaluations) and the evaluator registry (breaker state). The database figures are the whole
 * deployment's: every process reports the same value, so aggregate them with max(), not sum().
 */
export function createScrapeGauges(args: { readonly db: Kysely<Database>; readonly registry: EvaluatorRegistry; readonly queueName: string }): Registry {
  const registry = new Registry();
  const registers = [registry];
  const queueActive = new Gauge({ name: 'arbiter_queue_active', help: 'Evaluation jobs running now', registers });
  const queueOldest = new Gauge({ name: 'arbiter_queue_oldest_job_age_seconds', help: 'Age of the oldest waiting evaluation job', registers });
  new Gauge({ name: 'arbiter_queue_depth', help: 'Evaluation jobs waiting to run', registers, async collect() {
    await guarded('the job queue', async () => {
      const figures = await queueFigures(args.db, args.queueName);
      this.set(figures.waiting);
      queueActive.set(figures.active);
      queueOldest.set(figures.oldestSeconds);
    });
  } });
  const overdue = new Gauge({ name: 'arbiter_review_overdue', help: 'Unresolved review items past their due time', registers });
  new Gauge({ name: 'arbiter_review_backlog', help: 'Review items not resolved, by status', labelNames: ['status'] as const, registers, async collect() {
    await guarded('the review backlog', async () => {
      const figures = await reviewFigures(args.db);
      this.set({ status: 'OPEN' }, figures.open);
      this.set({ status: 'CLAIMED' }, figures.claimed);
      overdue.set(figures.overdue);
    });
  } });
  new Gauge({ name: 'arbiter_evaluations_unfinished', help: 'Evaluations not finished yet, by stage', labelNames: ['stage'] as const, registers, async collect() {
    await guarded('unfinished evaluations', async () => {
      const rows = await unfinishedEvaluations(args.db);
      for (const stage of UNFINISHED) this.set({ stage }, rows.find((r) => r.status === stage)?.count ?? 0);
    });
  } });
  new Gauge({ name: 'arbiter_breaker_state', help: 'Circuit breaker per evaluator and replica: 0 closed, 1 half-open, 2 open',
    labelNames: ['evaluator', 'replica'] as const, registers, collect() {
      this.reset();
      for (const evaluator of args.registry.list()) {
        const state = evaluator.breakerState?.();
        if (state) this.set({ evaluator: evaluator.name, replica: 'default' }, BREAKER_VALUES[state]);
      }
    } });
  return registry;
}
