import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, type TokenVerifier } from '../../../server/auth/verify.js';

describe('tokens verified against a JWKS URL', () => {
  let server: Server;
  let verify: TokenVerifier;
  const keys: Record<string, CryptoKey> = {};
  beforeAll(async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    keys.RS256 = rsa.privateKey as CryptoKey;
    keys.ES256 = ec.privateKey as CryptoKey;
    const jwks = { keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'rsa', alg: 'RS256' }, { ...(await exportJWK(ec.publicKey)), kid: 'ec', alg: 'ES256' }] };
    server = createServer((_, response) => response.setHeader('content-type', 'application/json').end(JSON.stringify(jwks)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    verify = createTokenVerifier({ secret: null, jwksUrl: `http://127.0.0.1:${port}/jwks.json`, issuer: 'https://idp.test', audience: 'arbiter' });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sign = (alg: 'RS256' | 'ES256', kid: string, claims: Record<string, unknown> = {}) =>
    new SignJWT({ tenant: 'acme', roles: ['auditor'], ...claims }).setProtectedHeader({ alg, kid }).setSubject('alice')
      .setIssuer('https://idp.test').setAudience('arbiter').setIssuedAt().setExpirationTime('5m').sign(keys[alg]!);

  it('accepts RS256 and ES256 tokens signed by keys the JWKS lists', async () => {
    for (const [alg, kid] of [['RS256', 'rsa'], ['ES256', 'ec']] as const) {
      const principal = await verify(await sign(alg, kid));
      expect({ ...principal, roles: [...principal.roles] }).toEqual({ subject: 'alice', tenantKey: 'acme', roles: ['auditor'] });
    }
  });

  it('refuses an HS256 token even with a plausible key id', async () => {
    const token = await new SignJWT({ tenant: 'acme', roles: ['admin'] }).setProtectedHeader({ alg: 'HS256', kid: 'rsa' }).setSubject('mallory')
      .setIssuer('https://idp.test').setAudience('arbiter').setExpirationTime('5m').sign(new TextEncoder().encode('x'.repeat(32)));
    await expect(verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', reason: 'algorithm' });
  });

  it('refuses a token signed by a key the JWKS does not list', async () => {
    const stranger = await generateKeyPair('ES256');
    const token = await new SignJWT({ tenant: 'acme', roles: ['admin'] }).setProtectedHeader({ alg: 'ES256', kid: 'ec' }).setSubject('mallory')
      .setIssuer('https://idp.test').setAudience('arbiter').setExpirationTime('5m').sign(stranger.privateKey);
    await expect(verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', reason: 'signature' });
  });
});
