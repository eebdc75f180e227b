import type { EvaluationStatus } from '../../db/schema.js';
import { annotateEvaluation, findEvaluation, hasFinishedEvent } from '../../domain/evaluations/repository.js';
import { findVersionsWithSlugs } from '../../domain/policies/repository.js';
import { announceReviewItemOpened } from '../../domain/reviews/events.js';
import { openReviewItem } from '../../domain/reviews/repository.js';
import { listEvaluationVerdicts } from '../../domain/verdicts/repository.js';
import { withDeadline } from '../deadline.js';
import { createEventWriter } from '../event-writer.js';
import { logger } from '../log.js';
import { type EnginePolicy, toEnginePolicy } from '../policies.js';
import { runTriage } from '../triage-stage.js';
import { type EngineDeps, keyOf, type RunContext } from './deps.js';
import { escalationReasons } from './escalation.js';
import { failedMessage, failureCode, RetryRequested } from './failure.js';
import { reasonStep } from './reasoning.js';
import { FINISHED_BY_MACHINE, transition } from './transitions.js';
import { storedVerdict, storeVerdict, triageVerdict } from './verdicts.js';

/** Review reason of a FAILED evaluation (DESIGN §4: fail closed). */
export const FAILED_REVIEW_REASON = 'evaluation failed';

/**
 * Runs (or resumes) an evaluation to DECIDED, ESCALATED or FAILED (DESIGN §4). Every stage
 * first reads what is stored: a policy with a stored TRIAGE verdict is not triaged again, one
 * with a stored REASONING verdict is not reasoned again, and escalation is computed from the
 * stored verdicts. Throws only {@link RetryRequested}, to ask the queue for another attempt.
 */
export async function runEvaluation(deps: EngineDeps, job: { tenantId: string; evaluationId: string }, meta: { lastAttempt: boolean; signal: AbortSignal }): Promise<void> {
  const evaluation = await findEvaluation(deps.db, { tenantId: job.tenantId, id: job.evaluationId });
  if (!evaluation || FINISHED_BY_MACHINE.includes(evaluation.status)) return;
  const writer = await createEventWriter({ db: deps.db, bus: deps.bus, ...job });
  let run: RunContext = { deps, evaluation, policies: [], writer, signal: meta.signal, lastAttempt: meta.lastAttempt };
  try {
    if (evaluation.status === 'CANCELLED') return await announceCancelled(run);
    run = { ...run, policies: await loadPolicies(run) };
    await stages(run);
  } catch (error) {
    if (meta.signal.aborted) return await announceCancelled(run);
    if (!meta.lastAttempt) throw error instanceof RetryRequested ? error : await retryLater(run, error);
    logger.error({ err: error, evaluationId: evaluation.id }, 'evaluation failed on its last attempt');
    await finish(run, 'FAILED', [FAILED_REVIEW_REASON], failedMessage(failureCode(error)));
  } finally {
    await writer.close().catch((error: unknown) => logger.error({ err: error, evaluationId: evaluation.id }, 'event writer failed'));
  }
}

async function stages(run: RunContext): Promise<void> {
  if (!(await enter(run, 'TRIAGE'))) return announceCancelled(run);
  let stored = await listEvaluationVerdicts(run.deps.db, keyOf(run));
  await triageStep(run, run.policies.filter((p) => !storedVerdict(stored, p.id, 'TRIAGE')));
  stored = await listEvaluationVerdicts(run.deps.db, keyOf(run));
  const undecided = run.policies.filter((p) => storedVerdict(stored, p.id, 'TRIAGE')?.label === 'UNCERTAIN' && !storedVerdict(stored, p.id, 'REASONING'));
  const reasoned = undecided.length > 0 ? await reasonStep(run, stored, undecided) : { reasons: [] };
  if (reasoned === 'cancelled') return announceCancelled(run);
  const reasons = [...reasoned.reasons, ...escalationReasons(run.policies, await listEvaluationVerdicts(run.deps.db, keyOf(run)))];
  await finish(run, reasons.length > 0 ? 'ESCALATED' : 'DECIDED', reasons, null);
}

async function triageStep(run: RunContext, policies: readonly EnginePolicy[]): Promise<void> {
  if (policies.length === 0) return;
  const { deps, evaluation } = run;
  const outcomes = await withDeadline(run.signal, deps.timeouts.triageMs, (signal) =>
    runTriage({ policies, content: evaluation.content, evaluatorsFor: deps.triageEvaluatorsFor, signal }));
  for (const outcome of outcomes) await storeVerdict(run, triageVerdict(keyOf(run), outcome));
}

