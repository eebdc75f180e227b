import { EvaluatorError } from '../../../sdk/index.js';

/**
 * A stable code for what went wrong: the evaluator's own code, TIMEOUT for a deadline, or
 * INTERNAL. Only codes reach `service`-visible text; the error itself goes to the log.
 */
export function failureCode(error: unknown): string {
  if (error instanceof EvaluatorError) return /^[A-Z][A-Z0-9_]{1,40}$/.test(error.code) ? error.code : 'EVALUATOR_ERROR';
  if (error instanceof Error && error.name === 'TimeoutError') return 'TIMEOUT';
  if (error instanceof Error && error.name === 'AbortError') return 'ABORTED';
  return 'INTERNAL';
}

/** Whether a fresh attempt may succeed. Timeouts are not retried: a stalled model would stall again. */
export function isRetryable(error: unknown): boolean {
  if (failureCode(error) === 'TIMEOUT') return false;
  return (error as { retryable?: boolean }).retryable !== false;
}

/**
 * Thrown to the job queue to ask for another attempt. Its message is a code only: the queue
 * stores it, and raw text (a NUL from a model server, a driver message) could not be stored.
 */
export class RetryRequested extends Error {
  constructor(readonly code: string) {
    super(`attempt failed: ${code}`);
    this.name = 'RetryRequested';
  }
}

/** The short message stored as Evaluation.error for a FAILED evaluation. */
export const failedMessage = (code: string): string => `${code}: the evaluation could not be completed; details are in the server log`;
