import type { EvaluatorRegistry } from '../../sdk/index.js';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/connect.js';
import { createEventBus, type EventBus } from '../events/bus.js';
import type { EngineDeps } from './pipeline.js';
import { createClassifierCache } from './classifiers.js';
import { createReadyReasoner } from './ready-reasoner.js';
import { createJobQueue, type JobQueue } from './queue.js';
import { startWorker } from './worker.js';
import { startAppealWorker } from './appeal.js';

/** The evaluation engine of one process: queue, event bus, evaluators, and optionally a worker. */
export interface Engine {
  readonly queue: JobQueue;
  readonly bus: EventBus;
  readonly registry: EvaluatorRegistry;
  readonly deps: EngineDeps;
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

export async function createEngine(args: { readonly database: DatabaseHandle; readonly config: Config; readonly registry: EvaluatorRegistry }): Promise<Engine> {
  const { config, registry } = args;
  await registry.setup();
  const queue = await createJobQueue(args.database, {
    retryLimit: config.engine.retryLimit, retryDelaySeconds: config.engine.retryDelaySeconds, expireInSeconds: config.engine.jobExpireSeconds,
    pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: Math.min(30, Math.max(1, Math.floor(config.engine.jobExpireSeconds / 2))),
  });
  const bus = createEventBus({ redisUrl: config.redisUrl });
  const classifiers = createClassifierCache(args.database.db);
  const deps: EngineDeps = {
    db: args.database.db, bus, registry, strategy: config.engine.strategy, readyReasoner: createReadyReasoner(registry),
    triageEvaluatorsFor: async (policy) => {
      const classifier = await classifiers.forPolicy({ tenantId: policy.tenantId, policyId: policy.policyId });
      return classifier ? [...registry.triage(), classifier] : registry.triage();
    },
    timeouts: { triageMs: config.engine.triageTimeoutMs, reasoningMs: config.engine.reasoningTimeoutMs },
  };
  return {
    queue, bus, registry, deps,
    async startWorker() {
      await startWorker({ queue, deps, bus, concurrency: config.engine.workerConcurrency });
      await startAppealWorker({ queue, deps });
    },
    async stop() {
      await queue.stop({ graceful: true });
      await bus.close();
      await classifiers.dispose();
      await registry.dispose();
    },
  };
}
