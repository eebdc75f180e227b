import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { mintToken } from '../../server/auth/mint.js';
import { loadConfig } from '../../server/config.js';
import { policyDocument } from '../helpers/policies.js';

async function gql(app: Awaited<ReturnType<typeof createApp>>, token: string, query: string, variables = {}) {
  const body = JSON.stringify({ query, variables });
  const response = await app.yoga.fetch('http://localhost/graphql', {
    method: 'POST', body, headers: { 'content-type': 'application/json', 'content-length': String(body.length), authorization: `Bearer ${token}` },
  });
  return (await response.json()) as { data: any };
}

describe('embedded mode across a restart', () => {
  it('keeps policies, the dev secret and the audit chain in the same data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'arbiter-restart-'));
    try {
      const config = loadConfig({ ARBITER_DATA_DIR: dataDir, ARBITER_SEED_POLICIES: 'false' });
      const first = await createApp(config);
      const token = await mintToken({ secret: first.jwtSecret!, tenant: 'default', roles: ['admin'] });
      await gql(first, token, `mutation($i: CreatePolicyInput!) { createPolicy(input: $i) { __typename } }`, { i: { slug: 'pets', name: 'Pets', content: policyDocument() } });
      await first.stop();

      const second = await createApp(config);
      expect(second.jwtSecret).toBe(first.jwtSecret);
      const read = await gql(second, token, `{ policy(slug: "pets") { latestVersion { version status } } verifyAuditChain { ok checked } }`);
      expect(read.data).toEqual({ policy: { latestVersion: { version: 1, status: 'DRAFT' } }, verifyAuditChain: { ok: true, checked: 1 } });
      await second.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    // Two starts of an on-disk PGlite (migrations, seed, checkpoint key): ~30 s on a loaded 2-core machine.
  }, 180_000);
});
