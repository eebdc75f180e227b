import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { DomainError } from '../errors.js';

/** The code of an expected (client-caused or domain) failure, or null for a fault of the server. */
export function expectedCode(error: unknown): string | null {
  if (error instanceof DomainError) return error.code;
  if (!(error instanceof GraphQLError)) return null;
  const original = error.originalError;
  if (original instanceof DomainError) return original.code;
  // A GraphQLError made on purpose (auth, validation, limits) has no original error, or wraps another one.
  if (!original || original instanceof GraphQLError) {
    const code = error.extensions?.code ?? (original as GraphQLError | undefined)?.extensions?.code;
    return typeof code === 'string' ? code : 'GRAPHQL_ERROR';
  }
  return null;
}

/**
 * Logs one error: expected ones at info with their code and message and no stack; anything else
 * at error, with its stack.
 */
export function logError(logger: Logger, error: unknown, message = 'request failed'): void {
  const code = expectedCode(error);
  if (code) logger.info({ code, error: (error as Error).message }, message);
  else logger.error({ err: error }, message);
}

/** graphql-yoga's logger interface, onto the process's pino logger: the errors yoga logs go through `logError`. */
export function yogaLogger(current: () => Logger) {
  const logger = {
    debug: (...args: unknown[]) => current().debug({ detail: args.map(String) }, 'graphql-yoga'),
    info: (...args: unknown[]) => current().info({ detail: args.map(String) }, 'graphql-yoga'),
    warn: (...args: unknown[]) => current().warn({ detail: args.map(String) }, 'graphql-yoga'),
    error: (...args: unknown[]) => (args[0] instanceof Error ? logError(current(), args[0]) : current().error({ detail: args.map(String) }, 'graphql-yoga')),
  };
  return logger;
}
