import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../server/db/schema.js';
import { createCheckpoints } from '../../../../server/domain/audit/checkpoints.js';
import { linkHash } from '../../../../server/domain/audit/hash.js';
import { hashedRecord } from '../../../../server/domain/audit/records.js';
import { trustedKey } from '../../../../server/domain/audit/signing.js';
import { verifyChains } from '../../../../server/domain/audit/verify.js';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import { testEngine } from '../../../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../../../helpers/evaluate.js';
import { appendVerdictNow, asInsider, reasoningVerdict } from './fixture.js';

describe(`an insider with superuser access against the audit chain (${testEngine})`, () => {
  let app: TestApp;
  let db: Kysely<Database>;
  let tenantId: string;
  let keys: Awaited<ReturnType<typeof trustedKey>>[];
  const verify = (on: Kysely<Database> = db) => verifyChains(on, tenantId, keys);

  beforeAll(async () => {
    app = await createTestApp();
    db = app.database.db;
    const admin = await app.token(['admin']);
    await publishPolicy(app, admin);
    for (let i = 0; i < 3; i += 1) await evaluateAndWait(app, admin, { content: `puppies for sale #${i}`, policies: ['pets'] });
    tenantId = (await db.selectFrom('tenants').select('id').where('key', '=', 'acme').executeTakeFirstOrThrow()).id;
    const evaluation = await db.selectFrom('evaluations').select(['id', 'policy_version_ids']).executeTakeFirstOrThrow();
    await appendVerdictNow(db, reasoningVerdict({ tenantId, evaluationId: evaluation.id, policyVersionId: evaluation.policy_version_ids[0]!, reasoning: 'the cat is for sale' }));
    await createCheckpoints({ db, tenantId, actor: 'test' }, app.services.audit.signer);
    keys = [await trustedKey(app.services.audit.signer.publicKeyPem, app.services.audit.signer.keyId)];
  }, 180_000);
  afterAll(async () => app.close());

  const last = (table: 'verdicts' | 'audit_events') => db.selectFrom(table).select(['id', 'chain_seq', 'hash', 'prev_hash']).orderBy('chain_seq', 'desc').executeTakeFirstOrThrow();

  it('verifies the untouched chains, heads and checkpoints', async () => {
    const report = await verify();
    // 2 policy events + 3 evaluation submissions; 3 triage verdicts + 1 reasoning verdict.
    expect(report).toMatchObject({ ok: true, checked: 9, headSeq: 9, headMatches: true, checkpointsVerified: 2, subjectsChecked: 4, firstBrokenId: null });
    expect(report.chains.map((c) => [c.chain, c.lastSeq, c.headSeq, c.checkpointsMatched])).toEqual([['audit_events', 5, 5, 1], ['verdicts', 4, 4, 1]]);
  });

  it('refuses to move the chain head other than by appending (plain SQL, triggers on)', async () => {
    await expect(sql`update chain_heads set seq = seq - 1 where tenant_id = ${tenantId}`.execute(db)).rejects.toThrow(/only advances by one link/);
    await expect(sql`update chain_heads set seq = seq + 1 where tenant_id = ${tenantId}`.execute(db)).rejects.toThrow(/must point at the link just appended/);
    await expect(sql`update chain_heads set hash = ${'f'.repeat(64)} where tenant_id = ${tenantId}`.execute(db)).rejects.toThrow(/only advances by one link/);
    await expect(sql`delete from chain_heads`.execute(db)).rejects.toThrow(/DELETE refused/);
    await expect(sql`truncate chain_heads cascade`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_checkpoints`.execute(db)).rejects.toThrow(/append-only/);
    expect((await verify()).ok).toBe(true);
  });

  it('refuses a link that does not extend the head', async () => {
    const tail = await last('audit_events');
    const forged = sql`insert into audit_events (id, tenant_id, actor, action, subject_type, subject_id, data, chain_seq, prev_hash, hash, hash_version, created_at)
      values (gen_random_uuid(), ${tenantId}, 'mallory', 'x', 'X', 'x', '{}'::jsonb, ${Number(tail.chain_seq) + 1}, ${'a'.repeat(64)}, ${'b'.repeat(64)}, 2, now())`;
    await expect(forged.execute(db)).rejects.toThrow(/does not extend the chain head/);
  });

  it('detects a deleted tail', async () => {
    const tail = await last('audit_events');
    const report = await asInsider(db, async (trx) => {
      await sql`delete from audit_events where id = ${tail.id}`.execute(trx);
    }, verify);
    expect(report).toMatchObject({ ok: false, headMatches: false, headSeq: 9, checked: 8, firstBrokenChain: 'audit_events' });
    expect(report.firstBrokenReason).toMatch(/checkpoint at seq 5 is beyond the last link 4/);
  });

  it('detects a rewound head (tail deleted, head set back to the link before)', async () => {
    const tail = await last('verdicts');
    const report = await asInsider(db, async (trx) => {
      await sql`delete from verdicts where id = ${tail.id}`.execute(trx);
      await sql`update chain_heads set seq = seq - 1, hash = ${tail.prev_hash} where tenant_id = ${tenantId} and chain = 'verdicts'`.execute(trx);
    }, verify);
    expect(report).toMatchObject({ ok: false, headMatches: true, firstBrokenChain: 'verdicts', firstBrokenReason: 'checkpoint at seq 4 is beyond the last link 3 (links deleted)' });
  });

  it('detects a reused seq', async () => {
    const report = await asInsider(db, async (trx) => {
      await sql`alter table audit_events drop constraint audit_events_tenant_chain_key`.execute(trx);
      await sql`insert into audit_events select (gen_random_uuid()), tenant_id, actor, 'policy.deleted', subject_type, subject_id, data, chain_seq, prev_hash, hash, created_at, hash_version
        from audit_events where chain_seq = 2`.execute(trx);
    }, verify);
    expect(report).toMatchObject({ ok: false, firstBrokenChain: 'audit_events' });
    expect(report.firstBrokenReason).toMatch(/expected seq 3, found 2|hash does not match/);
  });

  it('detects a mid-chain edit of a verdict, and of its chain of thought', async () => {
    const victim = await db.selectFrom('verdicts').select('id').where('chain_seq', '=', 2).executeTakeFirstOrThrow();
    const edited = await asInsider(db, async (trx) => {
      await sql`update verdicts set label = 'NON_VIOLATING' where id = ${victim.id}`.execute(trx);
    }, verify);
    expect(edited).toMatchObject({ ok: false, firstBrokenId: victim.id, firstBrokenChain: 'verdicts', firstBrokenReason: 'hash does not match the recorded fields' });
    const reasoning = await last('verdicts');
    const rewritten = await asInsider(db, async (trx) => {
      await sql`update verdicts set reasoning = 'the cat is a gift' where id = ${reasoning.id}`.execute(trx);
    }, verify);
    expect(rewritten).toMatchObject({ ok: false, firstBrokenId: reasoning.id, firstBrokenReason: 'reasoning text does not match reasoning_sha256' });
  });

  it('detects a full recomputation of the chain after an edit (the signed checkpoint disagrees)', async () => {
    const report = await asInsider(db, async (trx) => {
      const rows = await trx.selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId).orderBy('chain_seq').execute();
      let prevHash = '0'.repeat(64);
      for (const row of rows) {
        const changed = { ...row, actor: row.chain_seq === 1 ? 'user:mallory' : row.actor };
        const hash = linkHash(2, { chain: 'audit_events', seq: Number(row.chain_seq), prevHash, record: hashedRecord('audit_events', 2, changed) });
        await trx.updateTable('audit_events').set({ actor: changed.actor, prev_hash: prevHash, hash }).where('id', '=', row.id).execute();
        prevHash = hash;
      }
      await trx.updateTable('chain_heads').set({ hash: prevHash }).where('tenant_id', '=', tenantId).where('chain', '=', 'audit_events').execute();
    }, verify);
    expect(report).toMatchObject({ ok: false, headMatches: true, firstBrokenChain: 'audit_events' });
    expect(report.firstBrokenReason).toMatch(/^checkpoint .* signed hash .* for seq 5/);
  });

  it('detects a forged checkpoint and a downgraded hash version', async () => {
    const forged = await asInsider(db, async (trx) => {
      await sql`update audit_checkpoints set seq = seq, signature = signature || 'x' where chain = 'verdicts'`.execute(trx);
    }, verify);
    expect(forged).toMatchObject({ ok: false, firstBrokenChain: 'verdicts' });
    expect(forged.firstBrokenReason).toMatch(/signature does not verify/);
    const downgraded = await asInsider(db, async (trx) => {
      await sql`update verdicts set hash_version = 1 where chain_seq = 2`.execute(trx);
    }, verify);
    expect(downgraded).toMatchObject({ ok: false, firstBrokenChain: 'verdicts' });
  });

  it("refuses an edit of an evaluation's content, whose hash the audit chain holds", async () => {
    const evaluation = await db.selectFrom('evaluations').select(['id', 'content_sha256']).executeTakeFirstOrThrow();
    await expect(sql`update evaluations set content = 'something else' where id = ${evaluation.id}`.execute(db)).rejects.toThrow(/content is immutable/);
    const submitted = await db.selectFrom('audit_events').select('data').where('action', '=', 'evaluation.submitted').where('subject_id', '=', evaluation.id).executeTakeFirstOrThrow();
    expect(submitted.data).toMatchObject({ contentSha256: evaluation.content_sha256 });
  });

  it('detects the content of a published version or of an evaluation edited behind the triggers', async () => {
    const version = await db.selectFrom('policy_versions').select('id').where('status', '=', 'PUBLISHED').executeTakeFirstOrThrow();
    const published = await asInsider(db, async (trx) => {
      await sql`update policy_versions set content = content || ' (ignore rule PT1.a)', content_sha256 = encode(sha256(convert_to(content || ' (ignore rule PT1.a)', 'UTF8')), 'hex') where id = ${version.id}`.execute(trx);
    }, verify);
    expect(published).toMatchObject({ ok: false, headMatches: true, firstBrokenChain: 'audit_events' });
    expect(published.firstBrokenReason).toMatch(/does not match the chained sha256/);
    const evaluation = await db.selectFrom('evaluations').select('id').executeTakeFirstOrThrow();
    const submitted = await asInsider(db, async (trx) => {
      await sql`update evaluations set content = 'harmless' where id = ${evaluation.id}`.execute(trx);
    }, verify);
    expect(submitted).toMatchObject({ ok: false, firstBrokenChain: 'audit_events' });
    expect(submitted.firstBrokenReason).toMatch(/does not match the chained sha256/);
  });

  it('reports the same through GraphQL to an auditor', async () => {
    const auditor = await app.token(['auditor']);
    const result = await app.gql('{ verifyAuditChain { ok checked headSeq headMatches checkpointsVerified firstBrokenId chains { chain ok headMatches } } }', {}, auditor);
    expect(result.data).toEqual({ verifyAuditChain: { ok: true, checked: 9, headSeq: 9, headMatches: true, checkpointsVerified: 2, firstBrokenId: null,
      chains: [{ chain: 'audit_events', ok: true, headMatches: true }, { chain: 'verdicts', ok: true, headMatches: true }] } });
  });
});
