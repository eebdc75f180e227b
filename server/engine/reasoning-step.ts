import type { ReasoningEffort } from '../../sdk/index.js';
import { listEvaluationVerdicts, appendVerdict } from '../domain/verdicts/repository.js';
import { chooseEffort } from './effort.js';
import { withDeadline } from './deadline.js';
import { moveTo, type RunContext } from './pipeline.js';
import { type ReasoningOutcome, runReasoning } from './reasoning-stage.js';
import type { TriageOutcome } from './triage-stage.js';
import { reasoningVerdict } from './verdict-rows.js';

/** What reasoning produced: answers, plus reasons to escalate that are not in the answers. */
export interface Reasoned {
  readonly outcomes: readonly ReasoningOutcome[];
  readonly reasons: readonly string[];
}

/**
 * The REASONING stage for the policies triage left undecided. No ready reasoner escalates with
 * that reason; a reasoner failure is retried by the queue, and escalated on the last attempt.
 */
export async function reason(run: RunContext, triage: readonly TriageOutcome[], undecided: readonly TriageOutcome[]): Promise<Reasoned | 'cancelled'> {
  const reasoner = await run.deps.readyReasoner();
  if (!reasoner) return { outcomes: [], reasons: ['no reasoner available'] };
  const choice = chooseEffort({ requested: (run.evaluation.requested_effort?.toLowerCase() as ReasoningEffort | undefined) ?? null, outcomes: undecided });
  if (!(await moveTo(run, 'REASONING', { effort: choice.effort.toUpperCase(), effort_reason: choice.reason }))) return 'cancelled';
  try {
    const outcomes = await withDeadline(run.signal, run.deps.timeouts.reasoningMs, (signal) => runReasoning({
      reasoner, policies: undecided.map((t) => t.policy), content: run.evaluation.content, effort: choice.effort, strategy: run.deps.strategy, signal,
      onReasoning: (fragment) => void run.writer.emit({ type: 'ReasoningDelta', text: fragment.text, policyVersionIds: fragment.policyIds, evaluator: reasoner.name }),
    }));
    await writeReasoningVerdicts(run, triage, outcomes, { evaluator: reasoner.name, effort: choice.effort });
    return { outcomes, reasons: [] };
  } catch (error) {
    if (run.signal.aborted) return 'cancelled';
    const retryable = (error as { retryable?: boolean }).retryable !== false;
    if (retryable && !run.lastAttempt) throw error;
    return { outcomes: [], reasons: [`reasoner failed: ${(error as Error).message}`] };
  }
}


async function writeReasoningVerdicts(run: RunContext, triage: readonly TriageOutcome[], outcomes: readonly ReasoningOutcome[], meta: { evaluator: string; effort: string }): Promise<void> {
  const base = { tenantId: run.evaluation.tenant_id, evaluationId: run.evaluation.id };
  const existing = await listEvaluationVerdicts(run.deps.db, base);
  for (const outcome of outcomes) {
    const mine = existing.filter((v) => v.policy_version_id === outcome.policy.id);
    if (mine.some((v) => v.stage === 'REASONING')) continue;
    const supersedes = mine.find((v) => v.stage === 'TRIAGE')?.id ?? null;
    const triageScore = triage.find((t) => t.policy.id === outcome.policy.id)?.score ?? null;
    const fields = reasoningVerdict({ ...base, ...meta, supersedes, triageScore }, outcome);
    const verdict = await run.deps.db.transaction().execute((trx) => appendVerdict(trx, fields));
    await run.writer.emit({ type: 'VerdictReached', verdictId: verdict.id });
  }
}
