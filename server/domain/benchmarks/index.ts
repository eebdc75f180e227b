import type { DatabaseHandle } from '../../db/connect.js';
import type { Engine } from '../../engine/index.js';
import type { BenchmarkDeps } from './deps.js';
import { createBenchmarkQueue } from './queue.js';
import { runBenchmarkJob } from './runner.js';

/** Benchmark runs of one process: their queue and deps, and a worker to start where evaluations are worked. */
export interface Benchmarks {
  readonly deps: BenchmarkDeps;
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

export async function createBenchmarks(database: DatabaseHandle, engine: Engine, options: { concurrency?: number } = {}): Promise<Benchmarks> {
  const queue = await createBenchmarkQueue(database, { pollingIntervalSeconds: 1 });
  const deps: BenchmarkDeps = { db: database.db, queue, bus: engine.bus, readyReasoner: async () => (await engine.deps.readyReasoner()).reasoner, reasoningTimeoutMs: engine.deps.timeouts.reasoningMs, triageEvaluatorsFor: engine.deps.triageEvaluatorsFor, strategy: engine.deps.strategy, concurrency: options.concurrency ?? 8 };
  return {
    deps,
    startWorker: () => queue.work((job, meta) => runBenchmarkJob(deps, job, meta)),
    stop: () => queue.stop(),
  };
}
