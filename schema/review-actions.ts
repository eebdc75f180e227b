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

const claimErrors = [
  [AlreadyClaimedError, 'AlreadyClaimedError', 'ALREADY_CLAIMED: another reviewer holds the claim on this item; pick another or wait for it to lapse.'],
  [NotClaimedError, 'NotClaimedError', 'NOT_CLAIMED: the caller does not hold the claim (never claimed, released, or the lease ran out); claim it again.'],
] as const;
for (const [cls, name, description] of claimErrors) {
  builder.objectType(cls, { name, description, interfaces: [ErrorInterface], isTypeOf: (value) => value instanceof cls, fields: () => ({}) });
}

const itemSuccess = (name: string, description: string, itemDescription: string, nullable = false) =>
  builder.objectRef<{ item: ReviewItemRow | null }>(name).implement({
    description,
    fields: (t) => ({ item: t.field({ type: ReviewItemRef, nullable, description: itemDescription, resolve: (r) => r.item as ReviewItemRow }) }),
  });

const HumanDecisionInput = builder.inputType('HumanDecisionInput', {
  description: "A reviewer's verdict for one of the evaluation's pinned policy versions; it becomes a HUMAN verdict.",
  fields: (t) => ({
    policyVersionId: t.id({ required: true, description: 'The global id of a policy version the evaluation was judged against.' }),
    label: t.field({ type: VerdictLabelEnum, required: true, description: 'The human label for that version.' }),
    ruleIds: t.stringList({ description: "Rule ids of that version; a VIOLATING decision must cite one." }),
    rationale: t.string({ description: 'Why, in words; kept on the verdict and quoted in an appeal statement of reasons.' }),
  }),
});
const DecideReviewItemInput = builder.inputType('DecideReviewItemInput', {
  description: 'The decision on a claimed review item: exactly one decision per policy version of its evaluation.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The global id of the review item, claimed by the caller.' }),
    decisions: t.field({ type: [HumanDecisionInput], required: true, description: 'One per pinned policy version, each exactly once.' }),
    note: t.string({ description: 'A note for colleagues, kept on the item.' }),
  }),
});
const DecideSuccess = builder.objectRef<{ item: ReviewItemRow; evaluation: EvaluationRow; verdicts: readonly VerdictRow[] }>('DecideReviewItemSuccess').implement({
  description: 'The decided item, its evaluation (now DECIDED) and the HUMAN verdicts appended to the chain.',
  fields: (t) => ({
    item: t.field({ type: ReviewItemRef, nullable: false, description: 'The item, now DECIDED.', resolve: (r) => r.item }),
    evaluation: t.field({ type: EvaluationRef, nullable: false, description: 'The evaluation, now DECIDED with the human verdicts final.', resolve: (r) => r.evaluation }),
    verdicts: t.field({ type: [VerdictRef], nullable: false, description: 'The new HUMAN verdicts, one per decision, each superseding a machine verdict.', resolve: (r) => [...r.verdicts] }),
  }),
});

const itemId = (id: string | number) => rowId(String(id), 'ReviewItem');

