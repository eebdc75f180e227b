import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { policyDocument } from '../helpers/policies.js';

const key = new TextEncoder().encode(TEST_SECRET);
const sign = (claims: Record<string, unknown>, edit: (jwt: SignJWT) => SignJWT = (j) => j) =>
  edit(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('someone').setIssuedAt().setExpirationTime('1h')).sign(key);

const CREATE = `mutation($input: CreatePolicyInput!) { createPolicy(input: $input) { __typename ... on Error { code } } }`;
const LIST = `{ policies(first: 10) { edges { node { slug } } } }`;

describe(`authentication and roles (${testEngine})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({}, { JWT_ISSUER: 'https://issuer.test', JWT_AUDIENCE: 'arbiter' });
  });
  afterAll(async () => app.close());

  const good = (claims: Record<string, unknown> = {}) =>
    sign({ tenant: 'acme', roles: ['admin'], ...claims }, (j) => j.setIssuer('https://issuer.test').setAudience('arbiter'));

  it('accepts an HS256 token minted outside the project', async () => {
    const result = await app.gql(LIST, {}, await good());
    expect(result).toEqual({ status: 200, data: { policies: { edges: [] } } });
  });

  it('answers a request without a token like a bad one: UNAUTHENTICATED, HTTP 401, nothing executed', async () => {
    const result = await app.gql(LIST);
    expect(result.status).toBe(401);
    expect(result.errors?.map((e) => ({ code: e.extensions.code, reason: e.extensions.reason }))).toEqual([{ code: 'UNAUTHENTICATED', reason: 'missing' }]);
    expect(result.data).toBeUndefined();
  });

  it('refuses a token without exp, and one that lives longer than ARBITER_TOKEN_MAX_LIFETIME', async () => {
    const noExp = await new SignJWT({ tenant: 'acme', roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('someone')
      .setIssuer('https://issuer.test').setAudience('arbiter').setIssuedAt().sign(key);
    const century = await sign({ tenant: 'acme', roles: ['admin'] }, (j) => j.setIssuer('https://issuer.test').setAudience('arbiter').setExpirationTime('100y'));
    const reasons = [];
    for (const token of [noExp, century]) {
      const result = await app.gql(LIST, {}, token);
      reasons.push({ status: result.status, code: result.errors?.[0].extensions.code, reason: result.errors?.[0].extensions.reason });
    }
    expect(reasons).toEqual([
      { status: 401, code: 'UNAUTHENTICATED', reason: 'claim:exp' },
      { status: 401, code: 'UNAUTHENTICATED', reason: 'lifetime' },
    ]);
  });

  it('does not read a token from a GET query string', async () => {
    const token = await good();
    const query = encodeURIComponent(LIST);
    const extensions = encodeURIComponent(JSON.stringify({ authorization: `Bearer ${token}` }));
    const response = await app.yoga.fetch(`http://localhost/graphql?query=${query}&extensions=${extensions}&access_token=${token}`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).errors.map((e: any) => e.extensions.reason)).toEqual(['missing']);
  });

  const refusals: [string, () => Promise<string>, string][] = [
    ['alg: none', () => Promise.resolve(new UnsecuredJWT({ tenant: 'acme', roles: ['admin'], sub: 'x' }).encode()), 'algorithm'],
    ['an expired token', () => sign({ tenant: 'acme', roles: ['admin'] }, (j) => j.setIssuer('https://issuer.test').setAudience('arbiter').setExpirationTime(Math.floor(Date.now() / 1000) - 60)), 'expired'],
    ['a wrong audience', () => sign({ tenant: 'acme', roles: ['admin'] }, (j) => j.setIssuer('https://issuer.test').setAudience('someone-else')), 'claim:aud'],
    ['a wrong issuer', () => sign({ tenant: 'acme', roles: ['admin'] }, (j) => j.setIssuer('https://evil.test').setAudience('arbiter')), 'claim:iss'],
    ['an unknown role', () => good({ roles: ['admin', 'superuser'] }), 'claim:roles'],
    ['no tenant claim', () => good({ tenant: undefined }), 'claim:tenant'],
    ['a bad signature', async () => `${(await good()).slice(0, -4)}AAAA`, 'signature'],
  ];
  for (const [what, token, reason] of refusals) {
    it(`rejects ${what} with UNAUTHENTICATED and HTTP 401`, async () => {
      const result = await app.gql(LIST, {}, await token());
      expect(result.status).toBe(401);
      expect(result.errors?.map((e) => ({ code: e.extensions.code, reason: e.extensions.reason }))).toEqual([{ code: 'UNAUTHENTICATED', reason }]);
    });
  }

  it('lets an auditor read but not write (FORBIDDEN)', async () => {
    const auditor = await good({ roles: ['auditor'] });
    expect((await app.gql(LIST, {}, auditor)).data).toEqual({ policies: { edges: [] } });
    const write = await app.gql(CREATE, { input: { slug: 'pets', name: 'Pets', content: policyDocument() } }, auditor);
    expect(write.errors?.map((e) => ({ code: e.extensions.code, path: e.path }))).toEqual([{ code: 'FORBIDDEN', path: ['createPolicy'] }]);
  });

  it('does not let a service token author policies', async () => {
    const write = await app.gql(CREATE, { input: { slug: 'pets', name: 'Pets', content: policyDocument() } }, await good({ roles: ['service'] }));
    expect(write.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
