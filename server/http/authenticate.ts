import { GraphQLError } from 'graphql';
import type { Kysely } from 'kysely';
import { AuthenticationError } from '../auth/errors.js';
import type { Principal } from '../auth/roles.js';
import type { TokenVerifier } from '../auth/verify.js';
import type { Database } from '../db/schema.js';
import type { Scope } from '../domain/scope.js';

/** Who is calling and their tenant scope; both null for an anonymous request. */
export interface Caller {
  readonly principal: Principal | null;
  readonly scope: Scope | null;
}

/**
 * Turns an `Authorization` value into a caller. No token and a bad token are alike: an
 * UNAUTHENTICATED GraphQL error (HTTP 401), reason `missing` for none.
 */
export type Authenticate = (authorization: string | null | undefined) => Promise<Caller>;

export function createAuthenticate(args: {
  readonly verify: TokenVerifier;
  readonly resolveTenant: (key: string) => Promise<string>;
  readonly db: Kysely<Database>;
}): Authenticate {
  return async (authorization) => {
    if (!authorization) throw unauthenticated('authentication required: send "Authorization: Bearer <token>"', 'missing');
    const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
    if (!token) throw unauthenticated('the Authorization header must be "Bearer <token>"', 'scheme');
    try {
      const principal = await args.verify(token);
      const tenantId = await args.resolveTenant(principal.tenantKey);
      return { principal, scope: { db: args.db, tenantId, actor: principal.subject } };
    } catch (error) {
      if (error instanceof AuthenticationError) throw unauthenticated(error.message, error.reason);
      throw error;
    }
  };
}

function unauthenticated(message: string, reason: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', reason, http: { status: 401 } } });
}
