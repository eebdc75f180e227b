import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

describe('HTTP limits and errors', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await createTestApp({ limits: { maxDepth: 5, maxCost: 5000, maxRequestBytes: 2048 } });
    token = await app.token(['admin']);
  });
  afterAll(async () => app.close());

  it('refuses a query deeper than the limit with a clear error', async () => {
    const deep = '{ policies { edges { node { latestVersion { policy { latestVersion { policy { slug } } } } } } } }';
    const result = await app.gql(deep, {}, token);
    expect(result.errors?.[0]?.message).toMatch(/depth limit of 5/i);
  });

  it('refuses a request body over the size limit with HTTP 413', async () => {
    const result = await app.gql(`{ policy(slug: "${'x'.repeat(4000)}") { id } }`, {}, token);
    expect(result).toMatchObject({ status: 413, errors: [{ extensions: { code: 'REQUEST_TOO_LARGE' } }] });
  });

  it('answers a malformed cursor with VALIDATION_FAILED, not a masked error', async () => {
    const result = await app.gql('{ policies(first: 2, after: "nonsense") { edges { cursor } } }', {}, token);
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['VALIDATION_FAILED']);
  });

  it('masks unexpected errors', async () => {
    await app.database.db.schema.dropTable('policies').cascade().execute();
    const result = await app.gql('{ policies(first: 2) { edges { cursor } } }', {}, token);
    expect(result.errors).toEqual([{ message: 'Unexpected error.', locations: expect.any(Array), path: ['policies'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
  });

  it('serves GraphiQL outside production', async () => {
    const response = await app.yoga.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('GraphiQL');
  });
});
