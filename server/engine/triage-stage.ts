import type { EvaluatorLabel, TriageEvaluator, TriageResult } from '../../sdk/index.js';
import { canonicalJson, sha256Hex } from '../domain/audit/hash.js';
import { evaluatorIdentity } from './identity.js';
import type { EnginePolicy } from './policies.js';

/** What triage concluded for one policy. */
export interface TriageOutcome {
  readonly policy: EnginePolicy;
  /** VIOLATING / NON_VIOLATING when triage settled it; UNCERTAIN sends it to the reasoner. */
  readonly label: EvaluatorLabel;
  /** The highest classifier or match score, or null when no evaluator scored. */
  readonly score: number | null;
  readonly ruleIds: readonly string[];
  /** A rule matched but the policy says `on_match: escalate`: a hint for AUTO effort. */
  readonly matchedButEscalated: boolean;
  readonly evaluator: string;
  readonly evaluatorIdentity: string;
  readonly latencyMs: number;
}

/** The name of the rule-based plugin, whose matches follow the policy's `on_match`. */
export const RULES_EVALUATOR = 'triage-rules';

/** Runs every triage evaluator on one item for each policy, in parallel across policies. */
export function runTriage(args: {
  readonly policies: readonly EnginePolicy[];
  readonly content: string;
  readonly evaluatorsFor: (policy: EnginePolicy) => Promise<readonly TriageEvaluator[]>;
  readonly signal: AbortSignal;
}): Promise<TriageOutcome[]> {
  return Promise.all(args.policies.map(async (policy) => triageOne(policy, args.content, await args.evaluatorsFor(policy), args.signal)));
}

async function triageOne(policy: EnginePolicy, content: string, evaluators: readonly TriageEvaluator[], signal: AbortSignal): Promise<TriageOutcome> {
  const started = performance.now();
  const results = await Promise.all(evaluators.map(async (evaluator) => {
    const [result] = await evaluator.classify({ policy, items: [{ id: 'item', content }], signal });
    return { evaluator, result: result! };
  }));
  const rules = results.filter((r) => r.evaluator.name === RULES_EVALUATOR && r.result.label === 'VIOLATING');
  const classifiers = results.filter((r) => r.evaluator.name !== RULES_EVALUATOR).map((r) => r.result);
  const matched = rules.length > 0;
  const label = combine(matched, policy.triage.onMatch, classifiers);
  // The classifier's probability is the informative score; a rules-only triage scores 0 or 1.
  const scores = (classifiers.length > 0 ? classifiers : results.map((r) => r.result)).map((r) => r.score);
  return {
    policy,
    label,
    score: scores.length > 0 ? Math.max(...scores) : null,
    ruleIds: [...new Set(results.filter((r) => r.result.label === 'VIOLATING').flatMap((r) => r.result.ruleIds))],
    matchedButEscalated: matched && policy.triage.onMatch === 'escalate',
    evaluator: evaluators.map((e) => e.name).join('+') || 'none',
    evaluatorIdentity: sha256Hex(canonicalJson(evaluators.map((e) => evaluatorIdentity(e, null)))),
    latencyMs: Math.round(performance.now() - started),
  };
}

function combine(matched: boolean, onMatch: 'decide' | 'escalate', classifiers: readonly TriageResult[]): EvaluatorLabel {
  if ((matched && onMatch === 'decide') || classifiers.some((c) => c.label === 'VIOLATING')) return 'VIOLATING';
  // A matched rule always reaches the reasoner, whatever a classifier thinks.
  if (matched) return 'UNCERTAIN';
  // Clear-safe only when every classifier says so; a rules miss alone is no evidence of safety.
  if (classifiers.length > 0 && classifiers.every((c) => c.label === 'NON_VIOLATING')) return 'NON_VIOLATING';
  return 'UNCERTAIN';
}
