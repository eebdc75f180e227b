/** Base class of errors an evaluator throws; `code` is stable and machine-readable. */
export class EvaluatorError extends Error {
  readonly code: string;
  /** Whether retrying the same call may succeed (connection errors, 5xx, timeouts). */
  readonly retryable: boolean;

  constructor(code: string, message: string, options?: { retryable?: boolean; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'EvaluatorError';
    this.code = code;
    this.retryable = options?.retryable ?? false;
  }
}

/** Thrown when two evaluators are registered under one name. */
export class DuplicateEvaluatorError extends Error {
  readonly code = 'DUPLICATE_EVALUATOR';
  constructor(name: string) {
    super(`an evaluator named "${name}" is already registered`);
    this.name = 'DuplicateEvaluatorError';
  }
}

/** The error an aborted evaluator call rejects with (same name as DOM's AbortError). */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const error = new Error('the evaluator call was aborted', { cause: reason });
  error.name = 'AbortError';
  return error;
}

/** Throws {@link abortError} when `signal` is already aborted. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortError(signal);
}
