import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { KeysetPosition } from '../../db/keyset.js';
import type { AuditCheckpointsTable, Database } from '../../db/schema.js';
import type { ChainName } from './chain.js';

export type CheckpointRow = Selectable<AuditCheckpointsTable>;

/** Stores a signed checkpoint; a concurrent one for the same link wins and is returned instead. */
export async function insertCheckpoint(db: Kysely<Database>, row: Omit<CheckpointRow, 'id'>): Promise<CheckpointRow> {
  const inserted = await db.insertInto('audit_checkpoints').values({ ...row, id: randomUUID() })
    .onConflict((oc) => oc.columns(['tenant_id', 'chain', 'seq']).doNothing()).returningAll().executeTakeFirst();
  if (inserted) return inserted;
  return db.selectFrom('audit_checkpoints').selectAll().where('tenant_id', '=', row.tenant_id).where('chain', '=', row.chain)
    .where('seq', '=', row.seq).executeTakeFirstOrThrow();
}

/** One checkpoint of a tenant, by id. */
export function findCheckpoint(db: Kysely<Database>, args: { readonly tenantId: string; readonly id: string }): Promise<CheckpointRow | undefined> {
  return db.selectFrom('audit_checkpoints').selectAll().where('tenant_id', '=', args.tenantId).where('id', '=', args.id).executeTakeFirst();
}

/** Every checkpoint of a tenant's chain, by seq. */
export function chainCheckpoints(db: Kysely<Database>, args: { readonly tenantId: string; readonly chain: ChainName }): Promise<CheckpointRow[]> {
  return db.selectFrom('audit_checkpoints').selectAll().where('tenant_id', '=', args.tenantId).where('chain', '=', args.chain)
    .orderBy('seq').execute();
}

/** A tenant's checkpoints, newest first, keyset on (created_at, id). */
export function listCheckpointRows(db: Kysely<Database>, args: { readonly tenantId: string; readonly after: KeysetPosition | null; readonly limit: number }): Promise<CheckpointRow[]> {
  let query = db.selectFrom('audit_checkpoints').selectAll().where('tenant_id', '=', args.tenantId);
  if (args.after) query = query.where(sql<boolean>`(created_at, id) < (${new Date(args.after.key)}, ${args.after.id}::uuid)`);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(args.limit).execute();
}

/** A chain head that is due a checkpoint. */
export interface DueHead { readonly tenant_id: string; readonly chain: ChainName; readonly seq: number; readonly hash: string }

/**
 * Heads with links after their last checkpoint, and either `every` such links or the first of
 * them older than `before`.
 */
export async function dueHeads(db: Kysely<Database>, args: { readonly every: number; readonly before: Date }): Promise<DueHead[]> {
  const due: DueHead[] = [];
  for (const chain of ['audit_events', 'verdicts'] as const) {
    const { rows } = await sql<DueHead>`
      select h.tenant_id, h.chain, h.seq, h.hash from chain_heads h
      left join lateral (select max(c.seq) as seq from audit_checkpoints c where c.tenant_id = h.tenant_id and c.chain = h.chain) last on true
      left join lateral (select l.created_at from ${sql.table(chain)} l
        where l.tenant_id = h.tenant_id and l.chain_seq = coalesce(last.seq, 0) + 1) first on true
      where h.chain = ${chain} and h.seq > coalesce(last.seq, 0)
        and (h.seq - coalesce(last.seq, 0) >= ${args.every} or first.created_at <= ${args.before})`.execute(db);
    due.push(...rows.map((r) => ({ ...r, seq: Number(r.seq) })));
  }
  return due;
}

/** The heads of a tenant's chains that have links. */
export async function tenantHeads(db: Kysely<Database>, tenantId: string): Promise<DueHead[]> {
  const rows = await db.selectFrom('chain_heads').select(['tenant_id', 'chain', 'seq', 'hash']).where('tenant_id', '=', tenantId)
    .where('seq', '>', 0).orderBy('chain').execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}
