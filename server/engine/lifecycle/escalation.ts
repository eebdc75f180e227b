import type { VerdictRow } from '../../db/schema.js';
import { type EnginePolicy, mostSevereRule } from '../policies.js';
import { RULES_EVALUATOR } from '../triage-stage.js';
import { storedVerdict } from './verdicts.js';

/**
 * Why an evaluation must go to a human (DESIGN §4), computed from the STORED verdicts only —
 * never from an answer that was not recorded: findings, an uncertain label, low confidence, a
 * rule at or above the policy's review threshold, or triage and reasoner disagreeing. Reasons
 * are short stable texts (codes, rule ids, slugs), never model text.
 */
export function escalationReasons(policies: readonly EnginePolicy[], verdicts: readonly VerdictRow[]): string[] {
  const reasons: string[] = [];
  for (const policy of policies) {
    const triage = storedVerdict(verdicts, policy.id, 'TRIAGE');
    const reasoning = storedVerdict(verdicts, policy.id, 'REASONING');
    if (reasoning) reasons.push(...reasoningReasons(policy, reasoning, triage));
    const severe = triage && triage.label === 'VIOLATING' ? severeRule(policy, triage) : null;
    if (severe) reasons.push(severe);
  }
  return [...new Set(reasons)];
}

function reasoningReasons(policy: EnginePolicy, verdict: VerdictRow, triage: VerdictRow | undefined): string[] {
  const reasons: string[] = [];
  const findings = verdict.findings as unknown as readonly { code: string }[];
  for (const finding of findings) reasons.push(`${finding.code} on ${policy.slug}`);
  if (verdict.label === 'UNCERTAIN') reasons.push(`uncertain answer on ${policy.slug}`);
  if (verdict.confidence === 'LOW') reasons.push(`low confidence on ${policy.slug}`);
  const severe = verdict.label === 'VIOLATING' ? severeRule(policy, verdict) : null;
  if (severe) reasons.push(severe);
  const matched = triage && triage.label === 'UNCERTAIN' && triage.rule_ids.length > 0 && triage.evaluator.split('+').includes(RULES_EVALUATOR);
  if (matched && verdict.label === 'NON_VIOLATING') reasons.push(`triage matched ${triage.rule_ids.join(', ')} but the reasoner disagrees on ${policy.slug}`);
  return reasons;
}

function severeRule(policy: EnginePolicy, verdict: VerdictRow): string | null {
  const rule = mostSevereRule(policy, verdict.rule_ids);
  if (!rule || policy.reviewMinSeverity === null || rule.severity < policy.reviewMinSeverity) return null;
  return `${rule.id} severity ${rule.severity} requires review on ${policy.slug}`;
}
