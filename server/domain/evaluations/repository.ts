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
 * Moves an evaluation to `status` when it is in one of `from` (the lifecycle's transition table
 * decides which). Returns the row when it moved; `attempt: true` also counts a reasoning attempt.
 */
export function transitionEvaluation(
  db: Db,
  args: Scope & { readonly id: string; readonly set: Updateable<EvaluationsTable>; readonly from: readonly EvaluationStatus[]; readonly attempt?: boolean },
): Promise<EvaluationRow | undefined> {
  const set = { ...args.set, updated_at: new Date(), ...(args.attempt ? { attempts: sql<number>`attempts + 1` } : {}) };
  return db.updateTable('evaluations').set(set).where('tenant_id', '=', args.tenantId).where('id', '=', args.id)
    .where('status', 'in', [...args.from]).returningAll().executeTakeFirst();
}

/** Sets columns that are no transition (the last failure's code, the worker's lease). */
export async function annotateEvaluation(db: Db, args: Scope & { readonly id: string; readonly set: Pick<Updateable<EvaluationsTable>, 'error' | 'lease_until' | 'effort' | 'effort_reason'> }): Promise<void> {
  await db.updateTable('evaluations').set(args.set).where('tenant_id', '=', args.tenantId).where('id', '=', args.id).execute();
}

/** Locks the evaluation's row for the rest of the transaction (one verdict writer at a time). */
export async function lockEvaluation(trx: Transaction<Database>, args: Scope & { readonly id: string }): Promise<EvaluationRow | undefined> {
  return trx.selectFrom('evaluations').selectAll().where('tenant_id', '=', args.tenantId).where('id', '=', args.id).forUpdate().executeTakeFirst();
}

/** The highest persisted event seq and the highest one a writer may have published. */
export async function eventSeqState(db: Db, args: Scope & { readonly evaluationId: string }): Promise<{ persisted: number; reserved: number }> {
  const [persisted, row] = await Promise.all([
    lastEventSeq(db, args),
    db.selectFrom('evaluations').select('event_seq_reserved').where('tenant_id', '=', args.tenantId).where('id', '=', args.evaluationId).executeTakeFirst(),
  ]);
  return { persisted, reserved: Number(row?.event_seq_reserved ?? 0) };
}

/** Reserves event seqs up to at least `upTo` before any of them is published; returns the new high-water mark. */
export async function reserveEventSeqs(db: Db, args: Scope & { readonly evaluationId: string; readonly upTo: number }): Promise<number> {
  const row = await db.updateTable('evaluations').set({ event_seq_reserved: sql<number>`greatest(event_seq_reserved, ${args.upTo})` })
    .where('tenant_id', '=', args.tenantId).where('id', '=', args.evaluationId).returning('event_seq_reserved').executeTakeFirstOrThrow();
  return Number(row.event_seq_reserved);
}

/** Gives back reserved seqs after `last` once every event up to it is persisted (a clean end leaves no gap). */
export async function releaseEventSeqs(db: Db, args: Scope & { readonly evaluationId: string; readonly last: number; readonly reserved: number }): Promise<void> {
  await db.updateTable('evaluations').set({ event_seq_reserved: args.last }).where('tenant_id', '=', args.tenantId)
    .where('id', '=', args.evaluationId).where('event_seq_reserved', '=', args.reserved).execute();
}

export async function insertEvents(db: Db, args: Scope & { readonly evaluationId: string; readonly events: readonly EvaluationEvent[] }): Promise<void> {
  if (args.events.length === 0) return;
  await db.insertInto('evaluation_events').values(args.events.map((event) => ({
    tenant_id: args.tenantId, evaluation_id: args.evaluationId, seq: event.seq, type: event.type, payload: JSON.stringify(event),
  }))).onConflict((oc) => oc.columns(['evaluation_id', 'seq']).doNothing()).execute();
}

/** Persisted events after `afterSeq`, in order. */
export async function listEvents(db: Db, args: Scope & { readonly evaluationId: string; readonly afterSeq: number; readonly beforeSeq?: number }): Promise<EvaluationEvent[]> {
  let query = db.selectFrom('evaluation_events').select('payload').where('tenant_id', '=', args.tenantId)
    .where('evaluation_id', '=', args.evaluationId).where('seq', '>', args.afterSeq);
  if (args.beforeSeq !== undefined) query = query.where('seq', '<', args.beforeSeq);
  const rows = await query.orderBy('seq').execute();
  return rows.map((r) => r.payload as unknown as EvaluationEvent);
}

/** Whether the evaluation's stream already ended (an EvaluationFinished is stored). */
export async function hasFinishedEvent(db: Db, args: Scope & { readonly evaluationId: string }): Promise<boolean> {
  const row = await db.selectFrom('evaluation_events').select('seq').where('tenant_id', '=', args.tenantId)
    .where('evaluation_id', '=', args.evaluationId).where('type', '=', 'EvaluationFinished').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function lastEventSeq(db: Db, args: Scope & { readonly evaluationId: string }): Promise<number> {
  const row = await db.selectFrom('evaluation_events').select((eb) => eb.fn.max('seq').as('seq'))
    .where('tenant_id', '=', args.tenantId).where('evaluation_id', '=', args.evaluationId).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

export function findEvaluationsByIds(db: Db, args: Scope & { readonly ids: readonly string[] }): Promise<EvaluationRow[]> {
  return db.selectFrom('evaluations').selectAll().where('tenant_id', '=', args.tenantId).where('id', 'in', [...args.ids]).execute();
}
