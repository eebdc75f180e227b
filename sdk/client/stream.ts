import type { DocumentNode } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { ArbiterError, fromGraphQLErrors, type WireError } from './errors.js';
import { type Connection, queryText } from './http.js';
import { authorization, canRefresh } from './token.js';

/** How streams reach the server: SSE over fetch (default, no extra dependency) or graphql-ws. */
export type StreamTransport = 'sse' | 'ws';

/** Stream settings of the client. */
export interface StreamOptions {
  readonly transport: StreamTransport;
  /** A WebSocket class for `transport: 'ws'` where there is no global one (Node 20: `ws`). */
  readonly webSocketImpl?: unknown;
  /** Reconnections allowed in a row without receiving an event (default 8). */
  readonly maxReconnects: number;
  /** First reconnection delay in ms, doubled each time up to 5 s (default 200). */
  readonly reconnectDelayMs: number;
}

/** One subscription result. */
interface Result { readonly data?: Record<string, unknown> | null; readonly errors?: readonly WireError[] }

/** Opens one connection for a subscription; each call is a fresh connection. */
type Open = (variables: Record<string, unknown>) => AsyncIterableIterator<Result>;

/**
 * Yields the events of a `seq`-ordered subscription (`afterSeq` argument, root field with `seq`),
 * resuming after a dropped connection from the last `seq` seen: no gap, no duplicate. Stops after
 * an event for which `isLast` is true. Errors the server sends (a code) end it with an ArbiterError;
 * a network drop, a refused (expired) token or a stream that ends early reconnects with backoff.
 */
export async function* resumable<E extends { seq: number }>(
  connection: Connection, options: StreamOptions, document: DocumentNode, variables: Record<string, unknown>, isLast: (event: E) => boolean,
): AsyncGenerator<E> {
  const open = options.transport === 'ws' ? wsOpener(connection, options, document) : sseOpener(connection, document);
  let lastSeq = typeof variables.afterSeq === 'number' ? variables.afterSeq : 0;
  let failures = 0;
  for (;;) {
    const results = open({ ...variables, afterSeq: lastSeq });
    try {
      for await (const result of results) {
        if (result.errors?.length) throw fromGraphQLErrors(result.errors);
        const event = Object.values(result.data ?? {})[0] as E | undefined;
        if (!event || event.seq <= lastSeq) continue;
        lastSeq = event.seq;
        failures = 0;
        yield event;
        if (isLast(event)) return;
      }
    } catch (error) {
      const failure = classify(error, connection);
      if (failure) throw failure;
    } finally {
      await results.return?.();
    }
    failures += 1;
    if (failures > options.maxReconnects) throw new ArbiterError('NETWORK_ERROR', `the stream dropped ${failures} times in a row without progress`);
    await sleep(Math.min(options.reconnectDelayMs * 2 ** (failures - 1), 5000));
  }
}

/** The error to end the stream with, or null to reconnect. */
function classify(error: unknown, connection: Connection): ArbiterError | null {
  if (error instanceof ArbiterError) return error.code === 'UNAUTHENTICATED' && canRefresh(connection.token) ? null : error;
  const code = (error as { code?: unknown } | null)?.code;
  // graphql-ws closes with 4403 when the token is refused or expires: a token function gets a new one.
  if (code === 4403) return canRefresh(connection.token) ? null : new ArbiterError('UNAUTHENTICATED', 'the server closed the stream: the token was refused or expired');
  if (code === 4400 || code === 4409) return new ArbiterError('BAD_RESPONSE', `the server closed the stream (${String(code)})`, { cause: error });
  if (Array.isArray(error)) return fromGraphQLErrors(error as WireError[]);
  return null;
}

function sseOpener(connection: Connection, document: DocumentNode): Open {
  return (variables) => {
    const client = createSseClient({
      url: connection.url,
      fetchFn: connection.fetch,
      retryAttempts: 0,
      headers: async (): Promise<Record<string, string>> => {
        const auth = await authorization(connection.token);
        return auth ? { authorization: auth } : {};
      },
    });
    return closing(client.iterate<Record<string, unknown>>({ query: queryText(document), variables }) as AsyncIterableIterator<Result>, () => client.dispose());
  };
}

function wsOpener(connection: Connection, options: StreamOptions, document: DocumentNode): Open {
  return (variables) => {
    const client = createWsClient({
      url: connection.url.replace(/^http/, 'ws'),
      ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
      retryAttempts: 0,
      lazy: true,
      connectionParams: async () => {
        const auth = await authorization(connection.token);
        return auth ? { authorization: auth } : {};
      },
    });
    return closing(client.iterate<Record<string, unknown>>({ query: queryText(document), variables }) as AsyncIterableIterator<Result>, () => client.dispose());
  };
}

/** An iterator that also disposes its client when it ends, however it ends. */
function closing(inner: AsyncIterableIterator<Result>, dispose: () => unknown): AsyncIterableIterator<Result> {
  let disposed = false;
  const end = async () => {
    if (!disposed) await dispose();
    disposed = true;
  };
  return {
    [Symbol.asyncIterator]() { return this; },
    async next() {
      try {
        const next = await inner.next();
        if (next.done) await end();
        return next;
      } catch (error) {
        await end();
        throw error;
      }
    },
    async return() {
      await inner.return?.();
      await end();
      return { done: true, value: undefined };
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
