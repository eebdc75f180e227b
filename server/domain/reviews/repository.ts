import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { KeysetPosition } from '../../db/keyset.js';
import type { Database, ReviewItemsTable } from '../../db/schema.js';

export type ReviewItemRow = Selectable<ReviewItemsTable>;

type Db = Kysely<Database> | Transaction<Database>;

/** Opens (or re-opens with new reasons) the review item of an escalated evaluation. */
export async function openReviewItem(db: Db, args: { readonly tenantId: string; readonly evaluationId: string; readonly reasons: readonly string[]; readonly priority: number }): Promise<void> {
  await db.insertInto('review_items').values({
    id: randomUUID(), tenant_id: args.tenantId, evaluation_id: args.evaluationId, status: 'OPEN',
    reasons: JSON.stringify(args.reasons), priority: args.priority,
  }).onConflict((oc) => oc.column('evaluation_id').doUpdateSet({ reasons: JSON.stringify(args.reasons), priority: args.priority })).execute();
}

/** Review items of a status, oldest first (the queue order), keyset on (created_at, id). */
export function listReviewItemRows(db: Db, args: { readonly tenantId: string; readonly status: ReviewItemRow['status'] | null; readonly after: KeysetPosition | null; readonly limit: number }): Promise<ReviewItemRow[]> {
  let query = db.selectFrom('review_items').selectAll().where('tenant_id', '=', args.tenantId);
  if (args.status) query = query.where('status', '=', args.status);
  if (args.after) {
    const at = new Date(args.after.key);
    const id = args.after.id;
    query = query.where((eb) => eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('id', '>', id)])]));
  }
  return query.orderBy('created_at').orderBy('id').limit(args.limit).execute();
}

/** How many review items of a status (any status when null) the tenant has. */
export async function countReviewItemRows(db: Db, args: { readonly tenantId: string; readonly status: ReviewItemRow['status'] | null }): Promise<number> {
  let query = db.selectFrom('review_items').select((eb) => eb.fn.countAll<string | number>().as('count')).where('tenant_id', '=', args.tenantId);
  if (args.status) query = query.where('status', '=', args.status);
  return Number((await query.executeTakeFirstOrThrow()).count);
}

/** One review item of the tenant by id. */
export function findReviewItemRow(db: Db, args: { readonly tenantId: string; readonly id: string }): Promise<ReviewItemRow | undefined> {
  return db.selectFrom('review_items').selectAll().where('tenant_id', '=', args.tenantId).where('id', '=', args.id).executeTakeFirst();
}
