import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { publishPolicy } from '../../helpers/evaluate.js';

// Requests of one tenant that arrive together share a batch; one bad key must not fail the others.
describe('per-key batch errors through the app', () => {
  let app: TestApp;
  let token: string;
  let versionId: string;
  beforeAll(async () => {
    app = await createTestApp();
    token = await app.token(['admin']);
    versionId = await publishPolicy(app, token);
  });
  afterAll(async () => app?.close());

  it('fails only the field with a malformed id, never the rest of the request burst', async () => {
    const bad = encodeGlobalID('PolicyVersion', 'not-a-uuid');
    const query = `query($id: ID!) { node(id: $id) { id ... on PolicyVersion { version } } }`;
    const ids = Array.from({ length: 24 }, (_, i) => (i === 7 ? bad : versionId));
    const results = await Promise.all(ids.map((id) => app.gql(query, { id }, token)));
    const good = results.filter((_, i) => i !== 7);
    expect(good.map((r) => ({ errors: r.errors, node: r.data?.node }))).toEqual(good.map(() => ({ errors: undefined, node: { id: versionId, version: 1 } })));
    expect(results[7]!.data?.node ?? null).toBeNull();
  });

  it('isolates a bad key from good ones inside one request', async () => {
    const bad = encodeGlobalID('PolicyVersion', 'not-a-uuid');
    const result = await app.gql(`query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }`, { a: bad, b: versionId }, token);
    expect(result.data).toEqual({ a: null, b: { id: versionId } });
  });
});
