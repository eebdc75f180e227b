import { SignJWT } from 'jose';
import type { Role } from './roles.js';

/** What a minted token says. */
export interface MintOptions {
  readonly secret: string;
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly subject?: string;
  readonly expiresIn?: string;
  readonly issuer?: string | null;
  readonly audience?: string | null;
}

/** Signs an HS256 token with the claims Arbiter reads (`sub`, `tenant`, `roles`). */
export function mintToken(options: MintOptions): Promise<string> {
  let jwt = new SignJWT({ tenant: options.tenant, roles: [...options.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject ?? `dev:${options.tenant}`)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '30d');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret));
}
