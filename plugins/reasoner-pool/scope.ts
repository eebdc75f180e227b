import { AsyncLocalStorage } from 'node:async_hooks';

/** What the pool learns about one attempt from the replica's HTTP traffic. */
export interface AttemptScope {
  /** A streamed response body broke before its end (the replica died or reset the connection). */
  cut: boolean;
}

const scopes = new AsyncLocalStorage<AttemptScope>();

/** Runs one attempt with `scope` visible to {@link replicaFetch} calls made on its behalf. */
export function inAttemptScope<T>(scope: AttemptScope, run: () => Promise<T>): Promise<T> {
  return scopes.run(scope, run);
}

/**
 * A `fetch` for HTTP reasoners inside a pool. A reasoner may report a stream cut mid-answer as a
 * truncated answer rather than an error (it already forwarded the reasoning); this wrapper tells
 * the pool that the connection broke, so the pool can restart the call on another replica.
 * Outside a pool call it is the plain `base` fetch.
 */
export function replicaFetch(base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    const scope = scopes.getStore();
    if (!scope || !response.body || (init?.method ?? 'GET').toUpperCase() !== 'POST') return response;
    const { status, statusText, headers } = response;
    return new Response(watched(response.body, scope, init?.signal ?? undefined), { status, statusText, headers });
  };
}

function watched(body: ReadableStream<Uint8Array>, scope: AttemptScope, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          // an abort (the caller's, or the reasoner's own timeout) is not the replica's fault
          if (!signal?.aborted) scope.cut = true;
          controller.error(error);
          return;
        }
        if (chunk.done) controller.close();
        else controller.enqueue(chunk.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
