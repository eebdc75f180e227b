import type { ErrorCode } from './generated/graphql.js';

/** One thing wrong with the input, as a VALIDATION_FAILED error lists it. */
export interface ArbiterProblem {
  readonly path: string;
  readonly line: number | null;
  readonly message: string;
}

/**
 * The stable codes an {@link ArbiterError} carries: every `ErrorCode` of the schema (typed payload
 * errors and auth), the limits' QUERY_TOO_COMPLEX and REQUEST_TOO_LARGE, INTERNAL_SERVER_ERROR for a
 * masked server fault, and NETWORK_ERROR when the server could not be reached or answered nonsense.
 */
export type ArbiterErrorCode = ErrorCode | 'QUERY_TOO_COMPLEX' | 'REQUEST_TOO_LARGE' | 'INTERNAL_SERVER_ERROR' | 'NETWORK_ERROR' | 'BAD_RESPONSE' | (string & {});

/** Every failure the client reports: match on `code` (stable), show `message` (for people). */
export class ArbiterError extends Error {
  override readonly name = 'ArbiterError';
  /** The stable machine-readable reason, e.g. `NOT_FOUND`, `VALIDATION_FAILED`, `FORBIDDEN`. */
  readonly code: ArbiterErrorCode;
  /** What was wrong with the input, for VALIDATION_FAILED. */
  readonly problems: readonly ArbiterProblem[];
  /** The HTTP status, when the error came with one. */
  readonly status: number | null;

  constructor(code: ArbiterErrorCode, message: string, options: { problems?: readonly ArbiterProblem[]; status?: number | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.problems = options.problems ?? [];
    this.status = options.status ?? null;
  }
}

/** A GraphQL error as servers send it. */
export interface WireError {
  readonly message: string;
  readonly extensions?: { readonly code?: unknown; readonly [key: string]: unknown };
}

/** The first GraphQL error of a response as an ArbiterError (INTERNAL_SERVER_ERROR without a code). */
export function fromGraphQLErrors(errors: readonly WireError[], status: number | null = null): ArbiterError {
  const first = errors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
  return new ArbiterError(code, first?.message ?? 'the server returned an error', { status });
}

/** A typed payload error member (`... on Error { code message }`) as an ArbiterError. */
export function fromPayloadError(error: { code: string; message: string; problems?: readonly ArbiterProblem[] }): ArbiterError {
  return new ArbiterError(error.code, error.message, { problems: error.problems ?? [] });
}

/** Whether retrying later (a new connection) may succeed: the network, or a refreshed token. */
export const isTransient = (error: unknown): boolean => error instanceof ArbiterError && error.code === 'NETWORK_ERROR';

/** A payload union's success member (by typename); any other member is a typed `Error`, thrown as an ArbiterError. */
export function payloadSuccess<P extends { __typename: string }, N extends P['__typename']>(payload: P, name: N): Extract<P, { __typename: N }> {
  if (payload.__typename === name) return payload as Extract<P, { __typename: N }>;
  throw fromPayloadError(payload as unknown as Parameters<typeof fromPayloadError>[0]);
}
