import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../server/auth/roles.js';
import { ArbiterError, createArbiterClient, type ArbiterClient, type Evaluation } from '../../../sdk/client/index.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { publishPolicy } from '../../helpers/evaluate.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';

describe(`the client's review and appeal calls against a server (${testEngine})`, () => {
  let app: TestApp;
  let admin: ArbiterClient;
  let rita: ArbiterClient;
  let sam: ArbiterClient;
  let service: ArbiterClient;
  let auditor: ArbiterClient;
  // A confident VIOLATING verdict citing PT1.b, which the pets policy sends to a person (ESCALATED, asserted below).
  const reasoner = scriptedReasoner({ label: 'VIOLATING', ruleIds: ['PT1.b'], confidence: 'high', rationale: 'It describes hurting a cat.', reasoning: ['The cat was hurt.'] });
  beforeAll(async () => {
    app = await createTestApp({}, {}, [reasoner.evaluator]);
    const url = (await app.start(0)).url;
    const client = async (roles: readonly Role[], subject?: string) => createArbiterClient({ url, token: await app.token(roles, 'acme', subject) });
    admin = await client(['admin']);
    rita = await client(['reviewer'], 'rita');
    sam = await client(['reviewer'], 'sam');
    service = await client(['service'], 'svc:app');
    auditor = await client(['auditor']);
    await publishPolicy(app, await app.token(['admin']));
  }, 120_000);
  afterAll(async () => app.close());

  // Items are taken from the pets policy's queue ("default"): an appeal opens one in "appeals" too.
  async function escalated(content: string): Promise<Evaluation> {
    const evaluation = await admin.evaluate({ content, policies: ['pets'], wait: true });
    expect(evaluation.status).toBe('ESCALATED');
    return evaluation;
  }

  it('claims the escalated evaluation, decides it, and the HUMAN verdict is in decisions', async () => {
    const evaluation = await escalated('I tickled a cat and it purred');
    const item = await rita.review.claimNext('default');
    expect(item).toMatchObject({ status: 'CLAIMED', assignee: 'rita', decidedAt: null, evaluation: { id: evaluation.id, status: 'ESCALATED' } });
    const decided = await rita.review.decide({ id: item!.id, note: 'playful, not cruel', decisions: [
      { policyVersionId: evaluation.policyVersions[0]!.id, label: 'NON_VIOLATING', ruleIds: [], rationale: 'Tickling a cat is not cruelty.' },
    ] });
    expect(decided).toMatchObject({ id: item!.id, status: 'DECIDED', note: 'playful, not cruel', evaluation: { id: evaluation.id, status: 'DECIDED' } });
    expect(decided.decidedAt).not.toBeNull();
    const human = [];
    for await (const verdict of auditor.decisions({ policySlug: 'pets', stage: 'HUMAN' })) if (verdict.evaluation.id === evaluation.id) human.push(verdict);
    expect(human.map((v) => ({ stage: v.stage, label: v.label, reviewer: v.reviewer, rationale: v.rationale })))
      .toEqual([{ stage: 'HUMAN', label: 'NON_VIOLATING', reviewer: 'rita', rationale: 'Tickling a cat is not cruelty.' }]);
    expect(await rita.review.claimNext('default')).toBeNull();
  });

  it('submits an appeal against the decided evaluation, once', async () => {
    const evaluation = await escalated('I pulled the tail of a cat');
    const item = await rita.review.claimNext('default');
    await rita.review.decide({ id: item!.id, decisions: [{ policyVersionId: evaluation.policyVersions[0]!.id, label: 'VIOLATING', ruleIds: ['PT1.b'] }] });
    const appeal = await service.appeal({ evaluationId: evaluation.id, reason: 'It was a joke', appellant: 'user-42' });
    expect(appeal).toMatchObject({ reason: 'It was a joke', appellant: 'user-42', outcome: null, decidedAt: null, evaluation: { id: evaluation.id } });
    expect(['OPEN', 'REASONING', 'IN_REVIEW']).toContain(appeal.status);
    await expect(service.appeal({ evaluationId: evaluation.id, reason: 'again' })).rejects.toMatchObject({ name: 'ArbiterError', code: 'ALREADY_EXISTS' });
  });

  it('throws typed ArbiterErrors: ALREADY_CLAIMED for a held item, NOT_CLAIMED for one the caller does not hold', async () => {
    const evaluation = await escalated('I kicked a cat');
    const held = await rita.review.claimNext('default');
    expect(held?.evaluation.id).toBe(evaluation.id);
    const claimedByOther = await sam.review.claim(held!.id).catch((e: unknown) => e);
    expect(claimedByOther).toBeInstanceOf(ArbiterError);
    expect(claimedByOther).toMatchObject({ code: 'ALREADY_CLAIMED' });
    const decision = { policyVersionId: evaluation.policyVersions[0]!.id, label: 'VIOLATING' as const, ruleIds: ['PT1.b'] };
    await expect(sam.review.decide({ id: held!.id, decisions: [decision] })).rejects.toMatchObject({ name: 'ArbiterError', code: 'NOT_CLAIMED' });
    await expect(sam.review.release(held!.id)).rejects.toMatchObject({ code: 'NOT_CLAIMED' });
    expect(await rita.review.release(held!.id)).toMatchObject({ id: held!.id, status: 'OPEN', assignee: null });
    expect(await sam.review.claim(held!.id)).toMatchObject({ id: held!.id, status: 'CLAIMED', assignee: 'sam' });
    await expect(rita.review.decide({ id: held!.id, decisions: [decision] })).rejects.toMatchObject({ code: 'NOT_CLAIMED' });
  });
});
