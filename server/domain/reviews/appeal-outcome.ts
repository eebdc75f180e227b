import type { Transaction } from 'kysely';
import type { Database, PolicyVersionRow, VerdictRow } from '../../db/schema.js';
import { appendAuditEvent } from '../audit/repository.js';
import type { Scope } from '../scope.js';
import { findAppeal, updateAppeal } from './appeal-repository.js';
import { appealOutcome, statementOfReasons } from './statement.js';

/** Closes an appeal with its outcome and statement of reasons, and links it into the audit chain. */
export async function decideAppeal(trx: Transaction<Database>, scope: Scope, args: {
  appealId: string; versions: readonly (PolicyVersionRow & { slug: string })[]; before: readonly VerdictRow[]; verdicts: readonly VerdictRow[]; at: Date;
}): Promise<void> {
  const appeal = (await findAppeal(trx, { tenantId: scope.tenantId, id: args.appealId, lock: true }))!;
  const contested = appeal.contested as unknown as { policyVersionId: string; verdictId: string; label: string }[];
  const contestedRuleIds = new Map(contested.map((c) => [c.policyVersionId, args.before.find((v) => v.id === c.verdictId)?.rule_ids ?? []]));
  const outcome = appealOutcome(contested, args.verdicts);
  const statement = statementOfReasons({ outcome, versions: args.versions, contested, decided: args.verdicts, contestedRuleIds });
  await updateAppeal(trx, { tenantId: scope.tenantId, id: appeal.id, set: { status: 'DECIDED', outcome, statement_of_reasons: statement, resolved_at: args.at } });
  await appendAuditEvent(trx, { tenantId: scope.tenantId, actor: scope.actor, action: 'appeal.decided', subjectType: 'Appeal', subjectId: appeal.id, data: {
    evaluationId: appeal.evaluation_id, outcome, verdictIds: args.verdicts.map((v) => v.id),
  } });
}
