import type { ReasonerEvaluator, ReasoningEffort } from '../../../sdk/index.js';
import type { VerdictRow } from '../../db/schema.js';
import { annotateEvaluation } from '../../domain/evaluations/repository.js';
import { chooseEffort } from '../effort.js';
import { evaluatorIdentity } from '../identity.js';
import { logger } from '../log.js';
import type { EnginePolicy } from '../policies.js';
import type { TriageOutcome } from '../triage-stage.js';
import { callReasoner, reasonerGroups } from '../reason-call.js';
import { keyOf, type RunContext } from './deps.js';
import { failureCode, isRetryable, RetryRequested } from './failure.js';
import { transition } from './transitions.js';
import { type ReasonedAnswer, reasoningVerdict, storedVerdict, storeVerdict } from './verdicts.js';

/** Reasons to escalate that no stored verdict carries (no reasoner, the reasoner failed), or 'cancelled'. */
export type ReasoningStep = { readonly reasons: readonly string[] } | 'cancelled';

/**
 * The REASONING stage for the policies that triage left undecided and that have no stored
 * REASONING verdict. A retried attempt first emits ReasoningRestarted. Failures that may pass
 * are retried by the queue (never a timeout); the last attempt escalates with the failure code.
 */
export async function reasonStep(run: RunContext, stored: readonly VerdictRow[], undecided: readonly EnginePolicy[]): Promise<ReasoningStep> {
  const choice = await run.deps.readyReasoner();
  if (!choice.reasoner) return { reasons: [choice.unavailable === 'NO_REASONER' ? 'no reasoner available' : `reasoner unavailable: ${choice.unavailable}`] };
  const effort = effortFor(run, stored, undecided);
  const moved = await transition(run.deps.db, {
    tenantId: run.evaluation.tenant_id, id: run.evaluation.id, to: 'REASONING', attempt: true,
    set: { effort: effort.effort.toUpperCase(), effort_reason: effort.reason },
  });
  if (!moved) return 'cancelled';
  await run.writer.emit({ type: 'StageChanged', status: 'REASONING' });
  if (moved.attempts > 1) await run.writer.emit({ type: 'ReasoningRestarted', attempt: moved.attempts, reason: run.evaluation.error ?? 'WORKER_LOST' });
  const groups = reasonerGroups(run.deps.strategy, choice.reasoner, undecided);
  const settled = await Promise.allSettled(groups.map((group) => callAndStore(run, stored, choice.reasoner, group, effort.effort)));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (!failed) return { reasons: [] };
  return failure(run, failed.reason);
}

async function failure(run: RunContext, error: unknown): Promise<ReasoningStep> {
  if (run.signal.aborted) return 'cancelled';
  const code = failureCode(error);
  logger.warn({ err: error, evaluationId: run.evaluation.id, code, lastAttempt: run.lastAttempt }, 'reasoner call failed');
  if (isRetryable(error) && !run.lastAttempt) {
    // The next attempt announces itself with this code (ReasoningRestarted.reason).
    await annotateEvaluation(run.deps.db, { tenantId: run.evaluation.tenant_id, id: run.evaluation.id, set: { error: code } });
    throw new RetryRequested(code);
  }
  return { reasons: [`reasoner failed: ${code}`] };
}

function effortFor(run: RunContext, stored: readonly VerdictRow[], undecided: readonly EnginePolicy[]): { effort: ReasoningEffort; reason: string } {
  // A resumed evaluation keeps the effort it chose before.
  if (run.evaluation.status === 'REASONING' && run.evaluation.effort) {
    return { effort: run.evaluation.effort.toLowerCase() as ReasoningEffort, reason: run.evaluation.effort_reason ?? 'resumed' };
  }
  const outcomes = undecided.map((policy) => triageOutcomeOf(policy, storedVerdict(stored, policy.id, 'TRIAGE')));
  return chooseEffort({ requested: (run.evaluation.requested_effort?.toLowerCase() as ReasoningEffort | undefined) ?? null, outcomes });
}

/** A stored TRIAGE verdict as the effort rule reads it. */
function triageOutcomeOf(policy: EnginePolicy, row: VerdictRow | undefined): TriageOutcome {
  const ruleIds = row?.rule_ids ?? [];
  return {
    policy, label: row?.label ?? 'UNCERTAIN', score: row?.triage_score ?? null, ruleIds,
    matchedButEscalated: ruleIds.length > 0 && policy.triage.onMatch === 'escalate', evaluator: row?.evaluator ?? 'none',
    evaluatorIdentity: row?.evaluator_identity ?? '', latencyMs: row?.latency_ms ?? 0,
  };
}

/** One reasoner call: deltas normalised and streamed, the answer normalised, validated once, stored. */
async function callAndStore(run: RunContext, stored: readonly VerdictRow[], reasoner: ReasonerEvaluator, policies: EnginePolicy[], effort: ReasoningEffort): Promise<void> {
  const call = await callReasoner({
    reasoner, policies, content: run.evaluation.content, effort, signal: run.signal, timeoutMs: run.deps.timeouts.reasoningMs, slots: run.deps.reasoningSlots,
    onText: (text, policyVersionIds) => void run.writer.emit({ type: 'ReasoningDelta', text, policyVersionIds, evaluator: reasoner.name }),
    onRestart: ({ attempt, reason }) => void run.writer.emit({ type: 'ReasoningRestarted', attempt, reason }),
  });
  const identity = evaluatorIdentity(reasoner, effort);
  for (const [index, policy] of policies.entries()) {
    const { answer, findings } = call.answers[index]!;
    const reasoned: ReasonedAnswer = {
      policy, answer, findings, reasoning: call.reasoning, usage: call.usage, latencyMs: call.latencyMs, evaluator: reasoner.name, evaluatorIdentity: identity, effort,
    };
    const triage = storedVerdict(stored, policy.id, 'TRIAGE');
    await storeVerdict(run, reasoningVerdict({ ...keyOf(run), supersedes: triage?.id ?? null, triageScore: triage?.triage_score ?? null }, reasoned));
  }
}
