import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { CURRENT_HASH_VERSION, GENESIS_HASH, linkHash, wellFormed } from './hash.js';
import { hashedRecord } from './records.js';

export type ChainName = 'verdicts' | 'audit_events';
export const CHAINS: readonly ChainName[] = ['audit_events', 'verdicts'];

/** A chain link to store with a row: its position, the previous row's hash, its own and the scheme. */
export interface ChainLink {
  readonly chain_seq: number;
  readonly prev_hash: string;
  readonly hash: string;
  readonly hash_version: number;
}

/**
 * Computes the next link of a tenant's chain for `row` (already {@link wellFormed}, as it will be
 * stored). Must run inside the transaction that inserts the row: the upsert locks the head row
 * until it commits, so two writers never link to the same predecessor. The database advances the
 * head when the row is inserted (and refuses a row that does not extend it).
 */
export async function nextLink(
  trx: Transaction<Database>,
  args: { readonly tenantId: string; readonly chain: ChainName; readonly row: Record<string, unknown> },
): Promise<ChainLink> {
  // One statement creates the head on first use or locks it, and returns it either way.
  const head = await trx.insertInto('chain_heads').values({ tenant_id: args.tenantId, chain: args.chain, seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.columns(['tenant_id', 'chain']).doUpdateSet({ seq: (eb) => eb.ref('chain_heads.seq') }))
    .returning(['seq', 'hash']).executeTakeFirstOrThrow();
  const seq = Number(head.seq) + 1;
  const record = hashedRecord(args.chain, CURRENT_HASH_VERSION, args.row);
  const hash = linkHash(CURRENT_HASH_VERSION, { chain: args.chain, seq, prevHash: head.hash, record });
  return { chain_seq: seq, prev_hash: head.hash, hash, hash_version: CURRENT_HASH_VERSION };
}

export { wellFormed };

/** Rows of one chain in order, a page at a time (for verification and export). */
export async function chainPage(
  db: Kysely<Database>,
  args: { readonly tenantId: string; readonly chain: ChainName; readonly afterSeq: number; readonly limit: number },
): Promise<Record<string, unknown>[]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(args.chain)}
    where tenant_id = ${args.tenantId} and chain_seq > ${args.afterSeq} order by chain_seq limit ${args.limit}`.execute(db);
  return rows;
}

/** The head of each of a tenant's chains (seq 0 and the genesis hash for a chain never written). */
export async function chainHeads(db: Kysely<Database>, tenantId: string): Promise<Record<ChainName, { seq: number; hash: string }>> {
  const rows = await db.selectFrom('chain_heads').select(['chain', 'seq', 'hash']).where('tenant_id', '=', tenantId).execute();
  const heads = { verdicts: { seq: 0, hash: GENESIS_HASH }, audit_events: { seq: 0, hash: GENESIS_HASH } };
  for (const row of rows) heads[row.chain] = { seq: Number(row.seq), hash: row.hash };
  return heads;
}
