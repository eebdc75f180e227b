import { type Insertable, type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type { Database, EvaluationRow, EvaluationsTable, EvaluationStatus } from '../../db/schema.js';
import type { EvaluationEvent } from '../../events/types.js';

type Db = Kysely<Database> | Transaction<Database>;
type Scope = { readonly tenantId: string };

/** Inserts an evaluation and its first event in one statement (one round trip on the hot path). */
export async function insertEvaluationWithEvent(db: Db, args: { readonly row: Insertable<EvaluationsTable>; readonly event: EvaluationEvent }): Promise<EvaluationRow> {
  const entries = Object.entries(args.row).filter(([, value]) => value !== undefined);
  const { rows } = await sql<EvaluationRow>`with inserted as (
      insert into evaluations (${sql.join(entries.map(([column]) => sql.ref(column)))}) values (${sql.join(entries.map(([, value]) => value))}) returning *
    ), event as (
      insert into evaluation_events (tenant_id, evaluation_id, seq, type, payload)
      select tenant_id, id, ${args.event.seq}, ${args.event.type}, ${JSON.stringify(args.event)}::jsonb from inserted
    )
    select * from inserted`.execute(db);
  return rows[0]!;
}

export function findEvaluation(db: Db, args: Scope & { readonly id: string }): Promise<EvaluationRow | undefined> {
  return db.selectFrom('evaluations').selectAll().where('tenant_id', '=', args.tenantId).where('id', '=', args.id).executeTakeFirst();
}

export function findByIdempotencyKey(db: Db, args: Scope & { readonly key: string }): Promise<EvaluationRow | undefined> {
  return db.selectFrom('evaluations').selectAll().where('tenant_id', '=', args.tenantId).where('idempotency_key', '=', args.key).executeTakeFirst();
}

/**
 * Moves an evaluation to `status` unless it already reached one of `unless` (a cancelled
 * evaluation stays cancelled). Returns the row when it moved.
 */
export function updateEvaluation(
  db: Db,
  args: Scope & { readonly id: string; readonly set: Updateable<EvaluationsTable>; readonly unless: readonly EvaluationStatus[] },
): Promise<EvaluationRow | undefined> {
  let query = db.updateTable('evaluations').set({ ...args.set, updated_at: new Date() }).where('tenant_id', '=', args.tenantId).where('id', '=', args.id);
  if (args.unless.length > 0) query = query.where('status', 'not in', [...args.unless]);
  return query.returningAll().executeTakeFirst();
}

export async function insertEvents(db: Db, args: Scope & { readonly evaluationId: string; readonly events: readonly EvaluationEvent[] }): Promise<void> {
  if (args.events.length === 0) return;
  await db.insertInto('evaluation_events').values(args.events.map((event) => ({
    tenant_id: args.tenantId, evaluation_id: args.evaluationId, seq: event.seq, type: event.type, payload: JSON.stringify(event),
  }))).execute();
}

/** Persisted events after `afterSeq`, in order. */
export async function listEvents(db: Db, args: Scope & { readonly evaluationId: string; readonly afterSeq: number; readonly beforeSeq?: number }): Promise<EvaluationEvent[]> {
  let query = db.selectFrom('evaluation_events').select('payload').where('tenant_id', '=', args.tenantId)
    .where('evaluation_id', '=', args.evaluationId).where('seq', '>', args.afterSeq);
  if (args.beforeSeq !== undefined) query = query.where('seq', '<', args.beforeSeq);
  const rows = await query.orderBy('seq').execute();
  return rows.map((r) => r.payload as unknown as EvaluationEvent);
}

export async function lastEventSeq(db: Db, args: Scope & { readonly evaluationId: string }): Promise<number> {
  const row = await db.selectFrom('evaluation_events').select((eb) => eb.fn.max('seq').as('seq'))
    .where('tenant_id', '=', args.tenantId).where('evaluation_id', '=', args.evaluationId).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

export function findEvaluationsByIds(db: Db, args: Scope & { readonly ids: readonly string[] }): Promise<EvaluationRow[]> {
  return db.selectFrom('evaluations').selectAll().where('tenant_id', '=', args.tenantId).where('id', 'in', [...args.ids]).execute();
}
