import type { ReasoningOutcome } from './reasoning-stage.js';
import type { TriageOutcome } from './triage-stage.js';
import { mostSevereRule } from './policies.js';

/**
 * Why an evaluation must go to a human (DESIGN §4): low confidence, validator findings, an
 * uncertain label, a rule at or above the policy's review threshold, or triage and reasoner
 * disagreeing. An empty list means the machine decision stands.
 */
export function escalationReasons(triage: readonly TriageOutcome[], reasoning: readonly ReasoningOutcome[]): string[] {
  const reasons: string[] = [];
  for (const outcome of reasoning) {
    const { policy, answer } = outcome;
    for (const finding of outcome.findings) reasons.push(`${finding.code} on ${policy.slug}`);
    if (answer.label === 'UNCERTAIN') reasons.push(`uncertain answer on ${policy.slug}`);
    if (answer.confidence === 'low') reasons.push(`low confidence on ${policy.slug}`);
    const rule = mostSevereRule(policy, answer.ruleIds);
    if (answer.label === 'VIOLATING' && rule && policy.reviewMinSeverity !== null && rule.severity >= policy.reviewMinSeverity) {
      reasons.push(`${rule.id} severity ${rule.severity} requires review on ${policy.slug}`);
    }
    const triaged = triage.find((t) => t.policy.id === policy.id);
    if (triaged?.matchedButEscalated && answer.label === 'NON_VIOLATING') reasons.push(`triage matched ${triaged.ruleIds.join(', ')} but the reasoner disagrees on ${policy.slug}`);
  }
  for (const outcome of triage) {
    const rule = outcome.label === 'VIOLATING' ? mostSevereRule(outcome.policy, outcome.ruleIds) : null;
    if (rule && outcome.policy.reviewMinSeverity !== null && rule.severity >= outcome.policy.reviewMinSeverity) {
      reasons.push(`${rule.id} severity ${rule.severity} requires review on ${outcome.policy.slug}`);
    }
  }
  return [...new Set(reasons)];
}
