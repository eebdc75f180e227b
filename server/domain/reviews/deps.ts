import type { JobQueue } from '../../engine/queue.js';
import type { EventBus } from '../../events/bus.js';

/** What the review services need besides the caller's scope; built once by `createApp`. */
export interface ReviewDeps {
  readonly bus: EventBus;
  /** Appeals enqueue their high-effort re-run here. */
  readonly queue: JobQueue;
  /** How long a claim holds an item (ARBITER_REVIEW_LEASE_MINUTES). */
  readonly leaseMinutes: number;
}
