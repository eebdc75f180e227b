import type { AppealRow, ReviewItemRow } from '../server/domain/reviews/queries.js';
import { builder } from './builder.js';

// Declared apart from their fields so review.ts and appeal.ts can point at each other without an import cycle.
export const ReviewItemRef = builder.objectRef<ReviewItemRow>('ReviewItem');
export const AppealRef = builder.objectRef<AppealRow>('Appeal');

export const ReviewItemStatusEnum = builder.enumType('ReviewItemStatus', {
  description: 'Where a review item is in its life: waiting, held by one reviewer, or done.',
  values: {
    OPEN: { description: 'Waiting in its queue for a reviewer to claim it.' },
    CLAIMED: { description: 'Held by one reviewer (`assignee`) until they decide, release, or the claim lapses (`claimedUntil`).' },
    DECIDED: { description: 'A reviewer recorded HUMAN verdicts; the item is closed.' },
  } as const,
});
