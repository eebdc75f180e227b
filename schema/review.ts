import { scopeOf } from '../server/context.js';
import { getEvaluation } from '../server/domain/evaluations/queries.js';
import { listReviewItems, type ReviewItemRow } from '../server/domain/reviews/queries.js';
import { builder } from './builder.js';
import { EvaluationRef } from './refs.js';

const ReviewStatusEnum = builder.enumType('ReviewItemStatus', { values: ['OPEN', 'CLAIMED', 'RESOLVED'] as const });

const ReviewItemRef = builder.objectRef<ReviewItemRow>('ReviewItem').implement({
  description: 'An escalated evaluation waiting for (or handled by) a human reviewer.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: ReviewStatusEnum, resolve: (r) => r.status }),
    reasons: t.stringList({ resolve: (r) => r.reasons as unknown as string[] }),
    priority: t.exposeInt('priority'),
    assignee: t.exposeString('assignee', { nullable: true }),
    evaluation: t.field({ type: EvaluationRef, resolve: async (r, _, c) => (await getEvaluation(scopeOf(c), r.evaluation_id))! }),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.created_at }),
  }),
});
const ReviewItemConnection = builder.connectionObject({ type: ReviewItemRef, name: 'ReviewItemConnection' }, { name: 'ReviewItemEdge' });

builder.queryField('reviewItems', (t) =>
  t.connection({
    type: ReviewItemRef,
    nullable: false,
    description: 'The review queue, oldest first.',
    authScopes: { $any: { review: true, audit: true } },
    args: { status: t.arg({ type: ReviewStatusEnum }) },
    resolve: (_, args, c) => listReviewItems(scopeOf(c), args),
  }, ReviewItemConnection),
);
