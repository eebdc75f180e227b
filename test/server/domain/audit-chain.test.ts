import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { policyDocument } from '../../helpers/policies.js';

describe(`audit chain (${testEngine})`, () => {
  let app: TestApp;
  let admin: string;
  beforeAll(async () => {
    app = await createTestApp();
    admin = await app.token(['admin']);
    const created = await app.gql(`mutation($i: CreatePolicyInput!) { createPolicy(input: $i) { ... on CreatePolicySuccess { version { id } } } }`,
      { i: { slug: 'pets', name: 'Pets', content: policyDocument() } }, admin);
    await app.gql(`mutation($id: ID!) { publishPolicyVersion(id: $id) { __typename } }`, { id: created.data.createPolicy.version.id }, admin);
  });
  afterAll(async () => app.close());

  it('records every policy change as a hash-chained event', async () => {
    const rows = await app.database.db.selectFrom('audit_events').select(['action', 'chain_seq', 'actor']).orderBy('chain_seq').execute();
    expect(rows).toEqual([
      { action: 'policy.created', chain_seq: 1, actor: 'user:admin' },
      { action: 'policy_version.published', chain_seq: 2, actor: 'user:admin' },
    ]);
    expect((await app.gql('{ verifyAuditChain { ok checked firstBrokenId } }', {}, admin)).data).toEqual({ verifyAuditChain: { ok: true, checked: 2, firstBrokenId: null } });
  });

  it('refuses UPDATE and DELETE of audit events in the database itself', async () => {
    await expect(sql`update audit_events set actor = 'mallory'`.execute(app.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(app.database.db)).rejects.toThrow(/append-only/);
  });

  it('detects a row tampered with behind the trigger', async () => {
    const victim = await app.database.db.selectFrom('audit_events').select('id').where('chain_seq', '=', 1).executeTakeFirstOrThrow();
    await app.database.db.transaction().execute(async (trx) => {
      await sql`alter table audit_events disable trigger audit_events_append_only`.execute(trx);
      await sql`update audit_events set actor = 'mallory' where id = ${victim.id}`.execute(trx);
      await sql`alter table audit_events enable trigger audit_events_append_only`.execute(trx);
    });
    const report = await app.gql('{ verifyAuditChain { ok checked firstBrokenId firstBrokenChain } }', {}, admin);
    expect(report.data).toEqual({ verifyAuditChain: { ok: false, checked: 1, firstBrokenId: victim.id, firstBrokenChain: 'audit_events' } });
  });
});
