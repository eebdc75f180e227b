import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client for a started test server, authenticated through connectionParams. */
export function wsClient(url: string, token: string | null): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** Collects every result of one subscription until it completes (or fails). */
export function collect<T = Record<string, any>>(client: Client, query: string, variables: Record<string, unknown>): Promise<{ data?: T; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }[]> {
  const results: { data?: T; errors?: any[] }[] = [];
  return new Promise((resolve, reject) => {
    client.subscribe<T>({ query, variables }, {
      next: (value) => void results.push(value as never),
      error: (error) => (Array.isArray(error) ? resolve([...results, { errors: error }]) : reject(error)),
      complete: () => resolve(results),
    });
  });
}
