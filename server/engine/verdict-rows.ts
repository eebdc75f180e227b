import { createHash } from 'node:crypto';
import type { VerdictFields } from '../domain/verdicts/repository.js';
import { mostSevereRule } from './policies.js';
import type { ReasoningOutcome } from './reasoning-stage.js';
import type { TriageOutcome } from './triage-stage.js';

type Base = { readonly tenantId: string; readonly evaluationId: string };

const categoryOf = (ruleIds: readonly string[]): string | null => ruleIds[0]?.split('.')[0] ?? null;

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

/** The REASONING verdict of one policy, superseding its TRIAGE verdict. */
export function reasoningVerdict(base: Base & { readonly evaluator: string; readonly effort: string; readonly supersedes: string | null; readonly triageScore: number | null }, outcome: ReasoningOutcome): VerdictFields {
  const { answer, policy } = outcome;
  const rule = answer.label === 'VIOLATING' ? mostSevereRule(policy, answer.ruleIds) : null;
  return {
    tenant_id: base.tenantId, evaluation_id: base.evaluationId, policy_version_id: policy.id, stage: 'REASONING',
    label: answer.label, policy_category: answer.policyCategory, rule_ids: [...answer.ruleIds],
    confidence: answer.confidence?.toUpperCase() ?? null, severity: rule?.severity ?? null, recommended_action: rule?.action ?? null,
    rationale: answer.rationale, reasoning: outcome.reasoning,
    reasoning_sha256: createHash('sha256').update(outcome.reasoning, 'utf8').digest('hex'),
    effort: base.effort.toUpperCase(), usage: outcome.usage, latency_ms: outcome.latencyMs, triage_score: base.triageScore,
    evaluator: base.evaluator, evaluator_identity: outcome.evaluatorIdentity, findings: [...outcome.findings], reviewer: null,
    supersedes_id: base.supersedes,
  };
}
