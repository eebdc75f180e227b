import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { publishPolicy } from '../helpers/evaluate.js';
import { policyDocument } from '../helpers/policies.js';
import { CLAIM, CLAIM_NEXT, DECIDE, escalate, ITEM, publishWithReview, RELEASE } from '../helpers/review.js';
import { scriptedReasoner } from '../helpers/scripted-reasoner.js';

const LIST = `query($f: ReviewItemFilter, $first: Int, $after: String) { reviewItems(filter: $f, first: $first, after: $after) {
  totalCount edges { cursor node { ${ITEM} } } pageInfo { hasNextPage endCursor } } }`;
const minutes = (from: string, to: string) => (new Date(to).getTime() - new Date(from).getTime()) / 60_000;

describe(`human review queues, claims and decisions (${testEngine})`, () => {
  let app: TestApp;
  let admin: string;
  let reviewer: string;
  let other: string;
  const reasoner = scriptedReasoner((input) => {
    if (input.content.includes('kicked')) return { label: 'VIOLATING', ruleIds: ['PT1.b'], confidence: 'high', rationale: 'It describes hurting a cat.' };
    return { label: 'VIOLATING', ruleIds: ['PT1.a'], confidence: 'low', rationale: 'It may offer an animal for money.' };
  });
  beforeAll(async () => {
    app = await createTestApp({}, {}, [reasoner.evaluator]);
    admin = await app.token(['admin']);
    reviewer = await app.token(['reviewer'], 'acme', 'rita');
    other = await app.token(['reviewer'], 'acme', 'omar');
    await publishPolicy(app, admin);
    await publishWithReview(app, admin, 'fish', policyDocument({ slug: 'fish' }).replace('review: { min_severity: 4 }', 'review: { min_severity: 4, queue: urgent, sla_minutes: 30 }'));
  });
  afterAll(async () => app.close());

  it('queues escalations by the highest severity at stake, then age, with an SLA due time and the policy queue', async () => {
    const low = await escalate(app, admin, 'Maybe a kitten for a small fee');
    const severe = await escalate(app, admin, 'I kicked a cat yesterday');
    const fish = await escalate(app, admin, 'Maybe goldfish for a small fee', ['fish']);
    expect(low.reviewItem).toMatchObject({ status: 'OPEN', queue: 'default', priority: 2, severity: 2, assignee: null, reasons: ['low confidence on pets'] });
    expect(severe.reviewItem).toMatchObject({ queue: 'default', priority: 4, severity: 4, reasons: ['PT1.b severity 4 requires review on pets'] });
    expect(minutes(severe.reviewItem.createdAt, severe.reviewItem.dueAt)).toBeCloseTo(240, 1);
    expect(fish.reviewItem).toMatchObject({ queue: 'urgent', priority: 2 });
    expect(minutes(fish.reviewItem.createdAt, fish.reviewItem.dueAt)).toBeCloseTo(30, 1);

    const page = await app.gql(LIST, { f: { queue: 'default' } }, reviewer);
    expect(page.data.reviewItems.totalCount).toBe(2);
    expect(page.data.reviewItems.edges.map((e: any) => e.node.id)).toEqual([severe.reviewItem.id, low.reviewItem.id]);
    const first = await app.gql(LIST, { f: { queue: 'default' }, first: 1 }, reviewer);
    const rest = await app.gql(LIST, { f: { queue: 'default' }, first: 5, after: first.data.reviewItems.pageInfo.endCursor }, reviewer);
    expect(rest.data.reviewItems.edges.map((e: any) => e.node.id)).toEqual([low.reviewItem.id]);
    expect((await app.gql(LIST, { f: { policySlug: 'fish' } }, reviewer)).data.reviewItems.edges.map((e: any) => e.node.id)).toEqual([fish.reviewItem.id]);
    expect((await app.gql(LIST, { f: { overdue: true } }, reviewer)).data.reviewItems.totalCount).toBe(0);
  });

  it('lets only one of two reviewers racing for the next item have it', async () => {
    await publishWithReview(app, admin, 'birds', policyDocument({ slug: 'birds' }).replace('review: { min_severity: 4 }', 'review: { min_severity: 4, queue: solo }'));
    const evaluation = await escalate(app, admin, 'Maybe a parakeet for a small fee', ['birds']);
    const results = await Promise.all([app.gql(CLAIM_NEXT, { q: 'solo' }, reviewer), app.gql(CLAIM_NEXT, { q: 'solo' }, other)]);
    const items = results.map((r) => r.data.claimNextReviewItem.item);
    expect(items.filter((i) => i === null)).toHaveLength(1);
    const won = items.find((i) => i !== null);
    expect(won).toMatchObject({ id: evaluation.reviewItem.id, status: 'CLAIMED', queue: 'solo' });
    expect(['rita', 'omar']).toContain(won.assignee);
    const again = await app.gql(CLAIM_NEXT, { q: 'solo' }, reviewer);
    expect(again.data.claimNextReviewItem).toEqual({ __typename: 'ClaimNextReviewItemSuccess', item: null });
  });

  it('gives one item to exactly one of two reviewers claiming it at once; the other gets ALREADY_CLAIMED', async () => {
    const evaluation = await escalate(app, admin, 'Maybe a hamster for a small fee');
    const id = evaluation.reviewItem.id;
    const results = await Promise.all([app.gql(CLAIM, { id }, reviewer), app.gql(CLAIM, { id }, other)]);
    const kinds = results.map((r) => r.data.claimReviewItem.__typename).sort();
    expect(kinds).toEqual(['AlreadyClaimedError', 'ClaimReviewItemSuccess']);
    const winner = results.find((r) => r.data.claimReviewItem.__typename === 'ClaimReviewItemSuccess')!.data.claimReviewItem.item;
    expect(winner).toMatchObject({ id, status: 'CLAIMED' });
    expect(minutes(new Date().toISOString(), winner.claimedUntil)).toBeGreaterThan(14);
    expect(results.find((r) => r.data.claimReviewItem.__typename !== 'ClaimReviewItemSuccess')!.data.claimReviewItem.code).toBe('ALREADY_CLAIMED');
    const loser = winner.assignee === 'rita' ? other : reviewer;
    expect((await app.gql(RELEASE, { id }, loser)).data.releaseReviewItem.code).toBe('NOT_CLAIMED');
    const released = await app.gql(RELEASE, { id }, winner.assignee === 'rita' ? reviewer : other);
    expect(released.data.releaseReviewItem.item).toMatchObject({ id, status: 'OPEN', assignee: null, claimedUntil: null });
  });

  it('returns an abandoned claim to the queue when its lease runs out', async () => {
    const evaluation = await escalate(app, admin, 'Maybe a rabbit for a small fee');
    const id = evaluation.reviewItem.id;
    expect((await app.gql(CLAIM, { id }, reviewer)).data.claimReviewItem.__typename).toBe('ClaimReviewItemSuccess');
    // The lease is minutes long; move its end into the past rather than wait.
    await app.database.db.updateTable('review_items').set({ claimed_until: new Date(Date.now() - 1000) }).where('id', '=', decodeGlobalID(id).id).execute();
    const listed = await app.gql(LIST, { f: { status: 'OPEN', queue: 'default' } }, other);
    expect(listed.data.reviewItems.edges.map((e: any) => e.node.id)).toContain(id);
    expect((await app.gql(CLAIM, { id }, other)).data.claimReviewItem.item).toMatchObject({ id, status: 'CLAIMED', assignee: 'omar' });
    const mine = await app.gql(LIST, { f: { assignee: 'omar', status: 'CLAIMED' } }, other);
    expect(mine.data.reviewItems.edges.map((e: any) => e.node.id)).toEqual([id]);
    const late = await app.gql(DECIDE, { i: { id, decisions: [{ policyVersionId: evaluation.policyVersions[0].id, label: 'NON_VIOLATING' }] } }, reviewer);
    expect(late.data.decideReviewItem).toMatchObject({ __typename: 'NotClaimedError', code: 'NOT_CLAIMED' });
  });
});
