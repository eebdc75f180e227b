import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, VerdictRow } from '../../db/schema.js';
import { nextLink } from '../audit/chain.js';

type Db = Kysely<Database> | Transaction<Database>;
type Scope = { readonly tenantId: string };

/** A verdict to append; the id, chain link and timestamp are added here. */
export type VerdictFields = Omit<VerdictRow, 'id' | 'chain_seq' | 'prev_hash' | 'hash' | 'created_at' | 'findings' | 'usage'> & {
  readonly findings: readonly { code: string; message: string }[];
  readonly usage: unknown;
};

/**
 * Appends a verdict to the tenant's hash chain. The hash covers every column as it will be
 * read back (jsonb as parsed values), so `verifyAuditChain` can recompute it from the row.
 */
export async function appendVerdict(trx: Transaction<Database>, fields: VerdictFields): Promise<VerdictRow> {
  const row = { ...fields, id: randomUUID(), created_at: new Date() };
  const link = await nextLink(trx, { tenantId: fields.tenant_id, chain: 'verdicts', fields: row });
  return trx.insertInto('verdicts').values({
    ...row, ...link, rule_ids: [...row.rule_ids], findings: JSON.stringify(row.findings), usage: row.usage === null ? null : JSON.stringify(row.usage),
  }).returningAll().executeTakeFirstOrThrow();
}

export function findVerdict(db: Db, args: Scope & { readonly id: string }): Promise<VerdictRow | undefined> {
  return db.selectFrom('verdicts').selectAll().where('tenant_id', '=', args.tenantId).where('id', '=', args.id).executeTakeFirst();
}

export function listEvaluationVerdicts(db: Db, args: Scope & { readonly evaluationId: string }): Promise<VerdictRow[]> {
  return db.selectFrom('verdicts').selectAll().where('tenant_id', '=', args.tenantId).where('evaluation_id', '=', args.evaluationId)
    .orderBy('chain_seq').execute();
}
