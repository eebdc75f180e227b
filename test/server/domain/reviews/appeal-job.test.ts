import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReviewItem } from '../../../../server/domain/reviews/repository.js';
import { createTestApp, type TestApp } from '../../../helpers/app.js';
import { testEngine } from '../../../helpers/database.js';
import { publishPolicy } from '../../../helpers/evaluate.js';
import { CLAIM, DECIDE, escalate } from '../../../helpers/review.js';
import { scriptedReasoner } from '../../../helpers/scripted-reasoner.js';

const SUBMIT = `mutation($i: SubmitAppealInput!) { submitAppeal(input: $i) { ... on SubmitAppealSuccess { appeal { id } } ... on Error { code } } }`;
const APPEAL = `query($id: ID!) { node(id: $id) { ... on Appeal { status reviewItem { queue reasons } evaluation { verdicts { stage effort } } } } }`;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`the appeal re-run job when the reasoner fails (${testEngine})`, () => {
  let app: TestApp;
  let admin: string;
  let failing = false;
  const reasoner = scriptedReasoner(() => (failing ? { failTimes: 1_000, retryable: true } : { label: 'VIOLATING', ruleIds: ['PT1.b'], confidence: 'high', rationale: 'Cruelty.' }));
  beforeAll(async () => {
    app = await createTestApp({}, { ARBITER_RETRY_LIMIT: '1' }, [reasoner.evaluator]);
    admin = await app.token(['admin']);
    await publishPolicy(app, admin);
  });
  afterAll(async () => app.close());

  it('still puts the appeal before a person, saying the re-run failed, and writes no machine verdict', async () => {
    const evaluation = await escalate(app, admin, 'I hurt a cat (appeal with a broken model)');
    failing = true;
    const before = reasoner.calls.length;
    const submitted = await app.gql(SUBMIT, { i: { evaluationId: evaluation.id, reason: 'unfair' } }, admin);
    const id = submitted.data.submitAppeal.appeal.id;
    const appeal = await until(async () => (await app.gql(APPEAL, { id }, admin)).data.node, (a) => a.status === 'IN_REVIEW');
    failing = false;
    expect(appeal.reviewItem).toEqual({ queue: 'appeals', reasons: ['appeal: unfair', 'the appeal re-run failed'] });
    expect(reasoner.calls.length - before).toBe(2);
    expect(reasoner.calls.slice(before).map((c) => c.effort)).toEqual(['high', 'high']);
    expect(appeal.evaluation.verdicts.map((v: any) => v.stage)).toEqual(['TRIAGE', 'REASONING']);
    // The process stays up and keeps working.
    const next = await escalate(app, admin, 'I hurt a cat once more');
    expect(next.status).toBe('ESCALATED');
  });

  it('keeps the old call shape of openReviewItem working and computes placement itself', async () => {
    const evaluation = await escalate(app, admin, 'I hurt a cat (reopened)');
    const tenant = await app.database.db.selectFrom('tenants').select('id').where('key', '=', 'acme').executeTakeFirstOrThrow();
    const evaluationId = decodeGlobalID(evaluation.id).id;
    const row = await openReviewItem(app.database.db, { tenantId: tenant.id, evaluationId, reasons: ['evaluation failed'], priority: 1 });
    expect(row).toMatchObject({ id: decodeGlobalID(evaluation.reviewItem.id).id, reasons: ['evaluation failed'], priority: 4, severity: 4, queue: 'default', status: 'OPEN' });
    const reviewer = await app.token(['reviewer']);
    await app.gql(CLAIM, { id: evaluation.reviewItem.id }, reviewer);
    const decided = await app.gql(DECIDE, { i: { id: evaluation.reviewItem.id, decisions: [{ policyVersionId: evaluation.policyVersions[0].id, label: 'UNCERTAIN' }] } }, reviewer);
    expect(decided.data.decideReviewItem.evaluation.status).toBe('DECIDED');
  });
});
