import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { KeysetPosition } from '../../db/keyset.js';
import type { AppealsTable, ContestedVerdict, Database } from '../../db/schema.js';

export type AppealRow = Selectable<AppealsTable>;
export type AppealStatus = AppealRow['status'];

type Db = Kysely<Database> | Transaction<Database>;
type Scope = { readonly tenantId: string };

/** Inserts an OPEN appeal; a second open appeal of the evaluation is a unique violation. */
export function insertAppeal(db: Db, args: Scope & {
  readonly evaluationId: string; readonly reason: string; readonly appellant: string | null; readonly createdBy: string;
  readonly contested: readonly ContestedVerdict[];
}): Promise<AppealRow> {
  return db.insertInto('appeals').values({
    id: randomUUID(), tenant_id: args.tenantId, evaluation_id: args.evaluationId, verdict_id: args.contested[0]?.verdictId ?? null,
    status: 'OPEN', reason: args.reason, appellant: args.appellant, created_by: args.createdBy, created_at: new Date(), contested: JSON.stringify(args.contested),
  }).returningAll().executeTakeFirstOrThrow();
}

export function findAppeal(db: Db, args: Scope & { readonly id: string; readonly lock?: boolean }): Promise<AppealRow | undefined> {
  const query = db.selectFrom('appeals').selectAll().where('tenant_id', '=', args.tenantId).where('id', '=', args.id);
  return (args.lock ? query.forUpdate() : query).executeTakeFirst();
}

export function updateAppeal(db: Db, args: Scope & { readonly id: string; readonly set: Updateable<AppealsTable> }): Promise<AppealRow> {
  return db.updateTable('appeals').set(args.set).where('tenant_id', '=', args.tenantId).where('id', '=', args.id).returningAll().executeTakeFirstOrThrow();
}

/** Appeals, newest first, keyset on (created_at, id). */
export function listAppealRows(db: Db, args: Scope & { readonly status: AppealStatus | null; readonly after: KeysetPosition | null; readonly limit: number }): Promise<AppealRow[]> {
  let query = db.selectFrom('appeals').selectAll().where('tenant_id', '=', args.tenantId);
  if (args.status) query = query.where('status', '=', args.status);
  if (args.after) {
    const at = new Date(args.after.key);
    const id = args.after.id;
    query = query.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(args.limit).execute();
}

export async function countAppeals(db: Db, args: Scope & { readonly status: AppealStatus | null }): Promise<number> {
  let query = db.selectFrom('appeals').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', args.tenantId);
  if (args.status) query = query.where('status', '=', args.status);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
