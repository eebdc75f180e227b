import { EvaluatorError, throwIfAborted } from '../../sdk/index.js';
import type { EvaluatorHealth, ReasonInput, ReasonerEvaluator, ReasonerResult } from '../../sdk/index.js';
import { attemptOn, type FailedAttempt } from './attempt.js';
import { DEFAULT_BREAKER, type ReasonerPoolOptions } from './options.js';
import { createReplicaState, pickReplica, probeReplica, type ReplicaState } from './replica.js';

/** How many times one call may start again after its reasoning reached the caller. */
const MAX_RESTARTS = 1;

/**
 * A reasoner that spreads calls over several replicas of one model server: least outstanding
 * requests first, a circuit breaker per replica, and failover. A replica that fails before any
 * reasoning was forwarded is skipped silently for the next one; one that dies mid-stream has its
 * call restarted once on another replica, announced through `onRestart` (without `onRestart`, no
 * restart: the broken attempt's error or truncated answer is returned as a single reasoner would).
 *
 * Name, version, capabilities and identity are the replicas' own: the verdicts of one model do
 * not change identity because it is served by more machines.
 */
export function reasonerPool(options: ReasonerPoolOptions): ReasonerEvaluator {
  if (options.replicas.length === 0) throw new TypeError('reasonerPool needs at least one replica');
  const policy = { ...DEFAULT_BREAKER, ...options.breaker };
  const replicas = options.replicas.map((r) => createReplicaState(r, policy, options.clock ?? Date.now));
  const first = replicas[0]!.evaluator;
  let cursor = 0;
  return {
    name: first.name,
    version: first.version,
    kind: 'reasoner',
    capabilities: { ...first.capabilities, maxPoliciesPerCall: Math.min(...replicas.map((r) => r.evaluator.capabilities.maxPoliciesPerCall)) },
    setup: async () => void (await Promise.all(replicas.map((r) => r.evaluator.setup?.()))),
    dispose: async () => void (await Promise.all(replicas.map((r) => r.evaluator.dispose?.()))),
    health: () => poolHealth(replicas),
    identity: () => {
      const identities = [...new Set(replicas.map((r) => r.evaluator.identity()))].sort();
      return identities.length === 1 ? identities[0]! : JSON.stringify(identities);
    },
    evaluate: (input) => evaluateOnPool(replicas, input, () => cursor++),
  };
}

async function evaluateOnPool(replicas: readonly ReplicaState[], input: ReasonInput, nextCursor: () => number): Promise<ReasonerResult> {
  throwIfAborted(input.signal);
  const tried = new Set<ReplicaState>();
  const start = nextCursor();
  let restarts = 0;
  let last: FailedAttempt | undefined;
  for (;;) {
    if (last?.delivered && (!input.onRestart || restarts >= MAX_RESTARTS)) return settle(last);
    const replica = pickReplica(replicas, tried, start);
    if (!replica) return settle(last ?? { delivered: false, code: 'NO_REPLICA', outcome: { error: noReplica(replicas.length) } });
    tried.add(replica);
    if (last?.delivered) {
      restarts += 1;
      const reason = `${last.code}: a model-server replica failed after reasoning had started; restarted on another replica`;
      input.onRestart!({ attempt: restarts + 1, reason });
    }
    const outcome = await attemptOn(replica, input);
    if ('result' in outcome) return outcome.result;
    last = outcome;
  }
}

function settle(attempt: FailedAttempt): ReasonerResult {
  if ('result' in attempt.outcome) return attempt.outcome.result;
  throw attempt.outcome.error;
}

function noReplica(count: number): EvaluatorError {
  return new EvaluatorError('CIRCUIT_OPEN', `all ${count} model-server replicas have an open circuit breaker or failed this call`, { retryable: true });
}

async function poolHealth(replicas: readonly ReplicaState[]): Promise<EvaluatorHealth> {
  const states = await Promise.all(replicas.map(probeReplica));
  const ready = states.filter((s) => s.ready).length;
  const each = states.map((s) => `${s.id}: ${s.ready ? 'ready' : 'not ready'}, breaker ${s.breaker}, ${s.inFlight} in flight`);
  return { ready: ready > 0, detail: `${ready} of ${states.length} replicas ready (${each.join('; ')})`, replicas: states };
}
