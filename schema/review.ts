import { scopeOf } from '../server/context.js';
import { getEvaluation } from '../server/domain/evaluations/queries.js';
import { getReviewItem, listReviewItems, type ReviewItemRow } from '../server/domain/reviews/queries.js';
import { builder } from './builder.js';
import { connectionNames, EvaluationRef, pageArgs } from './refs.js';

const ReviewStatusEnum = builder.enumType('ReviewItemStatus', {
  description: 'Where a review item is in the human review queue.',
  values: {
    OPEN: { description: 'Waiting for a reviewer.' },
    CLAIMED: { description: 'A reviewer holds it.' },
    RESOLVED: { description: 'A reviewer decided it.' },
  },
});

const ReviewItemRef = builder.objectRef<ReviewItemRow>('ReviewItem');
builder.node(ReviewItemRef, {
  description: 'An escalated evaluation waiting for (or handled by) a human reviewer.',
  id: { resolve: (r) => r.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'reasons' in value && 'assignee' in value,
  loadOne: (id, context) => (context.scope ? getReviewItem(context.scope, id) : null),
  authScopes: { $any: { review: true, audit: true } },
  fields: (t) => ({
    status: t.field({ type: ReviewStatusEnum, resolve: (r) => r.status }),
    reasons: t.stringList({ description: 'Why the evaluation was escalated.', resolve: (r) => r.reasons as unknown as string[] }),
    priority: t.exposeInt('priority', { description: 'Higher is reviewed first.' }),
    assignee: t.exposeString('assignee', { nullable: true, description: 'The reviewer holding the claim; null when unclaimed.' }),
    evaluation: t.field({ type: EvaluationRef, resolve: async (r, _, c) => (await getEvaluation(scopeOf(c), r.evaluation_id))! }),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.created_at }),
  }),
});
const [connectionType, edgeType] = connectionNames('ReviewItem');
const ReviewItemConnection = builder.connectionObject({ type: ReviewItemRef, ...connectionType }, edgeType);

builder.queryField('reviewItems', (t) =>
  t.field({
    type: ReviewItemConnection,
    description: 'The review queue, oldest first.',
    authScopes: { $any: { review: true, audit: true } },
    args: { status: t.arg({ type: ReviewStatusEnum, description: 'Only items in this status.' }), ...pageArgs(t.arg) },
    resolve: (_, args, c) => listReviewItems(scopeOf(c), args),
  }),
);
