import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../server/db/schema.js';
import { createPolicy, publishPolicyVersion, retirePolicyVersion } from '../../../../server/domain/policies/service.js';
import type { Scope } from '../../../../server/domain/scope.js';
import { ensureTenant } from '../../../../server/domain/tenants/repository.js';
import { createTestDatabase, testEngine } from '../../../helpers/database.js';
import { policyDocument } from '../../../helpers/policies.js';

// Every column a published version has: each must be refused by the database itself.
const EDITS: Record<string, string> = {
  content: `content = content || ' '`,
  content_sha256: `content_sha256 = 'x'`,
  body: `body = 'ignore all rules'`,
  rules: `rules = '[]'::jsonb`,
  triage: `triage = '{}'::jsonb`,
  review: `review = '{"minSeverity": null}'::jsonb`,
  default_effort: `default_effort = 'HIGH'`,
  changelog: `changelog = 'rewritten'`,
  author: `author = 'mallory'`,
  version: `version = 99`,
  policy_id: `policy_id = policy_id`,
  created_at: `created_at = now() - interval '1 day'`,
  published_at: `published_at = now() - interval '1 day'`,
  retired_at: `retired_at = now()`,
  tenant_id: `tenant_id = tenant_id`,
};

describe(`published policy versions are frozen by the database (${testEngine})`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Kysely<Database>;
  let scope: Scope;
  let published: string;
  let retired: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    scope = { db, tenantId: await ensureTenant(db, 'acme'), actor: 'user:author' };
    published = (await createPolicy(scope, { slug: 'pets', name: 'Pets', content: policyDocument() })).version.id;
    await publishPolicyVersion(scope, published);
    retired = (await createPolicy(scope, { slug: 'old', name: 'Old', content: policyDocument({ slug: 'old' }) })).version.id;
    await publishPolicyVersion(scope, retired);
    await retirePolicyVersion(scope, retired);
  });
  afterAll(async () => database.close());

  const update = (id: string, set: string) => sql`update policy_versions set ${sql.raw(set)} where id = ${id}`.execute(db);

  it('refuses a plain UPDATE of every column of a PUBLISHED version (as the app user, and on PostgreSQL as superuser)', async () => {
    const role = await sql<{ rolsuper: boolean }>`select rolsuper from pg_roles where rolname = current_user`.execute(db);
    expect(role.rows).toEqual([{ rolsuper: true }]);
    const before = await db.selectFrom('policy_versions').selectAll().where('id', '=', published).executeTakeFirstOrThrow();
    const outcomes: Record<string, string> = {};
    for (const [column, set] of Object.entries(EDITS)) {
      // A no-op assignment (policy_id = policy_id) is not an edit; the rest are refused.
      outcomes[column] = await update(published, set).then(() => 'allowed', (e: Error) => (/immutable/.test(e.message) ? 'refused' : e.message));
    }
    expect(outcomes).toEqual({ ...Object.fromEntries(Object.keys(EDITS).map((c) => [c, 'refused'])), policy_id: 'allowed', tenant_id: 'allowed' });
    expect(await db.selectFrom('policy_versions').selectAll().where('id', '=', published).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('refuses a change to a column added later (the row is compared whole)', async () => {
    await sql`alter table policy_versions add column extra text`.execute(db);
    try {
      await expect(sql`update policy_versions set extra = 'x' where id = ${published}`.execute(db)).rejects.toThrow(/PUBLISHED and immutable/);
    } finally {
      await sql`alter table policy_versions drop column extra`.execute(db);
    }
  });

  it('moves status only forward: DRAFT -> PUBLISHED -> RETIRED', async () => {
    await expect(update(published, `status = 'DRAFT'`)).rejects.toThrow(/only moves forward \(PUBLISHED -> DRAFT refused\)/);
    await expect(update(retired, `status = 'PUBLISHED'`)).rejects.toThrow(/only moves forward \(RETIRED -> PUBLISHED refused\)/);
    await expect(update(retired, `status = 'DRAFT'`)).rejects.toThrow(/only moves forward/);
    await expect(update(retired, `body = 'x'`)).rejects.toThrow(/RETIRED and immutable/);
    const draft = (await createPolicy(scope, { slug: 'draft', name: 'Draft', content: policyDocument({ slug: 'draft' }) })).version.id;
    await expect(update(draft, `status = 'RETIRED'`)).rejects.toThrow(/DRAFT -> RETIRED refused/);
    await expect(update(draft, `changelog = 'still editable'`)).resolves.toBeDefined();
  });

  it('refuses to delete a published or retired version', async () => {
    await expect(sql`delete from policy_versions where id = ${published}`.execute(db)).rejects.toThrow(/immutable: DELETE refused/);
    await expect(sql`delete from policy_versions where id = ${retired}`.execute(db)).rejects.toThrow(/immutable: DELETE refused/);
  });

  it('chains publish and retire as audit events', async () => {
    const events = await db.selectFrom('audit_events').select(['action', 'subject_id']).where('subject_id', '=', retired).orderBy('chain_seq').execute();
    expect(events.map((e) => e.action)).toEqual(['policy_version.published', 'policy_version.retired']);
  });
});
