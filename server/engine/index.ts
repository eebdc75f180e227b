import type { EvaluatorRegistry } from '../../sdk/index.js';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/connect.js';
import { createEventBus, type EventBus } from '../events/bus.js';
import { observePipeline } from '../observability/pipeline.js';
import type { EngineDeps } from './lifecycle/index.js';
import { createClassifierCache } from './classifiers.js';
import { createReasoningSlots } from './limiter/slots.js';
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

/**
 * `reclaimActive`: every active job belongs to a process that is gone (embedded mode: one
 * process, just started), so they run again at once instead of waiting for their lease to end.
 */
export async function createEngine(args: { readonly database: DatabaseHandle; readonly config: Config; readonly registry: EvaluatorRegistry; readonly reclaimActive?: boolean }): Promise<Engine> {
  const { config, registry } = args;
  await registry.setup();
  const queue = await createJobQueue(args.database, {
    retryLimit: config.engine.retryLimit, retryDelaySeconds: config.engine.retryDelaySeconds, expireInSeconds: config.engine.jobExpireSeconds,
    pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: Math.min(30, Math.max(1, Math.floor(config.engine.jobExpireSeconds / 2))),
  });
  const bus = observePipeline(createEventBus({ redisUrl: config.redisUrl }));
  const classifiers = createClassifierCache(args.database.db);
  const deps: EngineDeps = {
    db: args.database.db, bus, registry, strategy: config.engine.strategy, readyReasoner: createReadyReasoner(registry),
    triageEvaluatorsFor: async (policy) => {
      const classifier = await classifiers.forPolicy({ tenantId: policy.tenantId, policyId: policy.policyId });
      return classifier ? [...registry.triage(), classifier] : registry.triage();
    },
    timeouts: { triageMs: config.engine.triageTimeoutMs, reasoningMs: config.engine.reasoningTimeoutMs },
    reasoningSlots: createReasoningSlots({ max: config.engine.reasonerConcurrency }),
  };
  let stopReaper = () => undefined as void;
  return {
    queue, bus, registry, deps,
    async startWorker() {
      if (args.reclaimActive) await queue.reclaim('all-active');
      stopReaper = await startWorker({ queue, deps, bus, options: {
        concurrency: config.engine.workerConcurrency, leaseSeconds: config.engine.workerLeaseSeconds, maxAttempts: config.engine.retryLimit + 3,
      } });
      await startAppealWorker({ queue, deps });
    },
    async stop() {
      stopReaper();
      await queue.stop({ graceful: true });
      await bus.close();
      await classifiers.dispose();
      await registry.dispose();
    },
  };
}
