import type { Kysely } from 'kysely';
import type { EvaluatorRegistry, ReasonerEvaluator, ReasoningEffort, TriageEvaluator } from '../../sdk/index.js';
import type { Database, EvaluationRow, EvaluationStatus } from '../db/schema.js';
import { findEvaluation, lastEventSeq, listEvents, updateEvaluation } from '../domain/evaluations/repository.js';
import { findVersionsWithSlugs } from '../domain/policies/repository.js';
import { openReviewItem } from '../domain/reviews/repository.js';
import { appendVerdict, listEvaluationVerdicts } from '../domain/verdicts/repository.js';
import type { EventBus } from '../events/bus.js';
import { isTerminal, TERMINAL_STATUSES } from '../events/types.js';
import { withDeadline } from './deadline.js';
import { escalationReasons } from './decide.js';
import { createEventWriter, type EventWriter } from './event-writer.js';
import { type EnginePolicy, toEnginePolicy } from './policies.js';
import { reason } from './reasoning-step.js';
import { runTriage, type TriageOutcome } from './triage-stage.js';
import { triageVerdict } from './verdict-rows.js';
import type { MultiPolicyStrategy } from './reasoning-stage.js';

/** What the pipeline needs; built once per worker. */
export interface EngineDeps {
  readonly db: Kysely<Database>;
  readonly bus: EventBus;
  readonly registry: EvaluatorRegistry;
  /** The reasoner to use now: registered and healthy (health is probed at most every few seconds). */
  readonly readyReasoner: () => Promise<ReasonerEvaluator | undefined>;
  /** Triage evaluators of a policy: the registry's, plus its active classifier when there is one. */
  readonly triageEvaluatorsFor: (policy: EnginePolicy) => Promise<readonly TriageEvaluator[]>;
  readonly strategy: MultiPolicyStrategy;
  readonly timeouts: { readonly triageMs: number; readonly reasoningMs: number };
}

/** One run of one evaluation job. */
export interface RunContext {
  readonly deps: EngineDeps;
  readonly evaluation: EvaluationRow;
  readonly writer: EventWriter;
  readonly signal: AbortSignal;
  readonly lastAttempt: boolean;
}

/**
 * Runs an evaluation to DECIDED or ESCALATED (DESIGN §4). Safe to run again after a crash or a
 * retry: finished evaluations are skipped and verdicts already written are not written twice.
 * Throws only to ask the queue for a retry.
 */
export async function runEvaluation(deps: EngineDeps, job: { tenantId: string; evaluationId: string }, meta: { lastAttempt: boolean; signal: AbortSignal }): Promise<void> {
  const evaluation = await findEvaluation(deps.db, { tenantId: job.tenantId, id: job.evaluationId });
  if (!evaluation || (isTerminal(evaluation.status) && evaluation.status !== 'CANCELLED')) return;
  const writer = await createEventWriter({ db: deps.db, bus: deps.bus, ...job });
  const run: RunContext = { deps, evaluation, writer, signal: meta.signal, lastAttempt: meta.lastAttempt };
  try {
    if (evaluation.status === 'CANCELLED' || !(await moveTo(run, 'TRIAGE'))) return await announceCancelled(run);
    const policies = await loadPolicies(run);
    const triage = await withDeadline(meta.signal, deps.timeouts.triageMs, (signal) => runTriage({ policies, content: evaluation.content, evaluatorsFor: deps.triageEvaluatorsFor, signal }));
    await writeTriageVerdicts(run, triage);
    const undecided = triage.filter((t) => t.label === 'UNCERTAIN');
    const reasoned = undecided.length > 0 ? await reason(run, triage, undecided) : { outcomes: [], reasons: [] };
    if (reasoned === 'cancelled') return await announceCancelled(run);
    const reasons = [...reasoned.reasons, ...escalationReasons(triage, reasoned.outcomes)];
    await finish(run, reasons.length > 0 ? 'ESCALATED' : 'DECIDED', { escalation_reasons: JSON.stringify(reasons) }, reasons);
  } catch (error) {
    if (meta.signal.aborted) return await announceCancelled(run);
    // Retries are the queue's; only the last attempt gives up, and says why.
    if (!meta.lastAttempt) throw error;
    await finish(run, 'FAILED', { error: (error as Error).message }, []);
  } finally {
    await writer.flush();
  }
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

/** Moves to a non-terminal stage and says so; false when the evaluation was cancelled meanwhile. */
export async function moveTo(run: RunContext, status: EvaluationStatus, set: Record<string, unknown> = {}): Promise<boolean> {
  const moved = await updateEvaluation(run.deps.db, { tenantId: run.evaluation.tenant_id, id: run.evaluation.id, set: { ...set, status }, unless: TERMINAL_STATUSES });
  if (moved) await run.writer.emit({ type: 'StageChanged', status });
  return moved !== undefined;
}

async function writeTriageVerdicts(run: RunContext, outcomes: readonly TriageOutcome[]): Promise<void> {
  const base = { tenantId: run.evaluation.tenant_id, evaluationId: run.evaluation.id };
  const existing = await listEvaluationVerdicts(run.deps.db, base);
  for (const outcome of outcomes) {
    if (existing.some((v) => v.stage === 'TRIAGE' && v.policy_version_id === outcome.policy.id)) continue;
    const verdict = await run.deps.db.transaction().execute((trx) => appendVerdict(trx, triageVerdict(base, outcome)));
    await run.writer.emit({ type: 'VerdictReached', verdictId: verdict.id });
  }
}

/** Ends the evaluation (unless it was cancelled), opening a review item when it is escalated. */
export async function finish(run: RunContext, status: EvaluationStatus, set: Record<string, unknown>, reasons: readonly string[]): Promise<void> {
  const { evaluation, deps } = run;
  const moved = await deps.db.transaction().execute(async (trx) => {
    const row = await updateEvaluation(trx, { tenantId: evaluation.tenant_id, id: evaluation.id, set: { ...set, status, finished_at: new Date() }, unless: TERMINAL_STATUSES });
    if (row && status === 'ESCALATED') await openReviewItem(trx, { tenantId: evaluation.tenant_id, evaluationId: evaluation.id, reasons, priority: reasons.length });
    return row;
  });
  if (!moved) return;
  await run.writer.emit({ type: 'StageChanged', status });
  await run.writer.emit({ type: 'EvaluationFinished', status });
}

/** Emits the end of a cancelled evaluation's stream, once. */
async function announceCancelled(run: RunContext): Promise<void> {
  const last = await listEventsAfterLast(run);
  if (last?.type === 'EvaluationFinished') return;
  await run.writer.emit({ type: 'StageChanged', status: 'CANCELLED' });
  await run.writer.emit({ type: 'EvaluationFinished', status: 'CANCELLED' });
}

async function listEventsAfterLast(run: RunContext) {
  const { evaluation, deps } = run;
  const seq = await lastEventSeq(deps.db, { tenantId: evaluation.tenant_id, evaluationId: evaluation.id });
  const [last] = await listEvents(deps.db, { tenantId: evaluation.tenant_id, evaluationId: evaluation.id, afterSeq: seq - 1 });
  return last;
}


export type { ReasoningEffort };
