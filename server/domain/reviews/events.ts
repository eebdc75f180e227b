import type { EventBus } from '../../events/bus.js';
import { type ReviewQueueEvent, reviewQueueTopic } from '../../events/types.js';
import type { ReviewItemRow } from './repository.js';

/** Tells every subscriber of the tenant's review queues (on any process) that an item changed. */
export function announce(bus: EventBus, type: ReviewQueueEvent['type'], item: ReviewItemRow): void {
  bus.publish({ tenantId: item.tenant_id, evaluationId: reviewQueueTopic(item.tenant_id), review: { type, queue: item.queue, item: { ...item } } });
}

/** Announces an item the engine opened (call after the transaction that opened it commits). */
export const announceReviewItemOpened = (bus: EventBus, item: ReviewItemRow): void => announce(bus, 'ReviewItemAdded', item);

/** Live changes of the tenant's review queues, of one queue or of all (`queue` null), until `return()`. */
export async function* reviewQueueChanges(bus: EventBus, args: { readonly tenantId: string; readonly queue: string | null }): AsyncGenerator<ReviewQueueEvent> {
  const live = bus.subscribe(reviewQueueTopic(args.tenantId));
  try {
    for await (const message of live) {
      if (!('review' in message) || message.tenantId !== args.tenantId) continue;
      if (args.queue === null || message.review.queue === args.queue) yield message.review;
    }
  } finally {
    await live.return?.();
  }
}
