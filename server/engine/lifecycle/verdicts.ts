import { createHash } from 'node:crypto';
import type { Finding, ReasonerAnswer, TokenUsage } from '../../../sdk/index.js';
import type { VerdictRow } from '../../db/schema.js';
import { lockEvaluation } from '../../domain/evaluations/repository.js';
import { appendVerdict, listEvaluationVerdicts, type VerdictFields } from '../../domain/verdicts/repository.js';
import { type EnginePolicy, mostSevereRule } from '../policies.js';
import type { TriageOutcome } from '../triage-stage.js';
import { keyOf, type RunContext } from './deps.js';

type Base = { readonly tenantId: string; readonly evaluationId: string };

const categoryOf = (ruleIds: readonly string[]): string | null => ruleIds[0]?.split('.')[0] ?? null;

/** The stored machine verdict of a stage for a policy version, if any (the latest when several). */
export const storedVerdict = (verdicts: readonly VerdictRow[], policyId: string, stage: 'TRIAGE' | 'REASONING'): VerdictRow | undefined =>
  verdicts.filter((v) => v.policy_version_id === policyId && v.stage === stage).at(-1);

/**
 * Appends a stage's verdict unless that stage's verdict for the policy version is already
 * stored (a retried or duplicated job), under a lock on the evaluation: exactly once per stage.
 * Announces a new verdict with VerdictReached.
 */
export async function storeVerdict(run: RunContext, fields: VerdictFields): Promise<VerdictRow> {
  const key = keyOf(run);
  const { verdict, created } = await run.deps.db.transaction().execute(async (trx) => {
    await lockEvaluation(trx, { tenantId: key.tenantId, id: key.evaluationId });
    const existing = (await listEvaluationVerdicts(trx, key)).find((v) => v.policy_version_id === fields.policy_version_id && v.stage === fields.stage);
    return existing ? { verdict: existing, created: false } : { verdict: await appendVerdict(trx, fields), created: true };
  });
  if (created) await run.writer.emit({ type: 'VerdictReached', verdictId: verdict.id });
  return verdict;
}

/** The TRIAGE verdict of one policy. Severity and action come from the policy's rule, not the evaluator. */
export function triageVerdict(base: Base, outcome: TriageOutcome): VerdictFields {
  const rule = outcome.label === 'VIOLATING' ? mostSevereRule(outcome.policy, outcome.ruleIds) : null;
  return {
    tenant_id: base.tenantId, evaluation_id: base.evaluationId, policy_version_id: outcome.policy.id, stage: 'TRIAGE',
    label: outcome.label, policy_category: categoryOf(outcome.ruleIds), rule_ids: [...outcome.ruleIds], confidence: null,
    severity: rule?.severity ?? null, recommended_action: rule?.action ?? null,
    rationale: outcome.ruleIds.length > 0 ? `triage matched ${outcome.ruleIds.join(', ')}` : null,
    reasoning: null, reasoning_sha256: null, effort: null, usage: null, latency_ms: outcome.latencyMs, triage_score: outcome.score,
    evaluator: outcome.evaluator, evaluator_identity: outcome.evaluatorIdentity, findings: [], reviewer: null, supersedes_id: null,
  };
}

/** What one policy's REASONING verdict is made of: a validated, normalised answer. */
export interface ReasonedAnswer {
  readonly policy: EnginePolicy;
  readonly answer: ReasonerAnswer;
  readonly findings: readonly Finding[];
  readonly reasoning: string;
  readonly usage: TokenUsage;
  readonly latencyMs: number;
  readonly evaluator: string;
  readonly evaluatorIdentity: string;
  readonly effort: string;
}

/** The REASONING verdict of one policy, superseding its TRIAGE verdict. */
export function reasoningVerdict(base: Base & { readonly supersedes: string | null; readonly triageScore: number | null }, reasoned: ReasonedAnswer): VerdictFields {
  const { answer, policy } = reasoned;
  const rule = answer.label === 'VIOLATING' ? mostSevereRule(policy, answer.ruleIds) : null;
  return {
    tenant_id: base.tenantId, evaluation_id: base.evaluationId, policy_version_id: policy.id, stage: 'REASONING',
    label: answer.label, policy_category: answer.policyCategory, rule_ids: [...answer.ruleIds],
    confidence: answer.confidence?.toUpperCase() ?? null, severity: rule?.severity ?? null, recommended_action: rule?.action ?? null,
    rationale: answer.rationale, reasoning: reasoned.reasoning,
    reasoning_sha256: createHash('sha256').update(reasoned.reasoning, 'utf8').digest('hex'),
    effort: reasoned.effort.toUpperCase(), usage: reasoned.usage, latency_ms: reasoned.latencyMs, triage_score: base.triageScore,
    evaluator: reasoned.evaluator, evaluator_identity: reasoned.evaluatorIdentity, findings: [...reasoned.findings], reviewer: null,
    supersedes_id: base.supersedes,
  };
}
