import { scopeOf } from '../server/context.js';
import { getEvaluation } from '../server/domain/evaluations/queries.js';
import { evaluationReviewItem, getAppeal, getReviewItem, itemDecisions, listReviewItems, type ReviewItemRow } from '../server/domain/reviews/queries.js';
import { reviewStats } from '../server/domain/reviews/stats.js';
import { builder } from './builder.js';
import { EvaluationRef, VerdictRef, connectionNames, pageArgs } from './refs.js';
import { AppealRef, ReviewItemRef, ReviewItemStatusEnum } from './review-refs.js';

builder.node(ReviewItemRef, {
  description: 'An escalated, failed or appealed evaluation waiting for (or decided by) a human reviewer.',
  id: { resolve: (r) => r.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'decision_ids' in value && 'queue' in value,
  loadOne: (id, context) => (context.scope ? getReviewItem(context.scope, id) : null),
  authScopes: { $any: { readReviews: true, review: true } },
  fields: (t) => ({
    evaluation: t.field({ type: EvaluationRef, nullable: false, resolve: async (r, _, c) => (await getEvaluation(scopeOf(c), r.evaluation_id))! }),
    status: t.field({ type: ReviewItemStatusEnum, nullable: false, resolve: (r) => r.status }),
    queue: t.exposeString('queue', { nullable: false }),
    priority: t.exposeInt('priority', { nullable: false, description: 'The highest severity at stake (0 when no rule is cited); the queue orders by it, then by age.' }),
    severity: t.exposeInt('severity', { nullable: true }),
    reasons: t.stringList({ nullable: false, resolve: (r) => r.reasons as unknown as string[] }),
    assignee: t.exposeString('assignee', { nullable: true }),
    claimedUntil: t.field({ type: 'DateTime', nullable: true, description: 'When the claim lapses and the item returns to the queue.', resolve: (r) => r.claimed_until }),
    dueAt: t.field({ type: 'DateTime', nullable: false, description: "The SLA due time (the policy's review.sla_minutes after opening).", resolve: (r) => r.due_at }),
    createdAt: t.field({ type: 'DateTime', nullable: false, resolve: (r) => r.created_at }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.resolved_at }),
    note: t.exposeString('note', { nullable: true }),
    decisions: t.field({ type: [VerdictRef], nullable: false, description: 'The HUMAN verdicts this item was decided with.', resolve: (r, _, c) => itemDecisions(scopeOf(c), r) }),
    appeal: t.field({ type: AppealRef, nullable: true, resolve: async (r, _, c) => (r.appeal_id ? ((await getAppeal(scopeOf(c), r.appeal_id)) ?? null) : null) }),
  }),
});

const ReviewItemConnection = builder.connectionObject({ type: ReviewItemRef, ...connectionNames('ReviewItem')[0] }, connectionNames('ReviewItem')[1]);

const ReviewItemFilter = builder.inputType('ReviewItemFilter', {
  fields: (t) => ({
    status: t.field({ type: ReviewItemStatusEnum }), queue: t.string(), policySlug: t.string(), assignee: t.string(),
    overdue: t.boolean({ description: 'true: not decided and past dueAt; false: the others.' }),
  }),
});

builder.queryField('reviewItems', (t) =>
  t.field({
    type: ReviewItemConnection,
    nullable: false,
    description: 'The review queues: priority (highest severity at stake) first, then oldest.',
    authScopes: { $any: { readReviews: true, review: true } },
    args: { filter: t.arg({ type: ReviewItemFilter, description: 'Narrows the list; every field is optional.' }), ...pageArgs(t.arg) },
    resolve: (_, args, c) => listReviewItems(scopeOf(c), c.services.reviews, args.filter ?? {}, args) as never,
  }),
);

const RuleReviewStats = builder.objectRef<{ ruleId: string; decided: number; overturned: number }>('RuleReviewStats').implement({
  fields: (t) => ({ ruleId: t.exposeString('ruleId', { nullable: false }), decided: t.exposeInt('decided', { nullable: false }), overturned: t.exposeInt('overturned', { nullable: false }) }),
});
type Stats = Awaited<ReturnType<typeof reviewStats>>;
const ReviewStatsRef = builder.objectRef<Stats>('ReviewStats').implement({
  description: 'Queue figures now (open, claimed, overdue) and of the items decided in the window.',
  fields: (t) => ({
    open: t.exposeInt('open', { nullable: false }),
    claimed: t.exposeInt('claimed', { nullable: false }),
    overdue: t.exposeInt('overdue', { nullable: false }),
    decided: t.exposeInt('decided', { nullable: false }),
    overturned: t.exposeInt('overturned', { nullable: false, description: 'Decided items where a reviewer changed a machine label.' }),
    overturnRate: t.exposeFloat('overturnRate', { nullable: true }),
    medianMinutesToDecision: t.exposeFloat('medianMinutesToDecision', { nullable: true }),
    perRule: t.field({ type: [RuleReviewStats], nullable: false, resolve: (s) => [...s.perRule] }),
  }),
});

builder.queryField('reviewStats', (t) =>
  t.field({
    type: ReviewStatsRef, nullable: false, authScopes: { $any: { readReviews: true, review: true } },
    args: { policySlug: t.arg.string(), from: t.arg({ type: 'DateTime' }), to: t.arg({ type: 'DateTime', description: 'Exclusive.' }) },
    resolve: (_, args, c) => reviewStats(scopeOf(c), c.services.reviews, args),
  }),
);

builder.objectField(EvaluationRef, 'reviewItem', (t) =>
  t.field({
    type: ReviewItemRef, nullable: true, description: "The evaluation's latest review item (its appeal's, once appealed). Null for roles that may not read the queue.",
    authScopes: { $any: { readReviews: true, review: true } }, unauthorizedResolver: () => null,
    resolve: async (e, _, c) => (await evaluationReviewItem(scopeOf(c), e.id)) ?? null,
  }),
);

export type { ReviewItemRow };
