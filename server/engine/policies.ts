import type { EvaluatorPolicy, PolicyRuleSpec, TriageSettings } from '../../sdk/index.js';
import type { PolicyVersionRow } from '../db/schema.js';

/** A pinned version as the engine carries it: the evaluator's view plus review settings. */
export interface EnginePolicy extends EvaluatorPolicy {
  /** The policy (not the version) id: classifiers are per policy. */
  readonly policyId: string;
  readonly tenantId: string;
  readonly reviewMinSeverity: number | null;
  readonly defaultEffort: 'low' | 'medium' | 'high';
}

export function toEnginePolicy(row: PolicyVersionRow, slug: string): EnginePolicy {
  const review = row.review as unknown as { minSeverity: number | null };
  return {
    id: row.id,
    policyId: row.policy_id,
    tenantId: row.tenant_id,
    slug,
    version: row.version,
    text: row.body,
    rules: row.rules as unknown as PolicyRuleSpec[],
    triage: row.triage as unknown as TriageSettings,
    reviewMinSeverity: review?.minSeverity ?? null,
    defaultEffort: row.default_effort.toLowerCase() as EnginePolicy['defaultEffort'],
  };
}

/** The most severe of the policy's rules among `ruleIds`: where severity and action come from (never the model). */
export function mostSevereRule(policy: EvaluatorPolicy, ruleIds: readonly string[]): PolicyRuleSpec | null {
  const cited = policy.rules.filter((rule) => ruleIds.includes(rule.id));
  return cited.reduce<PolicyRuleSpec | null>((worst, rule) => (!worst || rule.severity > worst.severity ? rule : worst), null);
}
