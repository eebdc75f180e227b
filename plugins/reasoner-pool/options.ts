import type { ReasonerEvaluator } from '../../sdk/index.js';

/** One model-server replica the pool may send calls to. */
export interface PoolReplica {
  /** Stable name, reported by `health().replicas` (the base URL for HTTP servers). */
  readonly id: string;
  /** The reasoner that talks to this replica only. Give HTTP reasoners {@link replicaFetch} as their fetch. */
  readonly evaluator: ReasonerEvaluator;
}

/** When a replica's breaker opens, and for how long. */
export interface PoolBreakerPolicy {
  /** Consecutive failures (5xx, timeouts) that open it; a refused or cut connection opens it at once. */
  readonly failureThreshold: number;
  /** How long an open breaker refuses calls before one trial call is let through. */
  readonly cooldownMs: number;
}

/** Options of {@link reasonerPool}. */
export interface ReasonerPoolOptions {
  /** Two or more replicas serving the same model (one works, but then a pool adds nothing). */
  readonly replicas: readonly PoolReplica[];
  readonly breaker?: Partial<PoolBreakerPolicy>;
  /** Milliseconds clock for the breakers; tests inject one. Defaults to `Date.now`. */
  readonly clock?: () => number;
}

export const DEFAULT_BREAKER: PoolBreakerPolicy = { failureThreshold: 3, cooldownMs: 5_000 };
