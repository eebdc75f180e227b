import type { Kysely, Transaction } from 'kysely';
import type { Database, EvaluationRow } from '../../db/schema.js';
import { APPEAL_QUEUE } from '../../engine/queue.js';
import type { EventBus } from '../../events/bus.js';
import { AlreadyExistsError, InvalidStateError, NotFoundError, ValidationError } from '../../errors.js';
import { appendAuditEvent } from '../audit/repository.js';
import { annotateEvaluation, findEvaluation } from '../evaluations/repository.js';
import { isUniqueViolation, type Scope } from '../scope.js';
import { finalVerdicts } from '../verdicts/service.js';
import { type AppealRow, findAppeal, insertAppeal, updateAppeal } from './appeal-repository.js';
import type { ReviewDeps } from './deps.js';
import { announce } from './events.js';
import { openReviewItem } from './repository.js';
import { APPEALS_QUEUE } from './placement.js';

/** DESIGN §7 `SubmitAppealInput`. */
export interface SubmitAppealInput {
  readonly evaluationId: string;
  readonly reason: string;
  readonly appellant?: string | null;
}

/** The job of one appeal's re-run. */
export interface AppealJob {
  readonly tenantId: string;
  readonly appealId: string;
}

const APPEALABLE: readonly EvaluationRow['status'][] = ['DECIDED', 'ESCALATED', 'FAILED'];

/**
 * Opens an appeal of a finished evaluation and enqueues its high-effort re-run in the same
 * transaction. One open appeal per evaluation (ALREADY_EXISTS); INVALID_STATE unless finished.
 */
export async function submitAppeal(scope: Scope, deps: ReviewDeps, input: SubmitAppealInput): Promise<AppealRow> {
  const reason = input.reason.trim();
  if (reason === '' || reason.length > 4000) {
    throw new ValidationError('invalid appeal', [{ path: 'reason', line: null, message: 'must be 1 to 4000 characters' }]);
  }
  const evaluation = await findEvaluation(scope.db, { tenantId: scope.tenantId, id: input.evaluationId });
  if (!evaluation) throw new NotFoundError('evaluation', input.evaluationId);
  if (!APPEALABLE.includes(evaluation.status)) {
    throw new InvalidStateError(`evaluation ${evaluation.id} is ${evaluation.status}: only a finished evaluation can be appealed`);
  }
  const standing = await finalVerdicts(scope, evaluation.id);
  const contested = standing.map((v) => ({ policyVersionId: v.policy_version_id, verdictId: v.id, label: v.label }));
  try {
    return await scope.db.transaction().execute(async (trx) => {
      const appeal = await insertAppeal(trx, {
        tenantId: scope.tenantId, evaluationId: evaluation.id, reason, appellant: input.appellant ?? null, createdBy: scope.actor, contested,
      });
      await appendAuditEvent(trx, { tenantId: scope.tenantId, actor: scope.actor, action: 'appeal.submitted', subjectType: 'Appeal', subjectId: appeal.id, data: {
        evaluationId: evaluation.id, reason, appellant: appeal.appellant, contested,
      } });
      await deps.queue.enqueueOn(trx, APPEAL_QUEUE, { tenantId: scope.tenantId, appealId: appeal.id } satisfies AppealJob);
      return appeal;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError('open appeal of evaluation', evaluation.id);
    throw error;
  }
}

/** Marks the appeal's re-run as started; null when it is past that (a retried job after the item opened). */
export async function beginAppealRerun(db: Kysely<Database>, job: AppealJob): Promise<{ appeal: AppealRow; evaluation: EvaluationRow } | null> {
  const appeal = await findAppeal(db, { tenantId: job.tenantId, id: job.appealId });
  if (!appeal || (appeal.status !== 'OPEN' && appeal.status !== 'REASONING')) return null;
  const moved = appeal.status === 'OPEN' ? await updateAppeal(db, { tenantId: job.tenantId, id: appeal.id, set: { status: 'REASONING' } }) : appeal;
  const evaluation = (await findEvaluation(db, { tenantId: job.tenantId, id: appeal.evaluation_id }))!;
  return { appeal: moved, evaluation };
}

/**
 * Ends the re-run: inside the caller's transaction (with the new verdicts) records the effort and
 * its reason `appeal` on the evaluation and opens the appeal's item in the `appeals` queue; the
 * returned `announce` tells the live queue, after commit.
 */
export async function openAppealReview(trx: Transaction<Database>, args: AppealJob & { readonly reasons: readonly string[]; readonly effort: 'HIGH' | null }) {
  const appeal = await updateAppeal(trx, { tenantId: args.tenantId, id: args.appealId, set: { status: 'IN_REVIEW' } });
  const base = { tenantId: args.tenantId, evaluationId: appeal.evaluation_id };
  if (args.effort) {
    await annotateEvaluation(trx, { tenantId: args.tenantId, id: base.evaluationId, set: { effort: args.effort, effort_reason: 'appeal' } });
  }
  const item = await openReviewItem(trx, { ...base, reasons: args.reasons, appealId: appeal.id, queue: APPEALS_QUEUE });
  return { item, announce: (bus: EventBus) => announce(bus, 'ReviewItemAdded', item) };
}
