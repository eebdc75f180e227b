import type { EvaluatorError } from '../../sdk/index.js';
import { safeguardError } from './errors.js';
import type { BreakerPolicy } from './options.js';

/** Circuit-breaker state, as `state()` reports it. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** A circuit breaker around one model server. */
export interface CircuitBreaker {
  /** Admits an attempt or throws `CIRCUIT_OPEN` at once. */
  admit(): void;
  success(): void;
  failure(): void;
  /** The admitted attempt ended without telling anything about the server (aborted, bad request). */
  release(): void;
  state(): BreakerState;
}

/**
 * Opens after `failureThreshold` consecutive failures and refuses calls for `cooldownMs`; then
 * half-opens and admits one trial attempt, whose success closes it and whose failure re-opens it.
 */
export function createCircuitBreaker(policy: BreakerPolicy, now: () => number): CircuitBreaker {
  let state: BreakerState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let trialInFlight = false;
  const refuse = (): EvaluatorError =>
    safeguardError('CIRCUIT_OPEN', `the model server failed ${policy.failureThreshold} times in a row; not calling it until the cool-down ends`, { retryable: true });
  const open = (): void => {
    state = 'open';
    openedAt = now();
    trialInFlight = false;
  };
  return {
    admit() {
      if (state === 'open' && now() - openedAt >= policy.cooldownMs) state = 'half-open';
      if (state === 'open' || (state === 'half-open' && trialInFlight)) throw refuse();
      if (state === 'half-open') trialInFlight = true;
    },
    success() {
      state = 'closed';
      failures = 0;
      trialInFlight = false;
    },
    failure() {
      failures += 1;
      if (state === 'half-open' || failures >= policy.failureThreshold) open();
    },
    release() {
      trialInFlight = false;
    },
    state: () => (state === 'open' && now() - openedAt >= policy.cooldownMs ? 'half-open' : state),
  };
}
