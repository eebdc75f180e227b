import { throwIfAborted, type ReasonerAnswer, type ReasonerEvaluator } from '../../sdk/index.js';

/** The epoch time in ms with sub-ms precision; comparable across processes on one machine. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/**
 * A reasoner for delivery benchmarks: it waits for `gate()`, then emits `fragments` chain-of-thought
 * fragments `intervalMs` apart, each starting with the epoch time of its emission, and answers
 * NON_VIOLATING with high confidence (so nothing escalates).
 */
export function stampingReasoner(args: { readonly fragments: number; readonly intervalMs: number; readonly gate: () => Promise<void> }): ReasonerEvaluator {
  return {
    kind: 'reasoner',
    name: 'bench-stamping',
    version: '1.0.0',
    capabilities: { streamsReasoning: true, supportsEffort: true, maxPoliciesPerCall: 4, batchSize: 1 },
    identity: () => 'bench-stamping/1',
    health: async () => ({ ready: true }),
    async evaluate(input) {
      await args.gate();
      const policyIds = input.policies.map((p) => p.id);
      let reasoning = '';
      for (let i = 0; i < args.fragments; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, args.intervalMs));
        throwIfAborted(input.signal);
        const text = `${epochMs().toFixed(3)} fragment ${i}; `;
        reasoning += text;
        input.onReasoning({ text, policyIds });
      }
      const answers: ReasonerAnswer[] = input.policies.map((policy) => ({
        policyId: policy.id, label: 'NON_VIOLATING', policyCategory: null, ruleIds: [], confidence: 'high', rationale: 'bench answer', findings: [],
      }));
      return { answers, reasoning, output: JSON.stringify(answers), usage: { promptTokens: 500, completionTokens: args.fragments, totalTokens: 500 + args.fragments } };
    },
  };
}
