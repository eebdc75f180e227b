import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, print } from 'graphql';
import { ArbiterError, fromGraphQLErrors, type WireError } from './errors.js';
import { authorization, canRefresh, type TokenSource } from './token.js';

/** What a transport needs to reach the server. */
export interface Connection {
  /** The GraphQL endpoint, e.g. `https://arbiter.example/graphql`. */
  readonly url: string;
  readonly token: TokenSource;
  /** `fetch` to use (default: the global one, Node 20+ and browsers). */
  readonly fetch: typeof fetch;
}

const printed = new WeakMap<DocumentNode, string>();

/** The query text of a document, printed once. */
export function queryText(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) printed.set(document, (text = print(document)));
  return text;
}

/**
 * Runs one query or mutation over HTTP POST. GraphQL errors become an ArbiterError with the
 * server's `extensions.code`; an UNAUTHENTICATED answer is retried once with a fresh token when
 * the token is a function.
 */
export async function execute<R, V>(connection: Connection, document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  try {
    return await post(connection, document, variables);
  } catch (error) {
    if (error instanceof ArbiterError && error.code === 'UNAUTHENTICATED' && canRefresh(connection.token)) return post(connection, document, variables);
    throw error;
  }
}

async function post<R, V>(connection: Connection, document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  const auth = await authorization(connection.token);
  if (auth) headers.authorization = auth;
  let response: Response;
  try {
    response = await connection.fetch(connection.url, { method: 'POST', headers, body: JSON.stringify({ query: queryText(document), variables }) });
  } catch (error) {
    throw new ArbiterError('NETWORK_ERROR', `could not reach ${connection.url}: ${(error as Error).message}`, { cause: error });
  }
  const body = (await response.json().catch(() => null)) as { data?: R | null; errors?: readonly WireError[] } | null;
  if (!body) throw new ArbiterError('BAD_RESPONSE', `the server answered HTTP ${response.status} without a GraphQL body`, { status: response.status });
  if (body.errors?.length) throw fromGraphQLErrors(body.errors, response.status);
  if (body.data === undefined || body.data === null) throw new ArbiterError('BAD_RESPONSE', 'the server answered without data', { status: response.status });
  return body.data;
}
