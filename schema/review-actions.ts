import type { EvaluationRow, VerdictRow } from '../server/db/schema.js';
import { scopeOf } from '../server/context.js';
import { claimNextReviewItem, claimReviewItem, releaseReviewItem } from '../server/domain/reviews/claims.js';
import { decideReviewItem } from '../server/domain/reviews/decide.js';
import { AlreadyClaimedError, NotClaimedError } from '../server/domain/reviews/errors.js';
import { reviewQueueChanges } from '../server/domain/reviews/events.js';
import type { ReviewItemRow } from '../server/domain/reviews/queries.js';
import type { ReviewQueueEvent } from '../server/events/types.js';
import { builder } from './builder.js';
import { VerdictLabelEnum } from './enums.js';
import { ErrorInterface, InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import { rowId } from './ids.js';
import { EvaluationRef, VerdictRef } from './refs.js';
import { ReviewItemRef } from './review-refs.js';

for (const [cls, name] of [[AlreadyClaimedError, 'AlreadyClaimedError'], [NotClaimedError, 'NotClaimedError']] as const) {
  builder.objectType(cls, { name, interfaces: [ErrorInterface], isTypeOf: (value) => value instanceof cls, fields: () => ({}) });
}

const itemSuccess = (name: string, nullable = false) =>
  builder.objectRef<{ item: ReviewItemRow | null }>(name).implement({ fields: (t) => ({ item: t.field({ type: ReviewItemRef, nullable, resolve: (r) => r.item as ReviewItemRow }) }) });

const HumanDecisionInput = builder.inputType('HumanDecisionInput', {
  fields: (t) => ({
    policyVersionId: t.id({ required: true }),
    label: t.field({ type: VerdictLabelEnum, required: true }),
    ruleIds: t.stringList({ description: "Rule ids of that version; a VIOLATING decision must cite one." }),
    rationale: t.string(),
  }),
});
const DecideReviewItemInput = builder.inputType('DecideReviewItemInput', {
  fields: (t) => ({ id: t.id({ required: true }), decisions: t.field({ type: [HumanDecisionInput], required: true }), note: t.string() }),
});
const DecideSuccess = builder.objectRef<{ item: ReviewItemRow; evaluation: EvaluationRow; verdicts: readonly VerdictRow[] }>('DecideReviewItemSuccess').implement({
  fields: (t) => ({
    item: t.field({ type: ReviewItemRef, nullable: false, resolve: (r) => r.item }),
    evaluation: t.field({ type: EvaluationRef, nullable: false, resolve: (r) => r.evaluation }),
    verdicts: t.field({ type: [VerdictRef], nullable: false, resolve: (r) => [...r.verdicts] }),
  }),
});

const itemId = (id: string | number) => rowId(String(id), 'ReviewItem');

builder.mutationFields((t) => ({
  claimReviewItem: t.field({
    type: itemSuccess('ClaimReviewItemSuccess'), nullable: false, authScopes: { review: true },
    errors: { types: [ValidationError, NotFoundError, AlreadyClaimedError, InvalidStateError], directResult: true, union: { name: 'ClaimReviewItemPayload' } },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_, { id }, c) => ({ item: await claimReviewItem(scopeOf(c), c.services.reviews, itemId(id)) }),
  }),
  claimNextReviewItem: t.field({
    type: itemSuccess('ClaimNextReviewItemSuccess', true), nullable: false, authScopes: { review: true },
    description: 'Claims the most urgent open item of the queue (of any queue when omitted); item is null when there is none.',
    errors: { types: [ValidationError], directResult: true, union: { name: 'ClaimNextReviewItemPayload' } },
    args: { queue: t.arg.string() },
    resolve: async (_, { queue }, c) => ({ item: await claimNextReviewItem(scopeOf(c), c.services.reviews, queue ?? null) }),
  }),
  releaseReviewItem: t.field({
    type: itemSuccess('ReleaseReviewItemSuccess'), nullable: false, authScopes: { review: true },
    errors: { types: [ValidationError, NotFoundError, NotClaimedError], directResult: true, union: { name: 'ReleaseReviewItemPayload' } },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_, { id }, c) => ({ item: await releaseReviewItem(scopeOf(c), c.services.reviews, itemId(id)) }),
  }),
  decideReviewItem: t.field({
    type: DecideSuccess, nullable: false, authScopes: { review: true },
    errors: { types: [ValidationError, NotFoundError, NotClaimedError, InvalidStateError], directResult: true, union: { name: 'DecideReviewItemPayload' } },
    args: { input: t.arg({ type: DecideReviewItemInput, required: true }) },
    resolve: (_, { input }, c) => decideReviewItem(scopeOf(c), c.services.reviews, {
      id: itemId(input.id), note: input.note ?? null,
      decisions: input.decisions.map((d) => ({ ...d, policyVersionId: rowId(String(d.policyVersionId), 'PolicyVersion') })),
    }),
  }),
}));

type QueueEvent = ReviewQueueEvent & { item: ReviewItemRow };
const eventType = (name: QueueEvent['type']) =>
  builder.objectRef<QueueEvent>(name).implement({ fields: (t) => ({ item: t.field({ type: ReviewItemRef, nullable: false, resolve: (e) => e.item }) }) });
const ReviewQueueEventUnion = builder.unionType('ReviewQueueEvent', {
  types: [eventType('ReviewItemAdded'), eventType('ReviewItemClaimed'), eventType('ReviewItemReleased'), eventType('ReviewItemDecided')],
  resolveType: (event) => event.type,
});

builder.subscriptionField('reviewQueueEvents', (t) =>
  t.field({
    type: ReviewQueueEventUnion, nullable: false,
    description: "Live changes of the tenant's review queues (one queue, or all when omitted), each with the item as it was then.",
    authScopes: { $any: { readReviews: true, review: true } },
    args: { queue: t.arg.string() },
    subscribe: (_, args, c) => reviewQueueChanges(c.services.reviews.bus, { tenantId: scopeOf(c).tenantId, queue: args.queue ?? null }),
    resolve: (event) => event as QueueEvent,
  }),
);
