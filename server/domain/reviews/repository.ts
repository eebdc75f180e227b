import { randomUUID } from 'node:crypto';
import { type ExpressionBuilder, type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely';
import type { KeysetPosition } from '../../db/keyset.js';
import type { Database, ReviewItemsTable } from '../../db/schema.js';
import { findVersionsByIds } from '../policies/repository.js';
import { listEvaluationVerdicts } from '../verdicts/repository.js';
import { placeReviewItem } from './placement.js';

export type ReviewItemRow = Selectable<ReviewItemsTable>;
export type ReviewItemStatus = ReviewItemRow['status'];

type Db = Kysely<Database> | Transaction<Database>;
type Scope = { readonly tenantId: string };

/**
 * Opens (or re-opens with new reasons) the review item of an escalated or failed evaluation, or
 * the item of an appeal (`appealId`, in the `appeals` queue). Queue, priority and due time are
 * computed here from the evaluation's versions and verdicts; a `priority` argument is ignored.
 */
export async function openReviewItem(db: Db, args: Scope & {
  readonly evaluationId: string; readonly reasons: readonly string[]; readonly priority?: number;
  readonly appealId?: string; readonly queue?: string;
}): Promise<ReviewItemRow> {
  const evaluation = await db.selectFrom('evaluations').select('policy_version_ids').where('tenant_id', '=', args.tenantId)
    .where('id', '=', args.evaluationId).executeTakeFirstOrThrow();
  const versions = await findVersionsByIds(db, { tenantId: args.tenantId, ids: evaluation.policy_version_ids });
  const verdicts = await listEvaluationVerdicts(db, { tenantId: args.tenantId, evaluationId: args.evaluationId });
  // Millisecond timestamps from here (not now()'s microseconds), so keyset cursors round-trip exactly.
  const now = new Date();
  const place = placeReviewItem({ versions, verdicts, queue: args.queue, now });
  const values = { reasons: JSON.stringify(args.reasons), priority: place.priority, severity: place.severity, queue: place.queue, due_at: place.dueAt };
  const insert = db.insertInto('review_items').values({
    id: randomUUID(), tenant_id: args.tenantId, evaluation_id: args.evaluationId, status: 'OPEN', appeal_id: args.appealId ?? null, created_at: now, ...values,
  });
  const query = args.appealId
    ? insert.onConflict((oc) => oc.column('appeal_id').where('appeal_id', 'is not', null).doUpdateSet(values))
    : insert.onConflict((oc) => oc.column('evaluation_id').where('appeal_id', 'is', null).doUpdateSet(values));
  return query.returningAll().executeTakeFirstOrThrow();
}

export function findReviewItem(db: Db, args: Scope & { readonly id: string; readonly lock?: boolean }): Promise<ReviewItemRow | undefined> {
  const query = db.selectFrom('review_items').selectAll().where('tenant_id', '=', args.tenantId).where('id', '=', args.id);
  return (args.lock ? query.forUpdate() : query).executeTakeFirst();
}

/** The most urgent open item (of a queue, or of any), locked; items other reviewers hold locked are skipped. */
export function lockNextOpenItem(trx: Transaction<Database>, args: Scope & { readonly queue: string | null }): Promise<ReviewItemRow | undefined> {
  let query = trx.selectFrom('review_items').selectAll().where('tenant_id', '=', args.tenantId).where('status', '=', 'OPEN');
  if (args.queue !== null) query = query.where('queue', '=', args.queue);
  return query.orderBy('priority', 'desc').orderBy('created_at').orderBy('id').limit(1).forUpdate().skipLocked().executeTakeFirst();
}

export function updateReviewItem(db: Db, args: Scope & { readonly id: string; readonly set: Updateable<ReviewItemsTable> }): Promise<ReviewItemRow> {
  return db.updateTable('review_items').set(args.set).where('tenant_id', '=', args.tenantId).where('id', '=', args.id)
    .returningAll().executeTakeFirstOrThrow();
}

/** Returns claims whose lease ran out to the queue; the items released. */
export function releaseExpiredClaims(db: Db, args: Scope & { readonly now: Date }): Promise<ReviewItemRow[]> {
  return db.updateTable('review_items').set({ status: 'OPEN', assignee: null, claimed_at: null, claimed_until: null })
    .where('tenant_id', '=', args.tenantId).where('status', '=', 'CLAIMED').where('claimed_until', '<=', args.now)
    .returningAll().execute();
}

/** DESIGN §7 `ReviewItemFilter`, with the policy resolved to its slug. */
export interface ReviewItemRowFilter {
  readonly status?: ReviewItemStatus | null;
  readonly queue?: string | null;
  readonly policySlug?: string | null;
  readonly assignee?: string | null;
  readonly overdue?: boolean | null;
}

function filtered(db: Db, args: Scope & { readonly filter: ReviewItemRowFilter; readonly now: Date }) {
  const { filter } = args;
  let query = db.selectFrom('review_items as r').where('r.tenant_id', '=', args.tenantId);
  if (filter.status) query = query.where('r.status', '=', filter.status);
  if (filter.queue) query = query.where('r.queue', '=', filter.queue);
  if (filter.assignee) query = query.where('r.assignee', '=', filter.assignee);
  if (filter.overdue === true) query = query.where('r.status', '<>', 'DECIDED').where('r.due_at', '<', args.now);
  if (filter.overdue === false) query = query.where((eb) => eb.or([eb('r.status', '=', 'DECIDED'), eb('r.due_at', '>=', args.now)]));
  if (filter.policySlug) query = query.where((eb) => eb.exists(itemsOfPolicy(eb, args.tenantId, filter.policySlug!)));
  return query;
}

function itemsOfPolicy(eb: ExpressionBuilder<Database & { r: ReviewItemsTable }, 'r'>, tenantId: string, slug: string) {
  return eb.selectFrom('evaluations as e').innerJoin('policy_versions as pv', (join) => join.on(sql<boolean>`pv.id = any(e.policy_version_ids)`))
    .innerJoin('policies as p', 'p.id', 'pv.policy_id')
    .select(sql`1`.as('one')).whereRef('e.id', '=', 'r.evaluation_id').where('e.tenant_id', '=', tenantId).where('p.slug', '=', slug);
}

/** Review items in queue order: priority (highest first), then oldest; keyset on (priority, created_at, id). */
export function listReviewItemRows(
  db: Db,
  args: Scope & { readonly filter: ReviewItemRowFilter; readonly now: Date; readonly after: KeysetPosition | null; readonly limit: number },
): Promise<ReviewItemRow[]> {
  let query = filtered(db, args).selectAll('r');
  if (args.after) {
    const [priority, at] = String(args.after.key).split('|') as [string, string];
    const p = Number(priority);
    const t = new Date(at);
    const id = args.after.id;
    query = query.where((eb) => eb.or([
      eb('r.priority', '<', p),
      eb.and([eb('r.priority', '=', p), eb.or([eb('r.created_at', '>', t), eb.and([eb('r.created_at', '=', t), eb('r.id', '>', id)])])]),
    ]));
  }
  return query.orderBy('r.priority', 'desc').orderBy('r.created_at').orderBy('r.id').limit(args.limit).execute();
}

export async function countReviewItems(db: Db, args: Scope & { readonly filter: ReviewItemRowFilter; readonly now: Date }): Promise<number> {
  const row = await filtered(db, args).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The latest review item of an evaluation (its appeal's, when it has one). */
export function findEvaluationReviewItem(db: Db, args: Scope & { readonly evaluationId: string }): Promise<ReviewItemRow | undefined> {
  return db.selectFrom('review_items').selectAll().where('tenant_id', '=', args.tenantId).where('evaluation_id', '=', args.evaluationId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export function findAppealReviewItem(db: Db, args: Scope & { readonly appealId: string }): Promise<ReviewItemRow | undefined> {
  return db.selectFrom('review_items').selectAll().where('tenant_id', '=', args.tenantId).where('appeal_id', '=', args.appealId).executeTakeFirst();
}

/** The dataset named `name`, created (concurrent-safe) when missing: review outcomes land in one per policy. */
export async function ensureDataset(db: Db, args: Scope & { readonly name: string; readonly description: string }): Promise<{ id: string }> {
  await db.insertInto('datasets').values({ id: randomUUID(), tenant_id: args.tenantId, name: args.name, description: args.description })
    .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing()).execute();
  return db.selectFrom('datasets').select('id').where('tenant_id', '=', args.tenantId).where('name', '=', args.name).executeTakeFirstOrThrow();
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
