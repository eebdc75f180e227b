import type { ReasoningEffort } from '../../sdk/index.js';
import type { TriageOutcome } from './triage-stage.js';

const ORDER: readonly ReasoningEffort[] = ['low', 'medium', 'high'];
const max = (a: ReasoningEffort, b: ReasoningEffort): ReasoningEffort => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

/** The effort the reasoner runs at, and why (recorded on the evaluation). */
export interface EffortChoice {
  readonly effort: ReasoningEffort;
  readonly reason: string;
}

/**
 * Explicit effort wins. AUTO starts from the policies' default and goes to HIGH when triage saw
 * signs of a severe violation (a matched rule at or above the review threshold, or a classifier
 * score in the upper half of the uncertain band), or when the item is an appeal.
 */
export function chooseEffort(args: { readonly requested: ReasoningEffort | null; readonly outcomes: readonly TriageOutcome[]; readonly appeal?: boolean }): EffortChoice {
  if (args.requested) return { effort: args.requested, reason: 'requested' };
  if (args.appeal) return { effort: 'high', reason: 'AUTO: appeal' };
  const base = args.outcomes.reduce<ReasoningEffort>((effort, o) => max(effort, o.policy.defaultEffort), 'low');
  for (const outcome of args.outcomes) {
    const severe = outcome.policy.rules.filter((r) => outcome.ruleIds.includes(r.id) && outcome.policy.reviewMinSeverity !== null && r.severity >= outcome.policy.reviewMinSeverity);
    if (severe.length > 0) return { effort: 'high', reason: `AUTO: triage matched ${severe.map((r) => r.id).join(', ')} (severity ≥ ${outcome.policy.reviewMinSeverity}) on ${outcome.policy.slug}` };
    if (outcome.matchedButEscalated) return { effort: max(base, 'medium'), reason: `AUTO: triage matched ${outcome.ruleIds.join(', ')} on ${outcome.policy.slug}` };
    if (outcome.score !== null && outcome.score >= 0.5 && outcome.evaluator !== 'triage-rules') {
      return { effort: 'high', reason: `AUTO: triage score ${outcome.score.toFixed(2)} is uncertain-high on ${outcome.policy.slug}` };
    }
  }
  return { effort: base, reason: `AUTO: policy default ${base}` };
}
