import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, POLICY_LIBRARY } from '../../../../server/app.js';
import { mintToken } from '../../../../server/auth/mint.js';
import { loadConfig } from '../../../../server/config.js';
import { loadPolicyDirectory } from '../../../../server/domain/policies/seed.js';
import { createPolicyVersion, publishPolicyVersion } from '../../../../server/domain/policies/service.js';
import { ensureTenant } from '../../../../server/domain/tenants/repository.js';
import { createTestDatabase } from '../../../helpers/database.js';
import { policyDocument } from '../../../helpers/policies.js';

type App = Awaited<ReturnType<typeof createApp>>;

async function gql(app: App, token: string, query: string, variables = {}) {
  const body = JSON.stringify({ query, variables });
  const response = await app.yoga.fetch('http://localhost/graphql', {
    method: 'POST', body, headers: { 'content-type': 'application/json', 'content-length': String(body.length), authorization: `Bearer ${token}` },
  });
  return (await response.json()) as { data: any; errors?: unknown };
}

const SPAM = `query { policy(slug: "spam") { publishedVersion { version author } latestVersion { version author } } }`;

describe('seeding the policy library across a restart (embedded)', () => {
  let dataDir: string;
  beforeEach(async () => (dataDir = await mkdtemp(join(tmpdir(), 'arbiter-seed-'))));
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  it('never re-publishes a seeded policy over a version a user made through the API', async () => {
    const config = loadConfig({ ARBITER_DATA_DIR: dataDir, ARBITER_SEED_POLICIES: 'true' });
    const first = await createApp(config);
    const token = await mintToken({ secret: first.jwtSecret!, tenant: 'default', roles: ['admin'], subject: 'user:alice' });
    const spam = (await readFile(join(POLICY_LIBRARY, 'spam.md'), 'utf8')).replace('name: Spam', 'name: Spam (tuned)');
    const created = await gql(first, token, `mutation($i: CreatePolicyVersionInput!) { createPolicyVersion(input: $i) {
      ... on CreatePolicyVersionSuccess { version { id } } } }`, { i: { slug: 'spam', content: spam } });
    await gql(first, token, `mutation($id: ID!) { publishPolicyVersion(id: $id) { __typename } }`, { id: created.data.createPolicyVersion.version.id });
    const before = await gql(first, token, SPAM);
    await first.stop();

    const second = await createApp(config);
    const after = await gql(second, token, SPAM);
    await second.stop();
    expect(before.data.policy).toEqual({ publishedVersion: { version: 2, author: 'user:alice' }, latestVersion: { version: 2, author: 'user:alice' } });
    expect(after.data).toEqual(before.data);
    expect(second.seeded.find((o) => o.slug === 'spam')).toEqual({ file: 'spam.md', slug: 'spam', action: 'kept', version: 2 });
    expect(second.seeded.filter((o) => o.action !== 'unchanged' && o.action !== 'kept')).toEqual([]);
  }, 120_000);
});

describe('loadPolicyDirectory as a seed', () => {
  it('publishes a changed seed file when no API-made version is newer, and keeps one that is', async () => {
    const database = await createTestDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'arbiter-seed-dir-'));
    try {
      const tenantId = await ensureTenant(database.db, 'default');
      const seedScope = { db: database.db, tenantId, actor: 'system:seed' };
      const file = join(dir, 'pets.md');
      await writeFile(file, policyDocument());
      expect(await loadPolicyDirectory(seedScope, dir, { keepNewerVersions: true })).toEqual([{ file: 'pets.md', slug: 'pets', action: 'created', version: 1 }]);
      await writeFile(file, policyDocument({ extraRule: true }));
      expect(await loadPolicyDirectory(seedScope, dir, { keepNewerVersions: true })).toEqual([{ file: 'pets.md', slug: 'pets', action: 'updated', version: 2 }]);

      const userScope = { ...seedScope, actor: 'user:bob' };
      const mine = await createPolicyVersion(userScope, { slug: 'pets', content: policyDocument({ name: 'Pets by Bob' }) });
      await publishPolicyVersion(userScope, mine.id);
      await writeFile(file, policyDocument({ severity: 3 }));
      expect(await loadPolicyDirectory(seedScope, dir, { keepNewerVersions: true })).toEqual([{ file: 'pets.md', slug: 'pets', action: 'kept', version: 3 }]);
      // An explicit push (the CLI) still makes the file the newest published version.
      expect(await loadPolicyDirectory({ ...seedScope, actor: 'cli:policy-push' }, dir)).toEqual([{ file: 'pets.md', slug: 'pets', action: 'updated', version: 4 }]);
    } finally {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
