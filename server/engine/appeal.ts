// The appeal re-run (DESIGN §5 Appeals), on the job queue. The glue to the engine is the few calls
// marked GLUE below: load the pinned versions, ask the ready reasoner at HIGH effort, build verdict rows.
import { beginAppealRerun, openAppealReview, type AppealJob } from '../domain/reviews/appeals.js';
import { findVersionsWithSlugs } from '../domain/policies/repository.js';
import { appendVerdict, listEvaluationVerdicts } from '../domain/verdicts/repository.js';
import type { EvaluationRow } from '../db/schema.js';
import { withDeadline } from './deadline.js';
import type { EngineDeps } from './pipeline.js';
import { toEnginePolicy } from './policies.js';
import { APPEAL_QUEUE, type JobQueue } from './queue.js';
import { type ReasoningOutcome, runReasoning } from './reasoning-stage.js';
import { reasoningVerdict } from './verdict-rows.js';

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
  let outcomes: readonly ReasoningOutcome[] = [];
  let evaluator = '';
  const reasoner = await deps.readyReasoner(); // GLUE
  if (!reasoner) reasons.push('no reasoner available for the appeal re-run');
  else {
    try {
      outcomes = await reasonAtHighEffort(deps, started.evaluation, reasoner); // GLUE
      evaluator = reasoner.name;
    } catch (error) {
      if (!meta.lastAttempt) throw error;
      reasons.push('the appeal re-run failed');
    }
  }
  for (const outcome of outcomes) for (const finding of outcome.findings) reasons.push(`${finding.code} on ${outcome.policy.slug}`);
  const opened = await deps.db.transaction().execute(async (trx) => {
    const base = { tenantId: job.tenantId, evaluationId: started.evaluation.id };
    const standing = await listEvaluationVerdicts(trx, base);
    for (const outcome of outcomes) {
      const supersedes = standing.filter((v) => v.policy_version_id === outcome.policy.id).at(-1)?.id ?? null;
      await appendVerdict(trx, reasoningVerdict({ ...base, evaluator, effort: 'high', supersedes, triageScore: null }, outcome)); // GLUE
    }
    return openAppealReview(trx, { ...job, reasons: [...new Set(reasons)], effort: outcomes.length > 0 ? 'HIGH' : null });
  });
  opened.announce(deps.bus);
}

async function reasonAtHighEffort(deps: EngineDeps, evaluation: EvaluationRow, reasoner: NonNullable<Awaited<ReturnType<EngineDeps['readyReasoner']>>>) {
  const rows = await findVersionsWithSlugs(deps.db, { tenantId: evaluation.tenant_id, ids: evaluation.policy_version_ids });
  const policies = rows.map((row) => toEnginePolicy(row, row.slug));
  const never = new AbortController().signal;
  return withDeadline(never, deps.timeouts.reasoningMs, (signal) => runReasoning({
    reasoner, policies, content: evaluation.content, effort: 'high', strategy: deps.strategy, signal, onReasoning: () => undefined,
  }));
}
