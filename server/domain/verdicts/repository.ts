import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, VerdictRow } from '../../db/schema.js';
import { nextLink, wellFormed } from '../audit/chain.js';
import { sha256Hex } from '../audit/hash.js';

type Db = Kysely<Database> | Transaction<Database>;
type Scope = { readonly tenantId: string };

/** A verdict to append; the id, chain link and timestamp are added here. */
export type VerdictFields = Omit<VerdictRow, 'id' | 'chain_seq' | 'prev_hash' | 'hash' | 'hash_version' | 'created_at' | 'findings' | 'usage'> & {
  readonly findings: readonly { code: string; message: string }[];
  readonly usage: unknown;
};

/**
 * Appends a verdict to the tenant's hash chain. The link hashes an explicit field list (see
 * audit/records.ts) of the row exactly as it is stored and read back: text made well-formed, the
 * chain of thought through its sha256 (recomputed here, so the digest always matches the text).
 */
export async function appendVerdict(trx: Transaction<Database>, fields: VerdictFields): Promise<VerdictRow> {
  const row = wellFormed({ ...fields, id: randomUUID(), created_at: new Date() });
  const stored = { ...row, reasoning_sha256: row.reasoning === null ? row.reasoning_sha256 : sha256Hex(row.reasoning) };
  const link = await nextLink(trx, { tenantId: fields.tenant_id, chain: 'verdicts', row: stored });
  return trx.insertInto('verdicts').values({
    ...stored, ...link, rule_ids: [...stored.rule_ids], findings: JSON.stringify(stored.findings),
    usage: stored.usage === null ? null : JSON.stringify(stored.usage),
  }).returningAll().executeTakeFirstOrThrow();
}

export function findVerdict(db: Db, args: Scope & { readonly id: string }): Promise<VerdictRow | undefined> {
  return db.selectFrom('verdicts').selectAll().where('tenant_id', '=', args.tenantId).where('id', '=', args.id).executeTakeFirst();
}

export function listEvaluationVerdicts(db: Db, args: Scope & { readonly evaluationId: string }): Promise<VerdictRow[]> {
  return db.selectFrom('verdicts').selectAll().where('tenant_id', '=', args.tenantId).where('evaluation_id', '=', args.evaluationId)
    .orderBy('chain_seq').execute();
}
