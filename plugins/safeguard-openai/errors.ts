import { EvaluatorError } from '../../sdk/index.js';

/** Stable error codes this plugin throws (all as {@link EvaluatorError}). */
export type SafeguardErrorCode =
  | 'MODEL_SERVER_UNAVAILABLE'
  | 'MODEL_SERVER_ERROR'
  | 'MODEL_NOT_FOUND'
  | 'STREAM_INTERRUPTED'
  | 'PROTOCOL_ERROR'
  | 'TIMEOUT'
  | 'CIRCUIT_OPEN'
  | 'INVALID_INPUT';

/** Codes that, when retryable, say the server (not the request) failed: they count against the breaker. */
export const SERVER_FAILURES: ReadonlySet<string> = new Set([
  'MODEL_SERVER_UNAVAILABLE',
  'MODEL_SERVER_ERROR',
  'STREAM_INTERRUPTED',
  'TIMEOUT',
]);

export function safeguardError(
  code: SafeguardErrorCode,
  message: string,
  options: { retryable: boolean; cause?: unknown },
): EvaluatorError {
  return new EvaluatorError(code, message, options);
}

/** Maps a non-2xx response: 5xx and 429 are retryable, a missing model is its own code. */
export function httpError(status: number, body: string, url: string): EvaluatorError {
  const detail = body.slice(0, 300).trim();
  const message = `model server answered ${status} for ${url}${detail ? `: ${detail}` : ''}`;
  if (status === 404 && /model/i.test(detail)) return safeguardError('MODEL_NOT_FOUND', message, { retryable: false });
  return safeguardError('MODEL_SERVER_ERROR', message, { retryable: status >= 500 || status === 429 });
}

/** Maps a fetch rejection that was neither an abort nor a timeout (refused, reset, DNS). */
export function connectionError(error: unknown, url: string): EvaluatorError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return safeguardError('MODEL_SERVER_UNAVAILABLE', `cannot reach the model server at ${url} (${reason})`, {
    retryable: true,
    cause: error,
  });
}
