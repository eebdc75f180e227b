import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAppeal, recordReviewDecision } from '../../../../server/domain/audit/events.js';
import { appendAuditEvent } from '../../../../server/domain/audit/repository.js';
import { verifyChains } from '../../../../server/domain/audit/verify.js';
import { ensureTenant } from '../../../../server/domain/tenants/repository.js';
import { createTestDatabase, testEngine } from '../../../helpers/database.js';

describe(`review decisions and appeals as audit-chain links (${testEngine})`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let tenantId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    tenantId = await ensureTenant(database.db, 'acme');
  });
  afterAll(async () => database.close());

  it('chains a review decision and an appeal with their facts, after a plain event, and the chain verifies', async () => {
    const [evaluationId, verdictId, reviewItemId, appealId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const ids = await database.db.transaction().execute(async (trx) => [
      await appendAuditEvent(trx, { tenantId, actor: 'user:admin', action: 'policy.created', subjectType: 'Policy', subjectId: 'p', data: {} }),
      await recordReviewDecision(trx, { tenantId, actor: 'user:rev', reviewItemId, evaluationId, verdictIds: [verdictId], label: 'VIOLATING', ruleIds: ['PT1.a'], note: 'clear sale' }),
      await recordAppeal(trx, { tenantId, actor: 'service:app', appealId, event: 'submitted', evaluationId, verdictId, status: 'OPEN', reason: 'it was a joke' }),
    ]);
    const rows = await database.db.selectFrom('audit_events').select(['id', 'action', 'subject_type', 'subject_id', 'data']).orderBy('chain_seq').execute();
    expect(rows).toEqual([
      { id: ids[0], action: 'policy.created', subject_type: 'Policy', subject_id: 'p', data: {} },
      { id: ids[1], action: 'review.decided', subject_type: 'ReviewItem', subject_id: reviewItemId,
        data: { evaluationId, verdictIds: [verdictId], label: 'VIOLATING', ruleIds: ['PT1.a'], note: 'clear sale' } },
      { id: ids[2], action: 'appeal.submitted', subject_type: 'Appeal', subject_id: appealId,
        data: { evaluationId, verdictId, status: 'OPEN', reason: 'it was a joke' } },
    ]);
    expect(await verifyChains(database.db, tenantId)).toMatchObject({ ok: true, checked: 3, headSeq: 3, headMatches: true });
  });
});
