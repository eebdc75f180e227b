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
    evaluation: t.field({ type: EvaluationRef, nullable: false, description: 'The evaluation to review.', resolve: async (r, _, c) => (await getEvaluation(scopeOf(c), r.evaluation_id))! }),
    status: t.field({ type: ReviewItemStatusEnum, nullable: false, description: 'OPEN, CLAIMED or DECIDED.', resolve: (r) => r.status }),
    queue: t.exposeString('queue', { nullable: false, description: "The queue it waits in (the policy's review.queue, \"default\" when unset, \"appeals\" for appeals)." }),
    priority: t.exposeInt('priority', { nullable: false, description: 'The highest severity at stake (0 when no rule is cited); the queue orders by it, then by age.' }),
    severity: t.exposeInt('severity', { nullable: true, description: 'The highest severity of the rules the machine verdicts cited; null when none cited a rule.' }),
    reasons: t.stringList({ nullable: false, description: 'Why the item was opened: the escalation reasons of the evaluation, "evaluation failed", or the appeal.', resolve: (r) => r.reasons as unknown as string[] }),
    assignee: t.exposeString('assignee', { nullable: true, description: 'The reviewer holding or who held the claim; null while OPEN.' }),
    claimedUntil: t.field({ type: 'DateTime', nullable: true, description: 'When the claim lapses and the item returns to the queue.', resolve: (r) => r.claimed_until }),
    dueAt: t.field({ type: 'DateTime', nullable: false, description: "The SLA due time (the policy's review.sla_minutes after opening).", resolve: (r) => r.due_at }),
    createdAt: t.field({ type: 'DateTime', nullable: false, description: 'When the item was opened.', resolve: (r) => r.created_at }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, description: 'When a reviewer decided it; null until DECIDED.', resolve: (r) => r.resolved_at }),
    note: t.exposeString('note', { nullable: true, description: "The reviewer's free-text note with the decision; null when none was given." }),
    decisions: t.field({ type: [VerdictRef], nullable: false, description: 'The HUMAN verdicts this item was decided with.', resolve: (r, _, c) => itemDecisions(scopeOf(c), r) }),
    appeal: t.field({ type: AppealRef, nullable: true, description: 'The appeal this item reviews; null for an item opened by escalation.', resolve: async (r, _, c) => (r.appeal_id ? ((await getAppeal(scopeOf(c), r.appeal_id)) ?? null) : null) }),
  }),
});

const ReviewItemConnection = builder.connectionObject({ type: ReviewItemRef, ...connectionNames('ReviewItem')[0] }, connectionNames('ReviewItem')[1]);

const ReviewItemFilter = builder.inputType('ReviewItemFilter', {
  description: 'Narrows `reviewItems`; the fields given must all match.',
  fields: (t) => ({
    status: t.field({ type: ReviewItemStatusEnum, description: 'Only items in this status.' }), queue: t.string({ description: 'Only items of this queue.' }),
    policySlug: t.string({ description: 'Only items whose evaluation was judged against this policy.' }),
    assignee: t.string({ description: 'Only items claimed by this reviewer (the token subject).' }),
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
  description: 'Review outcomes for the decided items in the window where a machine verdict cited one rule.',
  fields: (t) => ({
    ruleId: t.exposeString('ruleId', { nullable: false, description: 'The rule id, as the policy document names it.' }),
    decided: t.exposeInt('decided', { nullable: false, description: 'Decided items whose machine verdict cited this rule.' }),
    overturned: t.exposeInt('overturned', { nullable: false, description: 'Of those, items where the reviewer changed the machine label.' }),
  }),
});
type Stats = Awaited<ReturnType<typeof reviewStats>>;
const ReviewStatsRef = builder.objectRef<Stats>('ReviewStats').implement({
  description: 'Queue figures now (open, claimed, overdue) and of the items decided in the window.',
  fields: (t) => ({
    open: t.exposeInt('open', { nullable: false, description: 'Items OPEN now.' }),
    claimed: t.exposeInt('claimed', { nullable: false, description: 'Items CLAIMED now.' }),
    overdue: t.exposeInt('overdue', { nullable: false, description: 'Undecided items past their SLA `dueAt` now.' }),
    decided: t.exposeInt('decided', { nullable: false, description: 'Items decided in the window.' }),
    overturned: t.exposeInt('overturned', { nullable: false, description: 'Decided items where a reviewer changed a machine label.' }),
    overturnRate: t.exposeFloat('overturnRate', { nullable: true, description: 'overturned / decided, 0–1; null when nothing was decided.' }),
    medianMinutesToDecision: t.exposeFloat('medianMinutesToDecision', { nullable: true, description: 'Median minutes from opening to decision; null when nothing was decided.' }),
    perRule: t.field({ type: [RuleReviewStats], nullable: false, description: 'The same figures per cited rule.', resolve: (s) => [...s.perRule] }),
  }),
});

builder.queryField('reviewStats', (t) =>
  t.field({
    type: ReviewStatsRef, nullable: false, authScopes: { $any: { readReviews: true, review: true } },
    description: 'Review queue health now, and overturn rates and time to decision of the items decided in a window.',
    args: {
      policySlug: t.arg.string({ description: 'Only items of evaluations judged against this policy; all when omitted.' }),
      from: t.arg({ type: 'DateTime', description: 'Start of the decision window (inclusive); unbounded when omitted.' }),
      to: t.arg({ type: 'DateTime', description: 'End of the decision window (exclusive); now when omitted.' }),
    },
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
