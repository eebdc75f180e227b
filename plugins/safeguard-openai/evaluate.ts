import { EvaluatorError, throwIfAborted } from '../../sdk/index.js';
import type { EvaluatorPolicy, ReasonInput, ReasonerResult } from '../../sdk/index.js';
import { parseAnswers } from '../../sdk/reasoning/index.js';
import { runAttempt, type AttemptOutput } from './attempt.js';
import type { CircuitBreaker } from './breaker.js';
import { SERVER_FAILURES, safeguardError } from './errors.js';
import { NO_USAGE, type ResolvedOptions } from './options.js';
import { chatRequestBody } from './request.js';
import { withRetry } from './retry.js';
import type { ServerState } from './server-state.js';

// Errors after which a fresh attempt may succeed; timeouts are not retried (a stalled model
// would just stall again, multiplying the wait).
const RETRIED = new Set(['MODEL_SERVER_UNAVAILABLE', 'MODEL_SERVER_ERROR', 'STREAM_INTERRUPTED']);

/** What one evaluate call needs from its plugin instance. */
export interface EvaluateContext {
  readonly options: ResolvedOptions;
  readonly breaker: CircuitBreaker;
  readonly server: ServerState;
}

/**
 * One reasoner call: attempts guarded by the circuit breaker, retried with backoff only while
 * no reasoning has reached the caller, then the answer parsed (the engine validates it).
 */
export async function evaluateOnce(ctx: EvaluateContext, input: ReasonInput): Promise<ReasonerResult> {
  throwIfAborted(input.signal);
  checkPolicies(input.policies, ctx.options.maxPoliciesPerCall);
  const endpoints = await ctx.server.endpoints(input.signal);
  const { policies, content, effort } = input;
  const body = JSON.stringify(chatRequestBody({ flavour: endpoints.flavour, options: ctx.options, policies, content, effort }));
  const policyIds = policies.map((policy) => policy.id);
  let delivered = false;
  const onReasoning = (text: string): void => {
    delivered = true;
    input.onReasoning({ text, policyIds });
  };
  const attempt = (): Promise<AttemptOutput> =>
    guarded(ctx.breaker, () => runAttempt({ options: ctx.options, endpoints, body, signal: input.signal, onReasoning }));
  const shouldRetry = (error: unknown): boolean =>
    !delivered && error instanceof EvaluatorError && error.retryable && RETRIED.has(error.code);
  return toResult(await withRetry(ctx.options.retry, input.signal, attempt, shouldRetry), policies);
}

async function guarded<T>(breaker: CircuitBreaker, run: () => Promise<T>): Promise<T> {
  breaker.admit();
  try {
    const result = await run();
    breaker.success();
    return result;
  } catch (error) {
    if (error instanceof EvaluatorError && error.retryable && SERVER_FAILURES.has(error.code)) breaker.failure();
    else breaker.release();
    throw error;
  }
}

function checkPolicies(policies: readonly EvaluatorPolicy[], max: number): void {
  if (policies.length === 0 || policies.length > max) {
    throw safeguardError('INVALID_INPUT', `a call carries 1 to ${max} policies (maxPoliciesPerCall), not ${policies.length}`, { retryable: false });
  }
}

function toResult(output: AttemptOutput, policies: readonly EvaluatorPolicy[]): ReasonerResult {
  // plugins parse; the engine validates every answer once (DESIGN §4)
  const answers = parseAnswers(output.output, policies, { truncated: output.truncated });
  return { answers, reasoning: output.reasoning, output: output.output, usage: output.usage ?? NO_USAGE };
}