builder.mutationFields((t) => ({
  claimReviewItem: t.field({
    type: itemSuccess('ClaimReviewItemSuccess', 'The item, now claimed by the caller.', 'The claimed item; `claimedUntil` is when the lease lapses.'),
    nullable: false, authScopes: { review: true },
    description: 'Claims one item for the caller (or renews their lease on it); ALREADY_CLAIMED when someone else holds it.',
    errors: { types: [ValidationError, NotFoundError, AlreadyClaimedError, InvalidStateError], directResult: true,
      union: { name: 'ClaimReviewItemPayload', description: 'The claimed item, or why it could not be claimed (held by another, already decided).' } },
    args: { id: t.arg.id({ required: true, description: 'The global id of the review item.' }) },
    resolve: async (_, { id }, c) => ({ item: await claimReviewItem(scopeOf(c), c.services.reviews, itemId(id)) }),
  }),
  claimNextReviewItem: t.field({
    type: itemSuccess('ClaimNextReviewItemSuccess', 'The item claimed, or none when the queue is empty.', 'The claimed item; null when nothing is waiting.', true),
    nullable: false, authScopes: { review: true },
    description: 'Claims the most urgent open item of the queue (of any queue when omitted); item is null when there is none.',
    errors: { types: [ValidationError], directResult: true, union: { name: 'ClaimNextReviewItemPayload', description: 'The claimed item (or none), or why the request was refused.' } },
    args: { queue: t.arg.string({ description: 'The queue to take from, such as "default" or "appeals"; any queue when omitted.' }) },
    resolve: async (_, { queue }, c) => ({ item: await claimNextReviewItem(scopeOf(c), c.services.reviews, queue ?? null) }),
  }),
  releaseReviewItem: t.field({
    type: itemSuccess('ReleaseReviewItemSuccess', 'The item, back in its queue.', 'The released item, OPEN again.'),
    nullable: false, authScopes: { review: true },
    description: 'Gives a claimed item back to its queue undecided; NOT_CLAIMED unless the caller holds it.',
    errors: { types: [ValidationError, NotFoundError, NotClaimedError], directResult: true,
      union: { name: 'ReleaseReviewItemPayload', description: 'The released item, or why it could not be released.' } },
    args: { id: t.arg.id({ required: true, description: 'The global id of the review item.' }) },
    resolve: async (_, { id }, c) => ({ item: await releaseReviewItem(scopeOf(c), c.services.reviews, itemId(id)) }),
  }),
  decideReviewItem: t.field({
    type: DecideSuccess, nullable: false, authScopes: { review: true },
    description: 'Records HUMAN verdicts for a claimed item, superseding the machine ones; the evaluation becomes DECIDED.',
    errors: { types: [ValidationError, NotFoundError, NotClaimedError, InvalidStateError], directResult: true,
      union: { name: 'DecideReviewItemPayload', description: 'The decision as recorded, or why it was refused (bad rule ids, claim lost, already decided).' } },
    args: { input: t.arg({ type: DecideReviewItemInput, required: true, description: 'The item and one decision per policy version.' }) },
    resolve: (_, { input }, c) => decideReviewItem(scopeOf(c), c.services.reviews, {
      id: itemId(input.id), note: input.note ?? null,
      decisions: input.decisions.map((d) => ({ ...d, policyVersionId: rowId(String(d.policyVersionId), 'PolicyVersion') })),
    }),
  }),
}));

type QueueEvent = ReviewQueueEvent & { item: ReviewItemRow };
const eventType = (name: QueueEvent['type'], description: string) =>
  builder.objectRef<QueueEvent>(name).implement({
    description,
    fields: (t) => ({ item: t.field({ type: ReviewItemRef, nullable: false, description: 'The item as it was right after the change.', resolve: (e) => e.item }) }),
  });
const ReviewQueueEventUnion = builder.unionType('ReviewQueueEvent', {
  description: 'One change of a review queue.',
  types: [
    eventType('ReviewItemAdded', 'An item was opened (or re-opened) in the queue.'),
    eventType('ReviewItemClaimed', 'A reviewer claimed an item.'),
    eventType('ReviewItemReleased', 'An item went back to the queue: released, or its claim lapsed.'),
    eventType('ReviewItemDecided', 'A reviewer decided an item; it leaves the queue.'),
  ],
  resolveType: (event) => event.type,
});

builder.subscriptionField('reviewQueueEvents', (t) =>
  t.field({
    type: ReviewQueueEventUnion, nullable: false,
    description: "Live changes of the tenant's review queues (one queue, or all when omitted), each with the item as it was then.",
    authScopes: { $any: { readReviews: true, review: true } },
    args: { queue: t.arg.string({ description: 'Only changes of this queue; every queue when omitted.' }) },
    subscribe: (_, args, c) => reviewQueueChanges(c.services.reviews.bus, { tenantId: scopeOf(c).tenantId, queue: args.queue ?? null }),
    resolve: (event) => event as QueueEvent,
  }),
);