async function loadPolicies(run: RunContext): Promise<EnginePolicy[]> {
  const { evaluation, deps } = run;
  const rows = await findVersionsWithSlugs(deps.db, { tenantId: evaluation.tenant_id, ids: evaluation.policy_version_ids });
  return evaluation.policy_version_ids.map((id) => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new Error(`policy version ${id} of evaluation ${evaluation.id} is missing`);
    return toEnginePolicy(row, row.slug);
  });
}

/** Enters a non-terminal stage (again, when resuming) and says so; false when the evaluation was cancelled meanwhile. */
async function enter(run: RunContext, status: 'TRIAGE'): Promise<boolean> {
  if (run.evaluation.status === 'REASONING') return true; // resuming: triage already ran
  const moved = await transition(run.deps.db, { tenantId: run.evaluation.tenant_id, id: run.evaluation.id, to: status });
  if (moved) await run.writer.emit({ type: 'StageChanged', status });
  return moved !== undefined;
}

/**
 * Ends the evaluation (unless it was cancelled). ESCALATED and FAILED open a review item in
 * the same transaction, so neither can end without reaching the queue.
 */
async function finish(run: RunContext, status: 'DECIDED' | 'ESCALATED' | 'FAILED', reasons: readonly string[], error: string | null): Promise<void> {
  const { evaluation, deps } = run;
  const moved = await deps.db.transaction().execute(async (trx) => {
    const row = await transition(trx, {
      tenantId: evaluation.tenant_id, id: evaluation.id, to: status,
      set: { escalation_reasons: JSON.stringify(reasons), error, lease_until: null },
    });
    const item = row && status !== 'DECIDED' ? await openReviewItem(trx, { tenantId: evaluation.tenant_id, evaluationId: evaluation.id, reasons }) : null;
    return row ? { row, item } : undefined;
  });
  if (!moved) return announceCancelled(run);
  // After the commit: review UIs hear of the new item only once it exists for everyone.
  if (moved.item) announceReviewItemOpened(deps.bus, moved.item);
  await run.writer.emit({ type: 'StageChanged', status });
  await run.writer.emit({ type: 'EvaluationFinished', status });
}

/** Records why the attempt failed (a code) and asks for a retry; the raw error goes to the log. */
async function retryLater(run: RunContext, error: unknown): Promise<RetryRequested> {
  const code = failureCode(error);
  logger.warn({ err: error, evaluationId: run.evaluation.id, code }, 'evaluation attempt failed; the queue retries it');
  await annotateEvaluation(run.deps.db, { tenantId: run.evaluation.tenant_id, id: run.evaluation.id, set: { error: code } }).catch(() => undefined);
  return new RetryRequested(code);
}

/** Emits the end of a cancelled evaluation's stream, once. */
async function announceCancelled(run: RunContext): Promise<void> {
  const current = await findEvaluation(run.deps.db, { tenantId: run.evaluation.tenant_id, id: run.evaluation.id });
  if (current?.status !== 'CANCELLED') return;
  await run.writer.flush();
  if (await hasFinishedEvent(run.deps.db, keyOf(run))) return;
  await run.writer.emit({ type: 'StageChanged', status: 'CANCELLED' });
  await run.writer.emit({ type: 'EvaluationFinished', status: 'CANCELLED' });
}

/** Ends an unfinished evaluation as FAILED (with a review item) without running it: its job keeps killing workers. */
export async function failEvaluation(deps: EngineDeps, job: { tenantId: string; evaluationId: string }, code: string): Promise<void> {
  const evaluation = await findEvaluation(deps.db, { tenantId: job.tenantId, id: job.evaluationId });
  if (!evaluation || FINISHED_BY_MACHINE.includes(evaluation.status) || evaluation.status === 'CANCELLED') return;
  const writer = await createEventWriter({ db: deps.db, bus: deps.bus, ...job });
  const run: RunContext = { deps, evaluation, policies: [], writer, signal: new AbortController().signal, lastAttempt: true };
  logger.error({ evaluationId: evaluation.id, code }, 'evaluation failed without running');
  try {
    await finish(run, 'FAILED', [FAILED_REVIEW_REASON], failedMessage(code));
  } finally {
    await writer.close().catch(() => undefined);
  }
}
