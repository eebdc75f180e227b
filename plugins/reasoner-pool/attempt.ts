import { EvaluatorError } from '../../sdk/index.js';
import type { ReasonInput, ReasonerResult } from '../../sdk/index.js';
import type { ReplicaState } from './replica.js';
import { inAttemptScope } from './scope.js';

/** How one attempt on one replica ended, when it did not simply succeed. */
export interface FailedAttempt {
  /** Reasoning of this attempt already reached the caller. */
  readonly delivered: boolean;
  /** Stable code of the failure (`STREAM_INTERRUPTED` for a cut stream). */
  readonly code: string;
  /** What to hand the caller if no other attempt is made: the reasoner's error, or its (truncated) result. */
  readonly outcome: { readonly error: unknown } | { readonly result: ReasonerResult };
}

// The replica itself is gone (refused, reset, cut): no point waiting for more failures to stop calling it.
const DEAD = new Set(['MODEL_SERVER_UNAVAILABLE', 'STREAM_INTERRUPTED']);

/**
 * Runs one attempt on `replica` (already admitted by its breaker) and books the outcome on the
 * breaker and counters. Aborts and the caller's own errors are rethrown as they are.
 */
export async function attemptOn(replica: ReplicaState, input: ReasonInput): Promise<{ result: ReasonerResult } | FailedAttempt> {
  const scope = { cut: false };
  let delivered = false;
  const onReasoning: ReasonInput['onReasoning'] = (fragment) => {
    delivered = true;
    input.onReasoning(fragment);
  };
  replica.inFlight += 1;
  try {
    const result = await inAttemptScope(scope, () => replica.evaluator.evaluate({ ...input, onReasoning, onRestart: undefined }));
    if (!scope.cut) {
      replica.breaker.success();
      replica.completed += 1;
      return { result };
    }
    return failed(replica, { delivered, code: 'STREAM_INTERRUPTED', outcome: { result } });
  } catch (error) {
    if (input.signal.aborted || !(error instanceof EvaluatorError) || !error.retryable) {
      replica.breaker.release();
      throw error;
    }
    return failed(replica, { delivered, code: scope.cut ? 'STREAM_INTERRUPTED' : error.code, outcome: { error } });
  } finally {
    replica.inFlight -= 1;
  }
}

function failed(replica: ReplicaState, attempt: FailedAttempt): FailedAttempt {
  replica.breaker.failure(DEAD.has(attempt.code));
  replica.failed += 1;
  return attempt;
}
