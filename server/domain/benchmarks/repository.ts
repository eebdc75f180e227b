import { randomUUID } from 'node:crypto';
import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { KeysetPosition } from '../../db/keyset.js';
import type { BenchmarkItemsTable, BenchmarkRunsTable, BenchmarkRunStatus, Database } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;
export type BenchmarkRunRow = Selectable<BenchmarkRunsTable>;
export type BenchmarkItemRow = Selectable<BenchmarkItemsTable>;

export function insertRun(db: Db, row: Omit<Insertable<BenchmarkRunsTable>, 'id'>): Promise<BenchmarkRunRow> {
  return db.insertInto('benchmark_runs').values({ id: randomUUID(), ...row }).returningAll().executeTakeFirstOrThrow();
}

export function findRun(db: Db, args: { tenantId: string; id: string }): Promise<BenchmarkRunRow | undefined> {
  return db.selectFrom('benchmark_runs').selectAll().where('tenant_id', '=', args.tenantId).where('id', '=', args.id).executeTakeFirst();
}

/** Moves a run between statuses; only from one of `from`, so a cancelled run is never revived. */
export function setRunStatus(db: Db, args: { tenantId: string; id: string; from: readonly BenchmarkRunStatus[]; set: Partial<Pick<BenchmarkRunRow, 'status' | 'error' | 'started_at' | 'finished_at' | 'total'>> & { metrics?: string } }): Promise<BenchmarkRunRow | undefined> {
  return db.updateTable('benchmark_runs').set(args.set).where('tenant_id', '=', args.tenantId).where('id', '=', args.id)
    .where('status', 'in', [...args.from]).returningAll().executeTakeFirst();
}

/**
 * Stores one (item, repeat) result unless a previous attempt of the job already did, and counts it,
 * in one statement; returns the run's progress, or null when the result was stored before.
 */
export async function insertItem(db: Db, row: Omit<Insertable<BenchmarkItemsTable>, 'id'>): Promise<{ done: number; status: string } | null> {
  const inserted = db.insertInto('benchmark_items').values({ id: randomUUID(), ...row })
    .onConflict((oc) => oc.columns(['run_id', 'ordinal', 'repeat']).doNothing()).returning('run_id');
  const counted = await db.with('inserted', () => inserted).updateTable('benchmark_runs').set({ done: sql`done + 1` })
    .where('id', 'in', (eb) => eb.selectFrom('inserted').select('run_id')).returning(['done', 'status']).executeTakeFirst();
  return counted ?? null;
}

/** The (ordinal, repeat) pairs a run has already stored: what a resumed job skips. */
export async function doneKeys(db: Db, args: { tenantId: string; runId: string }): Promise<Set<string>> {
  const rows = await db.selectFrom('benchmark_items').select(['ordinal', 'repeat']).where('tenant_id', '=', args.tenantId).where('run_id', '=', args.runId).execute();
  return new Set(rows.map((r) => `${r.ordinal}/${r.repeat}`));
}

export function listItems(db: Db, args: { tenantId: string; runId: string }): Promise<BenchmarkItemRow[]> {
  return db.selectFrom('benchmark_items').selectAll().where('tenant_id', '=', args.tenantId).where('run_id', '=', args.runId)
    .orderBy('ordinal').orderBy('repeat').execute();
}

export function pageItems(db: Db, args: { tenantId: string; runId: string; mismatchedOnly: boolean; after: KeysetPosition | null; limit: number }): Promise<BenchmarkItemRow[]> {
  let query = db.selectFrom('benchmark_items').selectAll().where('tenant_id', '=', args.tenantId).where('run_id', '=', args.runId);
  if (args.mismatchedOnly) query = query.where('mismatched', '=', true);
  if (args.after) {
    const [ordinal, repeat] = String(args.after.key).split('/').map(Number);
    query = query.where(sql<boolean>`(ordinal, repeat) > (${ordinal}, ${repeat})`);
  }
  return query.orderBy('ordinal').orderBy('repeat').limit(args.limit).execute();
}

export async function countItems(db: Db, args: { tenantId: string; runId: string; mismatchedOnly: boolean }): Promise<number> {
  let query = db.selectFrom('benchmark_items').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', args.tenantId).where('run_id', '=', args.runId);
  if (args.mismatchedOnly) query = query.where('mismatched', '=', true);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Runs newest first; with `policyVersionIds`, only runs that include one of them. */
export function pageRuns(db: Db, args: { tenantId: string; policyVersionIds: readonly string[] | null; after: KeysetPosition | null; limit: number }): Promise<BenchmarkRunRow[]> {
  let query = db.selectFrom('benchmark_runs').selectAll().where('tenant_id', '=', args.tenantId);
  if (args.policyVersionIds) query = query.where(sql<boolean>`policy_version_ids && ${sql.val([...args.policyVersionIds])}::uuid[]`);
  if (args.after) query = query.where(sql<boolean>`(created_at, id) < (${new Date(args.after.key)}, ${args.after.id}::uuid)`);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(args.limit).execute();
}

export async function countRuns(db: Db, args: { tenantId: string; policyVersionIds: readonly string[] | null }): Promise<number> {
  let query = db.selectFrom('benchmark_runs').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', args.tenantId);
  if (args.policyVersionIds) query = query.where(sql<boolean>`policy_version_ids && ${sql.val([...args.policyVersionIds])}::uuid[]`);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** The newest SUCCEEDED benchmark run of a version on a dataset version. */
export function latestSucceededRun(db: Db, args: { tenantId: string; policyVersionId: string; datasetId: string; datasetVersion?: number }): Promise<BenchmarkRunRow | undefined> {
  let query = db.selectFrom('benchmark_runs').selectAll().where('tenant_id', '=', args.tenantId).where('kind', '=', 'BENCHMARK')
    .where('status', '=', 'SUCCEEDED').where('dataset_id', '=', args.datasetId)
    .where(sql<boolean>`${args.policyVersionId}::uuid = any(policy_version_ids)`);
  if (args.datasetVersion !== undefined) query = query.where('dataset_version', '=', args.datasetVersion);
  return query.orderBy('finished_at', 'desc').limit(1).executeTakeFirst();
}
