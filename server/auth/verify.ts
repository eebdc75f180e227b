import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AuthenticationError } from './errors.js';
import { createTokenCache } from './token-cache.js';
import { isRole, type Principal } from './roles.js';

/** How tokens are checked: a shared HS256 secret, or RS256/ES256 keys from a JWKS URL. */
export interface VerifierOptions {
  readonly secret: string | null;
  readonly jwksUrl: string | null;
  readonly issuer: string | null;
  readonly audience: string | null;
  /** Longest lifetime a token may have, in seconds (DEFAULT_TOKEN_MAX_LIFETIME_SECONDS when absent). */
  readonly maxLifetimeSeconds?: number;
}

/** 30 days, the default of ARBITER_TOKEN_MAX_LIFETIME. */
export const DEFAULT_TOKEN_MAX_LIFETIME_SECONDS = 30 * 86_400;

export type TokenVerifier = (token: string) => Promise<Principal>;

/** Builds the verifier; `alg: none` and any algorithm not listed here are always refused. */
export function createTokenVerifier(options: VerifierOptions): TokenVerifier {
  const key = keyFor(options);
  const algorithms = options.jwksUrl ? ['RS256', 'ES256'] : ['HS256'];
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_TOKEN_MAX_LIFETIME_SECONDS;
  const checks = {
    algorithms,
    requiredClaims: ['exp'],
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.audience ? { audience: options.audience } : {}),
  };
  const cache = createTokenCache();
  return async (token) => {
    const known = cache.get(token);
    if (known) return known;
    try {
      const { payload } = typeof key === 'function' ? await jwtVerify(token, key, checks) : await jwtVerify(token, key, checks);
      checkLifetime(payload, maxLifetime);
      const principal = principalOf(payload);
      cache.set(token, principal, payload.exp);
      return principal;
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError(reasonOf(error), `invalid token: ${(error as Error).message}`, { cause: error });
    }
  };
}

function keyFor(options: VerifierOptions): KeyObject | JWTVerifyGetKey {
  if (options.jwksUrl) return createRemoteJWKSet(new URL(options.jwksUrl));
  if (!options.secret) throw new Error('a JWT secret or a JWKS URL is required');
  // A KeyObject made once: jose would import raw bytes again on every request.
  return createSecretKey(Buffer.from(options.secret, 'utf8'));
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim:${error.claim}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  return 'malformed';
}

/** A token must expire, and not later than the configured lifetime after it was issued (or from now, without `iat`). */
function checkLifetime(payload: JWTPayload, maxSeconds: number): void {
  const from = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
  if (typeof payload.exp === 'number' && payload.exp - from > maxSeconds) {
    throw new AuthenticationError('lifetime', `the token lives longer than the allowed ${maxSeconds} s (ARBITER_TOKEN_MAX_LIFETIME)`);
  }
}

function principalOf(payload: JWTPayload): Principal {
  const { sub, tenant, roles } = payload as JWTPayload & { tenant?: unknown; roles?: unknown };
  if (typeof sub !== 'string' || sub === '') throw new AuthenticationError('claim:sub', 'the token has no "sub" claim');
  if (typeof tenant !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(tenant)) {
    throw new AuthenticationError('claim:tenant', 'the "tenant" claim must be a tenant key of letters, digits, ".", "_" or "-"');
  }
  if (!Array.isArray(roles) || roles.length === 0) throw new AuthenticationError('claim:roles', 'the "roles" claim must be a non-empty array');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new AuthenticationError('claim:roles', `unknown role(s): ${unknown.join(', ')}`);
  return { subject: sub, tenantKey: tenant, roles: new Set(roles.filter(isRole)) };
}
