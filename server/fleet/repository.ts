import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** What a worker says about one evaluator it runs. */
export interface AdvertisedEvaluator {
  readonly name: string;
  readonly version: string;
  readonly kind: 'triage' | 'reasoner';
  readonly streamsReasoning: boolean;
  readonly maxPoliciesPerCall: number;
  readonly ready: boolean;
  readonly detail: string | null;
}

export interface WorkerHeartbeat {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly evaluators: readonly AdvertisedEvaluator[];
  readonly seenAt: Date;
}

export async function upsertHeartbeat(db: Kysely<Database>, beat: { id: string; host: string; pid: number; evaluators: readonly AdvertisedEvaluator[]; startedAt: Date }): Promise<void> {
  const evaluators = JSON.stringify(beat.evaluators);
  await db.insertInto('worker_heartbeats')
    .values({ id: beat.id, host: beat.host, pid: beat.pid, evaluators, started_at: beat.startedAt, seen_at: sql<Date>`now()` })
    .onConflict((c) => c.column('id').doUpdateSet({ evaluators, seen_at: sql<Date>`now()` }))
    .execute();
}

export async function deleteHeartbeat(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('worker_heartbeats').where('id', '=', id).execute();
}

/** Workers seen in the last `withinSeconds`; older rows (a worker that died) are removed on the way. */
export async function liveHeartbeats(db: Kysely<Database>, withinSeconds: number): Promise<WorkerHeartbeat[]> {
  const cutoff = sql<Date>`now() - make_interval(secs => ${withinSeconds})`;
  await db.deleteFrom('worker_heartbeats').where('seen_at', '<', sql<Date>`now() - make_interval(secs => ${withinSeconds * 10})`).execute();
  const rows = await db.selectFrom('worker_heartbeats').selectAll().where('seen_at', '>=', cutoff).orderBy('started_at').execute();
  return rows.map((r) => ({ id: r.id, host: r.host, pid: r.pid, evaluators: r.evaluators as AdvertisedEvaluator[], seenAt: new Date(r.seen_at) }));
}
