import type { Principal } from '../auth/roles.js';
import type { Scope } from '../domain/scope.js';
import type { Authenticate } from './authenticate.js';

export type FetchAPI = { Response: typeof Response; ReadableStream: typeof ReadableStream };

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, VALIDATION_FAILED: 400 };

/** A JSON error body like GraphQL's (`errors[].extensions.code`), never a stack trace. */
export function jsonError(fetchAPI: FetchAPI, code: string, message: string): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status: STATUS[code] ?? 500, headers: { 'content-type': 'application/json' },
  });
}

/** The caller of an export, or the error response (401 without a token, 403 without `allowed`). */
export async function exportCaller(fetchAPI: FetchAPI, authenticate: Authenticate, request: Request, allowed: (p: Principal) => boolean)
  : Promise<{ principal: Principal; scope: Scope; denied?: undefined } | { denied: Response }> {
  let caller;
  try {
    caller = await authenticate(request.headers.get('authorization'));
  } catch (error) {
    return { denied: jsonError(fetchAPI, 'UNAUTHENTICATED', (error as Error).message) };
  }
  if (!caller.principal || !caller.scope) return { denied: jsonError(fetchAPI, 'UNAUTHENTICATED', 'authentication required') };
  if (!allowed(caller.principal)) return { denied: jsonError(fetchAPI, 'FORBIDDEN', 'not allowed to export this') };
  return { principal: caller.principal, scope: caller.scope };
}

/**
 * Streams `lines` as NDJSON. The first line is produced before the response starts, so a failure
 * up front is a proper error status; a failure mid-stream ends the body with one JSON error line.
 */
export async function ndjsonResponse(fetchAPI: FetchAPI, lines: AsyncIterator<string>, onError: (error: unknown) => void): Promise<Response> {
  const first = await lines.next();
  const encoder = new TextEncoder();
  const body = new fetchAPI.ReadableStream({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        onError(error);
        controller.enqueue(encoder.encode(`${JSON.stringify({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] })}\n`));
        controller.close();
      }
    },
    async cancel() {
      await lines.return?.();
    },
  });
  return new fetchAPI.Response(body, { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
}
