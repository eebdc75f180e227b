import { InvalidStateError, NotFoundError } from '../../errors.js';
import type { Scope } from '../scope.js';
import type { ReviewDeps } from './deps.js';
import { AlreadyClaimedError, NotClaimedError } from './errors.js';
import { announce } from './events.js';
import * as repo from './repository.js';
import type { ReviewItemRow } from './repository.js';

const live = (item: ReviewItemRow, now: Date): boolean =>
  item.status === 'CLAIMED' && item.claimed_until !== null && new Date(item.claimed_until) > now;

/** Whether `actor` holds a claim on the item that has not run out. */
export const holdsClaim = (item: ReviewItemRow, actor: string, now = new Date()): boolean => live(item, now) && item.assignee === actor;

/** Returns abandoned claims (lease run out) to the queue, and says so on the live queue. */
export async function reclaimExpired(scope: Scope, deps: Pick<ReviewDeps, 'bus'>): Promise<void> {
  const released = await repo.releaseExpiredClaims(scope.db, { tenantId: scope.tenantId, now: new Date() });
  for (const item of released) announce(deps.bus, 'ReviewItemReleased', item);
}

const leaseFrom = (now: Date, deps: ReviewDeps) => ({ claimed_at: now, claimed_until: new Date(now.getTime() + deps.leaseMinutes * 60_000) });

/**
 * Claims one item for the caller (a lease of `leaseMinutes`; claiming again renews it). Another
 * reviewer's live claim is ALREADY_CLAIMED; a decided item is INVALID_STATE.
 */
export async function claimReviewItem(scope: Scope, deps: ReviewDeps, id: string): Promise<ReviewItemRow> {
  const item = await scope.db.transaction().execute(async (trx) => {
    const current = await repo.findReviewItem(trx, { tenantId: scope.tenantId, id, lock: true });
    if (!current) throw new NotFoundError('review item', id);
    if (current.status === 'DECIDED') throw new InvalidStateError(`review item ${id} is already decided`);
    const now = new Date();
    if (live(current, now) && current.assignee !== scope.actor) throw new AlreadyClaimedError(id);
    return repo.updateReviewItem(trx, { tenantId: scope.tenantId, id, set: { status: 'CLAIMED', assignee: scope.actor, ...leaseFrom(now, deps) } });
  });
  announce(deps.bus, 'ReviewItemClaimed', item);
  return item;
}

/**
 * Claims the most urgent open item of `queue` (any queue when null): `FOR UPDATE SKIP LOCKED`, so
 * reviewers asking at once never get the same item. Null when the queue is empty.
 */
export async function claimNextReviewItem(scope: Scope, deps: ReviewDeps, queue: string | null): Promise<ReviewItemRow | null> {
  await reclaimExpired(scope, deps);
  const item = await scope.db.transaction().execute(async (trx) => {
    const next = await repo.lockNextOpenItem(trx, { tenantId: scope.tenantId, queue });
    if (!next) return null;
    return repo.updateReviewItem(trx, { tenantId: scope.tenantId, id: next.id, set: { status: 'CLAIMED', assignee: scope.actor, ...leaseFrom(new Date(), deps) } });
  });
  if (item) announce(deps.bus, 'ReviewItemClaimed', item);
  return item;
}

/** Gives a claimed item back to its queue; NOT_CLAIMED unless the caller holds it. */
export async function releaseReviewItem(scope: Scope, deps: ReviewDeps, id: string): Promise<ReviewItemRow> {
  const item = await scope.db.transaction().execute(async (trx) => {
    const current = await repo.findReviewItem(trx, { tenantId: scope.tenantId, id, lock: true });
    if (!current) throw new NotFoundError('review item', id);
    if (!holdsClaim(current, scope.actor)) throw new NotClaimedError(id);
    return repo.updateReviewItem(trx, { tenantId: scope.tenantId, id, set: { status: 'OPEN', assignee: null, claimed_at: null, claimed_until: null } });
  });
  announce(deps.bus, 'ReviewItemReleased', item);
  return item;
}
