// The ONE place a benchmark calls into reasoning and answer validation, so that it stays on the
// engine's path (same reasoner call, same validators) and can be re-wired in one spot when the engine's
// own validator changes. Nothing here writes: benchmark predictions are not decisions.
import type { ReasonerEvaluator, ReasoningEffort, TriageEvaluator } from '../../../sdk/index.js';
import type { MultiPolicyStrategy } from '../../engine/lifecycle/index.js';
import { callReasoner, reasonerGroups } from '../../engine/reason-call.js';
import type { EnginePolicy } from '../../engine/policies.js';
import { runTriage } from '../../engine/triage-stage.js';
import type { PredictedLabel } from './types.js';

/** One policy's validated answer for one item. */
export interface ItemAnswer {
  readonly policyVersionId: string;
  readonly label: PredictedLabel;
  readonly ruleIds: readonly string[];
  readonly rationale: string | null;
  readonly reasoning: string | null;
  readonly findings: readonly { readonly code: string; readonly message: string }[];
}

/**
 * Reasons over one item with every policy (combined or per policy, as real evaluations do) and
 * validates each answer; an answer with a finding that makes it unusable stays as the model gave it,
 * findings attached, exactly like a verdict would.
 */
export async function evaluateItem(args: {
  readonly reasoner: ReasonerEvaluator; readonly policies: readonly EnginePolicy[]; readonly content: string;
  readonly effort: ReasoningEffort; readonly strategy: MultiPolicyStrategy; readonly signal: AbortSignal; readonly timeoutMs: number;
}): Promise<{ answers: ItemAnswer[]; tokens: number; latencyMs: number }> {
  const groups = reasonerGroups(args.strategy, args.reasoner, args.policies);
  const calls = await Promise.all(groups.map((policies) => callReasoner({
    reasoner: args.reasoner, policies, content: args.content, effort: args.effort, signal: args.signal, timeoutMs: args.timeoutMs,
  })));
  const answers = calls.flatMap((call) => call.policies.map((policy, index): ItemAnswer => {
    const { answer, findings } = call.answers[index]!;
    return {
      policyVersionId: policy.id, label: answer.label as PredictedLabel, ruleIds: [...answer.ruleIds], rationale: answer.rationale,
      reasoning: call.reasoning || null, findings: findings.map((f) => ({ code: f.code, message: f.message })),
    };
  }));
  const tokens = calls.reduce((sum, call) => sum + call.usage.totalTokens, 0);
  return { answers, tokens, latencyMs: Math.max(0, ...calls.map((call) => call.latencyMs)) };
}

/**
 * What the triage stage would have settled for this item, per policy version (UNCERTAIN: it would
 * have gone on to the reasoner): the cascade's side of the cost view. Runs the same triage
 * evaluators as real evaluations (rules, the policy's active classifier); nothing is written.
 */
export async function triageItem(args: {
  readonly policies: readonly EnginePolicy[]; readonly content: string; readonly signal: AbortSignal;
  readonly evaluatorsFor: (policy: EnginePolicy) => Promise<readonly TriageEvaluator[]>;
}): Promise<Map<string, PredictedLabel>> {
  const outcomes = await runTriage(args);
  return new Map(outcomes.map((o) => [o.policy.id, o.label as PredictedLabel]));
}
