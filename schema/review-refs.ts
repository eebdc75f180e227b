import type { AppealRow, ReviewItemRow } from '../server/domain/reviews/queries.js';
import { builder } from './builder.js';

// Declared apart from their fields so review.ts and appeal.ts can point at each other without an import cycle.
export const ReviewItemRef = builder.objectRef<ReviewItemRow>('ReviewItem');
export const AppealRef = builder.objectRef<AppealRow>('Appeal');

export const ReviewItemStatusEnum = builder.enumType('ReviewItemStatus', { values: ['OPEN', 'CLAIMED', 'DECIDED'] as const });
