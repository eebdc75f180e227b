import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDatasetByName, listDatasetItems } from '../../server/domain/datasets/repository.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { publishPolicy } from '../helpers/evaluate.js';
import { CLAIM, DECIDE, escalate } from '../helpers/review.js';
import { scriptedReasoner } from '../helpers/scripted-reasoner.js';

const STATS = `query($p: String) { reviewStats(policySlug: $p) { open claimed overdue decided overturned overturnRate medianMinutesToDecision
  perRule { ruleId decided overturned } } }`;
const HUMAN_DECISIONS = `{ decisions(filter: { policySlug: "pets", stage: HUMAN }) { edges { node { stage label reviewer ruleIds evaluation { id } supersedes { stage label } } } } }`;

describe(`review decisions (${testEngine})`, () => {
  let app: TestApp;
  let admin: string;
  let reviewer: string;
  const reasoner = scriptedReasoner({ label: 'VIOLATING', ruleIds: ['PT1.b'], confidence: 'high', rationale: 'It describes hurting a cat.', reasoning: ['The cat was hurt.'] });
  beforeAll(async () => {
    app = await createTestApp({}, {}, [reasoner.evaluator]);
    admin = await app.token(['admin']);
    reviewer = await app.token(['reviewer'], 'acme', 'rita');
    await publishPolicy(app, admin);
  });
  afterAll(async () => app.close());

  async function claimed(content: string) {
    const evaluation = await escalate(app, admin, content);
    await app.gql(CLAIM, { id: evaluation.reviewItem.id }, reviewer);
    return { evaluation, id: evaluation.reviewItem.id as string, versionId: evaluation.policyVersions[0].id as string };
  }

  it('records an overturn as the HUMAN final verdict, in decisions, stats, a REVIEW dataset item and a valid chain', async () => {
    const { evaluation, id, versionId } = await claimed('I tickled a cat and it purred');
    const decided = await app.gql(DECIDE, { i: { id, note: 'playful, not cruel', decisions: [
      { policyVersionId: versionId, label: 'NON_VIOLATING', ruleIds: [], rationale: 'Tickling a cat is not cruelty.' },
    ] } }, reviewer);
    const result = decided.data.decideReviewItem;
    expect(result.__typename).toBe('DecideReviewItemSuccess');
    expect(result.verdicts).toEqual([expect.objectContaining({
      stage: 'HUMAN', label: 'NON_VIOLATING', ruleIds: [], rationale: 'Tickling a cat is not cruelty.', reviewer: 'rita', evaluator: 'human',
      severity: null, recommendedAction: null, supersedes: { stage: 'REASONING', label: 'VIOLATING' },
    })]);
    expect(result.evaluation).toEqual({ id: evaluation.id, status: 'DECIDED', finalVerdicts: [{ stage: 'HUMAN', label: 'NON_VIOLATING', reviewer: 'rita' }] });
    expect(result.item).toMatchObject({ id, status: 'DECIDED', note: 'playful, not cruel', decisions: [{ stage: 'HUMAN', reviewer: 'rita' }] });
    expect(result.item.decidedAt).not.toBeNull();

    const history = await app.gql(HUMAN_DECISIONS, {}, await app.token(['auditor']));
    expect(history.data.decisions.edges.map((e: any) => e.node)).toContainEqual({
      stage: 'HUMAN', label: 'NON_VIOLATING', reviewer: 'rita', ruleIds: [], evaluation: { id: evaluation.id }, supersedes: { stage: 'REASONING', label: 'VIOLATING' },
    });

    const stats = await app.gql(STATS, { p: 'pets' }, reviewer);
    expect(stats.data.reviewStats).toMatchObject({ decided: 1, overturned: 1, overturnRate: 1, perRule: [{ ruleId: 'PT1.b', decided: 1, overturned: 1 }] });
    expect(stats.data.reviewStats.medianMinutesToDecision).toBeGreaterThanOrEqual(0);

    const tenant = await app.database.db.selectFrom('tenants').select('id').where('key', '=', 'acme').executeTakeFirstOrThrow();
    const dataset = await findDatasetByName(app.database.db, { tenantId: tenant.id, name: 'review-pets' });
    const items = await listDatasetItems(app.database.db, { tenantId: tenant.id, datasetId: dataset!.id });
    expect(items.map((i) => ({ content: i.content, labels: i.labels, provenance: i.provenance }))).toEqual([{
      content: 'I tickled a cat and it purred', labels: { pets: 0 },
      provenance: expect.objectContaining({ source: 'REVIEW', reviewer: 'rita', policyVersionId: decodeGlobalID(versionId).id, policyVersion: 1, policySlug: 'pets', evaluationId: decodeGlobalID(evaluation.id).id }),
    }]);

    const chain = await app.gql(`{ verifyAuditChain { ok checked firstBrokenId } }`, {}, admin);
    expect(chain.data.verifyAuditChain).toMatchObject({ ok: true, firstBrokenId: null });
    const audit = await app.database.db.selectFrom('audit_events').select(['action', 'actor', 'data']).where('action', '=', 'review.decided').execute();
    expect(audit).toEqual([{ action: 'review.decided', actor: 'rita', data: expect.objectContaining({ overturnedPolicyVersionIds: [decodeGlobalID(versionId).id] }) }]);
  });

  it('upholds a machine verdict without counting an overturn, and refuses to decide an item twice', async () => {
    const { id, versionId } = await claimed('I kicked a cat on purpose');
    const decision = { policyVersionId: versionId, label: 'VIOLATING', ruleIds: ['PT1.b'], rationale: 'Deliberate harm.' };
    const decided = await app.gql(DECIDE, { i: { id, decisions: [decision] } }, reviewer);
    expect(decided.data.decideReviewItem.verdicts[0]).toMatchObject({ label: 'VIOLATING', severity: 4, recommendedAction: 'escalate', supersedes: { label: 'VIOLATING' } });
    expect((await app.gql(STATS, { p: 'pets' }, reviewer)).data.reviewStats).toMatchObject({ decided: 2, overturned: 1, overturnRate: 0.5 });
    const twice = await app.gql(DECIDE, { i: { id, decisions: [decision] } }, reviewer);
    expect(twice.data.decideReviewItem).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });
  });

  it('validates rule ids against the pinned version and needs one decision per version', async () => {
    const { id, versionId } = await claimed('I shouted at a cat');
    const bad = await app.gql(DECIDE, { i: { id, decisions: [
      { policyVersionId: versionId, label: 'VIOLATING', ruleIds: ['PT9.z'] },
      { policyVersionId: versionId, label: 'VIOLATING', ruleIds: [] },
    ] } }, reviewer);
    expect(bad.data.decideReviewItem).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', problems: [
      { path: 'decisions[0].ruleIds[0]', message: '"PT9.z" is not a rule of pets v1' },
      { path: 'decisions[1].policyVersionId', message: 'pets v1 is decided twice' },
      { path: 'decisions[1].ruleIds', message: 'a VIOLATING decision must cite the rule it applies' },
    ] });
    const none = await app.gql(DECIDE, { i: { id, decisions: [] } }, reviewer);
    expect(none.data.decideReviewItem.problems).toEqual([{ path: 'decisions', message: 'pets v1 has no decision' }]);
    // An allowed-content id of the policy text is a valid citation for NON_VIOLATING.
    const ok = await app.gql(DECIDE, { i: { id, decisions: [{ policyVersionId: versionId, label: 'NON_VIOLATING', ruleIds: ['PT0.b'] }] } }, reviewer);
    expect(ok.data.decideReviewItem.__typename).toBe('DecideReviewItemSuccess');
  });
});
