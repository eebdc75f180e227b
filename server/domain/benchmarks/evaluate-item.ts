// The ONE place a benchmark calls into reasoning and answer validation, so that it stays on the
// engine's path (same reasoner call, same validators) and can be re-wired in one spot when the engine's
// own validator changes. Nothing here writes: benchmark predictions are not decisions.
import type { ReasonerEvaluator, ReasoningEffort, TriageEvaluator } from '../../../sdk/index.js';
import { type MultiPolicyStrategy, runReasoning } from '../../engine/reasoning-stage.js';
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

// What PostgreSQL (jsonb) cannot store: NUL, and UTF-16 halves without their pair.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function clean(text: string | null, findings: { code: string; message: string }[]): string | null {
  if (text === null || !UNSTORABLE.test(text)) return text;
  UNSTORABLE.lastIndex = 0;
  if (!findings.some((f) => f.code === 'SANITIZED_OUTPUT')) findings.push({ code: 'SANITIZED_OUTPUT', message: 'NUL or invalid UTF-16 removed from model output' });
  return text.replace(UNSTORABLE, '');
}

/**
 * Reasons over one item with every policy (combined or per policy, as real evaluations do) and
 * validates each answer; an answer with a finding that makes it unusable stays as the model gave it,
 * findings attached, exactly like a verdict would.
 */
export async function evaluateItem(args: {
  readonly reasoner: ReasonerEvaluator; readonly policies: readonly EnginePolicy[]; readonly content: string;
  readonly effort: ReasoningEffort; readonly strategy: MultiPolicyStrategy; readonly signal: AbortSignal;
}): Promise<{ answers: ItemAnswer[]; tokens: number; latencyMs: number }> {
  const outcomes = await runReasoning({ ...args, onReasoning: () => undefined });
  // Outcomes of one combined call share its usage object and latency: count each call once.
  const calls = new Map(outcomes.map((o) => [o.usage, o.latencyMs] as const));
  const tokens = [...calls.keys()].reduce((sum, usage) => sum + usage.totalTokens, 0);
  const answers = outcomes.map((outcome) => {
    const findings = outcome.findings.map((f) => ({ code: f.code, message: f.message }));
    return {
      policyVersionId: outcome.policy.id, label: outcome.answer.label as PredictedLabel, ruleIds: [...outcome.answer.ruleIds],
      rationale: clean(outcome.answer.rationale, findings), reasoning: clean(outcome.reasoning || null, findings), findings,
    };
  });
  return { answers, tokens, latencyMs: Math.max(0, ...calls.values()) };
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
