// The appeal re-run (DESIGN §5 Appeals), on the job queue: the pinned versions, reasoned over
// again at HIGH effort through the engine's one call-and-validate path, stored as new REASONING
// verdicts that supersede the standing ones, then the appeal's review item.
import type { ReasonerEvaluator } from '../../sdk/index.js';
import type { EvaluationRow } from '../db/schema.js';
import { beginAppealRerun, openAppealReview, type AppealJob } from '../domain/reviews/appeals.js';
import { findVersionsWithSlugs } from '../domain/policies/repository.js';
import { appendVerdict, listEvaluationVerdicts } from '../domain/verdicts/repository.js';
import { evaluatorIdentity } from './identity.js';
import type { EngineDeps } from './lifecycle/index.js';
import { reasoningVerdict, type ReasonedAnswer } from './lifecycle/verdicts.js';
import { logger } from './log.js';
import { toEnginePolicy } from './policies.js';
import { APPEAL_QUEUE, type JobQueue } from './queue.js';
import { callReasoner, reasonerGroups } from './reason-call.js';

/** Takes appeal jobs off the queue. */
export function startAppealWorker(args: { readonly queue: JobQueue; readonly deps: EngineDeps }): Promise<void> {
  return args.queue.workOn<AppealJob>(APPEAL_QUEUE, (job, meta) => runAppeal(args.deps, job, meta));
}

/**
 * Re-runs the reasoner at HIGH effort on an appealed evaluation, appends the new REASONING
 * verdicts (superseding the standing ones) and opens the appeal's review item, in one transaction.
 * A reasoner failure is retried by the queue; on the last attempt, or with no reasoner, the item
 * opens anyway saying so: an appeal always reaches a person.
 */
export async function runAppeal(deps: EngineDeps, job: AppealJob, meta: { lastAttempt: boolean }): Promise<void> {
  const started = await beginAppealRerun(deps.db, job);
  if (!started) return;
  const reasons = [`appeal: ${started.appeal.reason}`];
  let answers: readonly ReasonedAnswer[] = [];
  const choice = await deps.readyReasoner();
  if (!choice.reasoner) reasons.push('no reasoner available for the appeal re-run');
  else {
    try {
      answers = await reasonAtHighEffort(deps, started.evaluation, choice.reasoner);
    } catch (error) {
      if (!meta.lastAttempt) throw error;
      logger.warn({ err: error, evaluationId: started.evaluation.id }, 'appeal re-run failed on its last attempt');
      reasons.push('the appeal re-run failed');
    }
  }
  for (const answer of answers) for (const finding of answer.findings) reasons.push(`${finding.code} on ${answer.policy.slug}`);
  const opened = await deps.db.transaction().execute(async (trx) => {
    const base = { tenantId: job.tenantId, evaluationId: started.evaluation.id };
    const standing = await listEvaluationVerdicts(trx, base);
    for (const answer of answers) {
      const supersedes = standing.filter((v) => v.policy_version_id === answer.policy.id).at(-1)?.id ?? null;
      await appendVerdict(trx, reasoningVerdict({ ...base, supersedes, triageScore: null }, answer));
    }
    return openAppealReview(trx, { ...job, reasons: [...new Set(reasons)], effort: answers.length > 0 ? 'HIGH' : null });
  });
  opened.announce(deps.bus);
}

async function reasonAtHighEffort(deps: EngineDeps, evaluation: EvaluationRow, reasoner: ReasonerEvaluator): Promise<ReasonedAnswer[]> {
  const rows = await findVersionsWithSlugs(deps.db, { tenantId: evaluation.tenant_id, ids: evaluation.policy_version_ids });
  const policies = evaluation.policy_version_ids.flatMap((id) => rows.filter((r) => r.id === id).map((row) => toEnginePolicy(row, row.slug)));
  const never = new AbortController().signal;
  const identity = evaluatorIdentity(reasoner, 'high');
  const calls = await Promise.all(reasonerGroups(deps.strategy, reasoner, policies).map((group) => callReasoner({
    reasoner, policies: group, content: evaluation.content, effort: 'high', signal: never, timeoutMs: deps.timeouts.reasoningMs, slots: deps.reasoningSlots,
  })));
  return calls.flatMap((call) => call.policies.map((policy, index) => ({
    policy, ...call.answers[index]!, reasoning: call.reasoning, usage: call.usage, latencyMs: call.latencyMs,
    evaluator: reasoner.name, evaluatorIdentity: identity, effort: 'high',
  })));
}
