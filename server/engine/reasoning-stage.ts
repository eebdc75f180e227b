import type { Finding, ReasonerAnswer, ReasonerEvaluator, ReasoningEffort, ReasoningFragment, TokenUsage } from '../../sdk/index.js';
import { validateAnswer } from '../../sdk/reasoning/index.js';
import { evaluatorIdentity } from './identity.js';
import type { EnginePolicy } from './policies.js';

/** One policy's answer from the reasoner, with its validator findings. */
export interface ReasoningOutcome {
  readonly policy: EnginePolicy;
  readonly answer: ReasonerAnswer;
  readonly findings: readonly Finding[];
  /** The chain of thought of the call that produced this answer. */
  readonly reasoning: string;
  readonly usage: TokenUsage;
  readonly latencyMs: number;
  readonly evaluatorIdentity: string;
}

/** `combined`: one call carries all policies (chunked by capability); `per-policy`: one call each, in parallel. */
export type MultiPolicyStrategy = 'combined' | 'per-policy';

export async function runReasoning(args: {
  readonly reasoner: ReasonerEvaluator;
  readonly policies: readonly EnginePolicy[];
  readonly content: string;
  readonly effort: ReasoningEffort;
  readonly strategy: MultiPolicyStrategy;
  readonly signal: AbortSignal;
  readonly onReasoning: (fragment: ReasoningFragment) => void;
}): Promise<ReasoningOutcome[]> {
  const size = args.strategy === 'per-policy' ? 1 : Math.max(1, args.reasoner.capabilities.maxPoliciesPerCall);
  const groups: EnginePolicy[][] = [];
  for (let i = 0; i < args.policies.length; i += size) groups.push(args.policies.slice(i, i + size));
  const results = await Promise.all(groups.map((group) => callOnce({ ...args, policies: group })));
  return results.flat();
}

async function callOnce(args: Parameters<typeof runReasoning>[0]): Promise<ReasoningOutcome[]> {
  const started = performance.now();
  const result = await args.reasoner.evaluate({
    policies: args.policies, content: args.content, effort: args.effort, signal: args.signal, onReasoning: args.onReasoning,
  });
  const latencyMs = Math.round(performance.now() - started);
  const identity = evaluatorIdentity(args.reasoner, args.effort);
  return args.policies.map((policy) => {
    const answer = result.answers.find((a) => a.policyId === policy.id) ?? missingAnswer(policy.id);
    const findings = [...answer.findings, ...validateAnswer({ answer, policy, reasoning: result.reasoning })];
    return { policy, answer, findings, reasoning: result.reasoning, usage: result.usage, latencyMs, evaluatorIdentity: identity };
  });
}

function missingAnswer(policyId: string): ReasonerAnswer {
  return {
    policyId, label: 'UNCERTAIN', policyCategory: null, ruleIds: [], confidence: null, rationale: null,
    findings: [{ code: 'UNPARSEABLE_OUTPUT', message: 'the reasoner returned no answer for this policy' }],
  };
}
