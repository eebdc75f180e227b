import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { chainHash, GENESIS_HASH } from './hash.js';

export type ChainName = 'verdicts' | 'audit_events';

/** A chain link to store with a row: its position, the previous row's hash and its own. */
export interface ChainLink {
  readonly chain_seq: number;
  readonly prev_hash: string;
  readonly hash: string;
}

/**
 * Computes the next link of a tenant's chain and advances the head. Must run inside the
 * transaction that inserts the row: the upsert locks the head row until it commits, so two
 * writers never link to the same predecessor.
 */
export async function nextLink(
  trx: Transaction<Database>,
  args: { readonly tenantId: string; readonly chain: ChainName; readonly fields: Record<string, unknown> },
): Promise<ChainLink> {
  // One statement creates the head on first use or locks it, and returns it either way.
  const head = await trx.insertInto('chain_heads').values({ tenant_id: args.tenantId, chain: args.chain, seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.columns(['tenant_id', 'chain']).doUpdateSet({ seq: (eb) => eb.ref('chain_heads.seq') }))
    .returning(['seq', 'hash']).executeTakeFirstOrThrow();
  const link = { chain_seq: Number(head.seq) + 1, prev_hash: head.hash, hash: chainHash(head.hash, args.fields) };
  await trx.updateTable('chain_heads').set({ seq: link.chain_seq, hash: link.hash })
    .where('tenant_id', '=', args.tenantId).where('chain', '=', args.chain).execute();
  return link;
}

/** Rows of one chain in order, a page at a time (for verification). */
export async function chainPage(
  db: Kysely<Database>,
  args: { readonly tenantId: string; readonly chain: ChainName; readonly afterSeq: number; readonly limit: number },
): Promise<Record<string, unknown>[]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(args.chain)}
    where tenant_id = ${args.tenantId} and chain_seq > ${args.afterSeq} order by chain_seq limit ${args.limit}`.execute(db);
  return rows;
}
