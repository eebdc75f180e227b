import { randomUUID } from 'node:crypto';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../../../migrations/index.js';
import type { Database } from '../../../../server/db/schema.js';
import { migrateToLatest } from '../../../../server/db/migrate.js';
import { chainHash } from '../../../../server/domain/audit/hash.js';
import { appendAuditEvent } from '../../../../server/domain/audit/repository.js';
import { verifyChains } from '../../../../server/domain/audit/verify.js';
import { createTestDatabase, testEngine } from '../../../helpers/database.js';
import { appendVerdictNow, reasoningVerdict } from './fixture.js';

/** A link as written before issue 9: scheme 1 over every column, the head moved by the writer. */
async function appendV1(db: Kysely<any>, chain: 'verdicts' | 'audit_events', row: Record<string, unknown>): Promise<void> {
  const head = await db.selectFrom('chain_heads').select(['seq', 'hash']).where('tenant_id', '=', row.tenant_id).where('chain', '=', chain).executeTakeFirst();
  const prev = head?.hash ?? '0'.repeat(64);
  const seq = Number(head?.seq ?? 0) + 1;
  const hash = chainHash(prev, row);
  await db.insertInto('chain_heads').values({ tenant_id: row.tenant_id, chain, seq, hash })
    .onConflict((oc: any) => oc.columns(['tenant_id', 'chain']).doUpdateSet({ seq, hash })).execute();
  const json = (v: unknown) => (v === null || typeof v !== 'object' || Array.isArray(v) && chain === 'verdicts' && v.every((x) => typeof x === 'string') ? v : JSON.stringify(v));
  await db.insertInto(chain).values({ ...Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v : json(v)])), chain_seq: seq, prev_hash: prev, hash }).execute();
}

describe(`a chain written before issue 9, after the upgrade (${testEngine})`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Kysely<Database>;
  const tenantId = randomUUID();
  const ids = { policy: randomUUID(), version: randomUUID(), evaluation: randomUUID() };

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    db = database.db;
    const old = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('20261127000400_audit_chain');
    expect(old.error).toBeUndefined();
    const raw = db as Kysely<any>;
    await raw.insertInto('tenants').values({ id: tenantId, key: 'acme' }).execute();
    await raw.insertInto('policies').values({ id: ids.policy, tenant_id: tenantId, slug: 'pets', name: 'Pets', created_by: 'u' }).execute();
    await raw.insertInto('policy_versions').values({ id: ids.version, tenant_id: tenantId, policy_id: ids.policy, version: 1, status: 'PUBLISHED', content: 'c',
      content_sha256: 'h', body: 'b', rules: '[]', triage: '{}', review: '{}', default_effort: 'LOW', author: 'u' }).execute();
    await raw.insertInto('evaluations').values({ id: ids.evaluation, tenant_id: tenantId, status: 'DECIDED', content: 'puppies', content_sha256: 'h',
      policy_version_ids: [ids.version], submitted_by: 'u' }).execute();
    await appendV1(raw, 'audit_events', { id: randomUUID(), tenant_id: tenantId, actor: 'u', action: 'policy.created', subject_type: 'Policy', subject_id: ids.policy, data: { slug: 'pets' }, created_at: new Date() });
    const verdict = reasoningVerdict({ tenantId, evaluationId: ids.evaluation, policyVersionId: ids.version, reasoning: 'old thoughts' });
    await appendV1(raw, 'verdicts', { ...verdict, reasoning_sha256: 'x', id: randomUUID(), created_at: new Date() });
    await migrateToLatest(db);
  }, 180_000);
  afterAll(async () => database.close());

  it('still verifies the old links, recorded as hash version 1', async () => {
    expect(await verifyChains(db, tenantId)).toMatchObject({ ok: true, checked: 2, headSeq: 2, headMatches: true });
    expect(await db.selectFrom('verdicts').select('hash_version').execute()).toEqual([{ hash_version: 1 }]);
  });

  it('appends version-2 links after them, lone surrogates included', async () => {
    await db.transaction().execute((trx) => appendAuditEvent(trx, { tenantId, actor: 'user:\uD800', action: 'policy.renamed', subjectType: 'Policy', subjectId: ids.policy, data: { name: 'Pets \uDC00', list: ['\uD83D'] } }));
    const verdict = await appendVerdictNow(db, reasoningVerdict({ tenantId, evaluationId: ids.evaluation, policyVersionId: ids.version, reasoning: 'thinks \uD800 here', rationale: 'half \uDBFF' }));
    expect({ rationale: verdict.rationale, reasoning: verdict.reasoning, findings: verdict.findings }).toEqual({ rationale: 'half \uFFFD', reasoning: 'thinks \uFFFD here', findings: [{ code: 'NOTE', message: 'half \uFFFD' }] });
    expect(await verifyChains(db, tenantId)).toMatchObject({ ok: true, checked: 4, headSeq: 4, headMatches: true });
    expect((await db.selectFrom('audit_events').select('hash_version').orderBy('chain_seq').execute()).map((r) => r.hash_version)).toEqual([1, 2]);
  });

  it('stays valid when a later migration adds columns to the chained tables', async () => {
    await sql`alter table verdicts add column appeal_note text default 'none'`.execute(db);
    await sql`alter table audit_events add column source text not null default 'api'`.execute(db);
    expect(await verifyChains(db, tenantId)).toMatchObject({ ok: true, checked: 4, headMatches: true });
    // What the pre-issue-9 verifier did (hash whatever columns the row has) now fails for every old link.
    const row = await db.selectFrom('audit_events').selectAll().where('chain_seq', '=', 1).executeTakeFirstOrThrow();
    const { chain_seq: _s, prev_hash, hash, hash_version: _v, ...everyColumn } = row;
    expect(chainHash(prev_hash, everyColumn)).not.toBe(hash);
  });
});
