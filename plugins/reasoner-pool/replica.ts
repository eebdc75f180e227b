import type { ReasonerEvaluator, ReplicaHealth } from '../../sdk/index.js';
import { createReplicaBreaker, type ReplicaBreaker } from './breaker.js';
import type { PoolBreakerPolicy, PoolReplica } from './options.js';

/** A replica with its breaker and counters. */
export interface ReplicaState {
  readonly id: string;
  readonly evaluator: ReasonerEvaluator;
  readonly breaker: ReplicaBreaker;
  inFlight: number;
  completed: number;
  failed: number;
  /** What the last health probe said; `undefined` before the first. */
  lastReady: boolean | undefined;
}

export function createReplicaState(replica: PoolReplica, policy: PoolBreakerPolicy, now: () => number): ReplicaState {
  const breaker = createReplicaBreaker(policy, now);
  return { id: replica.id, evaluator: replica.evaluator, breaker, inFlight: 0, completed: 0, failed: 0, lastReady: undefined };
}

/**
 * The replica's health: an open breaker is not ready without asking the server (it recovers
 * through a trial call); otherwise the replica's own probe decides.
 */
export async function probeReplica(replica: ReplicaState): Promise<ReplicaHealth> {
  const breaker = replica.breaker.state();
  const counts = { inFlight: replica.inFlight, completed: replica.completed, failed: replica.failed };
  if (breaker === 'open') {
    replica.lastReady = false;
    return { id: replica.id, ready: false, detail: 'circuit breaker open after failures', breaker, ...counts };
  }
  const health = replica.evaluator.health
    ? await replica.evaluator.health().catch((error: Error) => ({ ready: false, detail: error.message }))
    : { ready: true };
  replica.lastReady = health.ready;
  return { id: replica.id, ready: health.ready, ...(health.detail ? { detail: health.detail } : {}), breaker, ...counts };
}

/**
 * The replica for the next attempt: least outstanding requests among those whose breaker admits
 * a call, replicas last probed unhealthy only when no other is left; ties go round-robin from
 * `cursor` so sequential calls alternate. `undefined` when none is left.
 */
export function pickReplica(replicas: readonly ReplicaState[], exclude: ReadonlySet<ReplicaState>, cursor: number): ReplicaState | undefined {
  const order = replicas.map((_, i) => replicas[(cursor + i) % replicas.length]!).filter((r) => !exclude.has(r));
  const rank = (r: ReplicaState): number => (r.lastReady === false ? 1 : 0);
  order.sort((a, b) => rank(a) - rank(b) || a.inFlight - b.inFlight); // stable: keeps the rotation for ties
  return order.find((replica) => replica.breaker.tryAdmit());
}
