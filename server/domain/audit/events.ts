import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { appendAuditEvent } from './repository.js';

type Trx = Transaction<Database>;
interface Who { readonly tenantId: string; readonly actor: string }

/**
 * Chains an evaluation's submission: the sha256 of its content (never the content itself) and
 * the policy versions it is judged against. Call inside the transaction that inserts it, so
 * an evaluation never exists without its link.
 */
export function recordEvaluationSubmitted(trx: Trx, args: Who & {
  readonly evaluation: { readonly id: string; readonly content_sha256: string; readonly policy_version_ids: readonly string[]; readonly idempotency_key: string | null };
}): Promise<string> {
  const { evaluation } = args;
  return appendAuditEvent(trx, {
    tenantId: args.tenantId, actor: args.actor, action: 'evaluation.submitted', subjectType: 'Evaluation', subjectId: evaluation.id,
    data: { contentSha256: evaluation.content_sha256, policyVersionIds: [...evaluation.policy_version_ids], idempotencyKey: evaluation.idempotency_key },
  });
}

/** A human reviewer's decision on an escalated evaluation (DESIGN §5 review), as review code records it. */
export interface ReviewDecisionRecord extends Who {
  readonly reviewItemId: string;
  readonly evaluationId: string;
  /** The HUMAN verdicts the decision appended (already links of the verdict chain). */
  readonly verdictIds: readonly string[];
  readonly label: string;
  readonly ruleIds: readonly string[];
  /** The reviewer's note, if any; hashed with the event. */
  readonly note?: string | null;
}

/** Chains a review decision; call inside the transaction that records it. Returns the event id. */
export function recordReviewDecision(trx: Trx, decision: ReviewDecisionRecord): Promise<string> {
  return appendAuditEvent(trx, {
    tenantId: decision.tenantId, actor: decision.actor, action: 'review.decided', subjectType: 'ReviewItem', subjectId: decision.reviewItemId,
    data: { evaluationId: decision.evaluationId, verdictIds: [...decision.verdictIds], label: decision.label, ruleIds: [...decision.ruleIds], note: decision.note ?? null },
  });
}

/** An appeal's submission or resolution, as appeal code records it. */
export interface AppealRecord extends Who {
  readonly appealId: string;
  readonly event: 'submitted' | 'resolved';
  readonly evaluationId: string;
  readonly verdictId: string | null;
  /** The appeal's status after this event (e.g. OPEN, UPHELD, OVERTURNED). */
  readonly status: string;
  readonly reason?: string | null;
}

/** Chains an appeal event (`appeal.submitted` / `appeal.resolved`); call inside the transaction that records it. */
export function recordAppeal(trx: Trx, appeal: AppealRecord): Promise<string> {
  return appendAuditEvent(trx, {
    tenantId: appeal.tenantId, actor: appeal.actor, action: `appeal.${appeal.event}`, subjectType: 'Appeal', subjectId: appeal.appealId,
    data: { evaluationId: appeal.evaluationId, verdictId: appeal.verdictId, status: appeal.status, reason: appeal.reason ?? null },
  });
}
