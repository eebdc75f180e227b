import type { BreakerState } from '../../sdk/index.js';
import type { PoolBreakerPolicy } from './options.js';

/** A circuit breaker around one replica. */
export interface ReplicaBreaker {
  /** Whether a call may go to the replica now; in half-open state, admits one trial call. */
  tryAdmit(): boolean;
  success(): void;
  /** `dead`: the replica refused or cut the connection, which opens the breaker at once. */
  failure(dead: boolean): void;
  /** The admitted call ended without saying anything about the replica (aborted, bad request). */
  release(): void;
  state(): BreakerState;
}

/**
 * Opens after `failureThreshold` consecutive failures (or one dead connection) and refuses calls
 * for `cooldownMs`; then half-opens and admits one trial, whose success closes it again.
 */
export function createReplicaBreaker(policy: PoolBreakerPolicy, now: () => number): ReplicaBreaker {
  let state: BreakerState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let trialInFlight = false;
  const cooled = (): boolean => now() - openedAt >= policy.cooldownMs;
  return {
    tryAdmit() {
      if (state === 'open' && cooled()) state = 'half-open';
      if (state === 'open' || (state === 'half-open' && trialInFlight)) return false;
      if (state === 'half-open') trialInFlight = true;
      return true;
    },
    success() {
      state = 'closed';
      failures = 0;
      trialInFlight = false;
    },
    failure(dead) {
      failures += 1;
      if (dead || state === 'half-open' || failures >= policy.failureThreshold) {
        state = 'open';
        openedAt = now();
        trialInFlight = false;
      }
    },
    release() {
      trialInFlight = false;
    },
    state: () => (state === 'open' && cooled() ? 'half-open' : state),
  };
}
