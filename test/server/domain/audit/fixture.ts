import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../../../server/db/schema.js';
import { appendVerdict, type VerdictFields } from '../../../../server/domain/verdicts/repository.js';

/** Thrown to roll a tampering transaction back after looking at what it did. */
export class Rollback extends Error {}

/**
 * Runs `tamper` as an insider with superuser access (every trigger off for the transaction),
 * then `look` inside the same transaction, and rolls everything back.
 */
export async function asInsider<T>(db: Kysely<Database>, tamper: (trx: Transaction<Database>) => Promise<void>, look: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  let seen: T | undefined;
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await tamper(trx);
    await sql`set local session_replication_role = origin`.execute(trx);
    seen = await look(trx);
    throw new Rollback();
  }).catch((error) => {
    if (!(error instanceof Rollback)) throw error;
  });
  return seen as T;
}

/** A REASONING verdict as the engine appends one, with chain-of-thought text. */
export function reasoningVerdict(args: { tenantId: string; evaluationId: string; policyVersionId: string; reasoning: string; rationale?: string }): VerdictFields {
  return {
    tenant_id: args.tenantId, evaluation_id: args.evaluationId, policy_version_id: args.policyVersionId, stage: 'REASONING', label: 'VIOLATING',
    policy_category: 'pets', rule_ids: ['PT1.a'], confidence: 'HIGH', severity: 2, recommended_action: 'remove', rationale: args.rationale ?? 'sells a kitten',
    reasoning: args.reasoning, reasoning_sha256: null, effort: 'LOW', usage: { promptTokens: 12, completionTokens: 3.5 }, latency_ms: 40,
    triage_score: null, evaluator: 'scripted', evaluator_identity: randomUUID(), findings: [{ code: 'NOTE', message: args.rationale ?? 'ok' }],
    reviewer: null, supersedes_id: null,
  };
}

export const appendVerdictNow = (db: Kysely<Database>, fields: VerdictFields) => db.transaction().execute((trx) => appendVerdict(trx, fields));
