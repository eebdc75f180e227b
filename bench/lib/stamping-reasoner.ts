import { throwIfAborted, type ReasonerAnswer, type ReasonerEvaluator } from '../../sdk/index.js';

/** The epoch time in ms with sub-ms precision; comparable across processes on one machine. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/**
 * A reasoner for delivery benchmarks: it waits for `gate()`, then emits `fragments` chain-of-thought
 * fragments on a fixed schedule, one every `intervalMs` (from `schedule()`), and answers NON_VIOLATING with high
 * confidence (so nothing escalates). Each fragment's text is "<emitted> <scheduled> fragment i":
 * the epoch ms of the onReasoning call and of its slot in the schedule. The two differ when the
 * server's event loop is too busy to emit on time, as a model server's tokens would wait in the
 * socket. `onSpan` gets the time from the first to the last emission.
 */
export function stampingReasoner(args: {
  /** Read at each call, so one reasoner can serve runs of different rates. */
  readonly schedule: () => { readonly fragments: number; readonly intervalMs: number };
  readonly gate: () => Promise<void>;
  readonly onSpan?: (ms: number) => void;
}): ReasonerEvaluator {
  return {
    kind: 'reasoner',
    name: 'bench-stamping',
    version: '1.0.0',
    capabilities: { streamsReasoning: true, supportsEffort: true, maxPoliciesPerCall: 4, batchSize: 1 },
    identity: () => 'bench-stamping/1',
    health: async () => ({ ready: true }),
    async evaluate(input) {
      await args.gate();
      const { fragments, intervalMs } = args.schedule();
      const policyIds = input.policies.map((p) => p.id);
      let reasoning = '';
      const start = epochMs();
      let first = 0;
      for (let i = 0; i < fragments; i += 1) {
        const scheduled = start + (i + 1) * intervalMs;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, scheduled - epochMs())));
        throwIfAborted(input.signal);
        const emitted = epochMs();
        if (i === 0) first = emitted;
        const text = `${emitted.toFixed(3)} ${scheduled.toFixed(3)} fragment ${i}; `;
        reasoning += text;
        input.onReasoning({ text, policyIds });
      }
      args.onSpan?.(epochMs() - first);
      const answers: ReasonerAnswer[] = input.policies.map((policy) => ({
        policyId: policy.id, label: 'NON_VIOLATING', policyCategory: null, ruleIds: [], confidence: 'high', rationale: 'bench answer', findings: [],
      }));
      return { answers, reasoning, output: JSON.stringify(answers), usage: { promptTokens: 500, completionTokens: fragments, totalTokens: 500 + fragments } };
    },
  };
}
