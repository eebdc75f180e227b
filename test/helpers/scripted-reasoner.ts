import { abortError, EvaluatorError, throwIfAborted, type EvaluatorLabel, type ReasonerAnswer, type ReasonerEvaluator, type ReasonInput } from '../../sdk/index.js';

/** What the scripted reasoner says for one call. */
export interface ReasonerScript {
  /** Chain-of-thought fragments, emitted one by one. */
  readonly reasoning?: readonly string[];
  readonly delayMs?: number;
  readonly label?: EvaluatorLabel;
  readonly ruleIds?: readonly string[];
  readonly confidence?: 'low' | 'medium' | 'high';
  readonly rationale?: string;
  /** Throw this many times before answering (a flaky model server). */
  readonly failTimes?: number;
  readonly retryable?: boolean;
}

/** A deterministic reasoner for pipeline and subscription tests; it records every call. */
export function scriptedReasoner(script: ReasonerScript | ((input: ReasonInput) => ReasonerScript), options: { ready?: boolean } = {}) {
  const calls: { policies: string[]; effort: string; content: string }[] = [];
  let failures = 0;
  const evaluator: ReasonerEvaluator = {
    kind: 'reasoner',
    name: 'scripted',
    version: '1.0.0',
    capabilities: { streamsReasoning: true, supportsEffort: true, maxPoliciesPerCall: 4, batchSize: 1 },
    identity: () => 'scripted/1',
    health: async () => ({ ready: options.ready ?? true }),
    async evaluate(input) {
      throwIfAborted(input.signal);
      const step = typeof script === 'function' ? script(input) : script;
      calls.push({ policies: input.policies.map((p) => p.slug), effort: input.effort, content: input.content });
      if (failures < (step.failTimes ?? 0)) {
        failures += 1;
        throw new EvaluatorError('MODEL_SERVER_ERROR', 'scripted failure', { retryable: step.retryable ?? true });
      }
      let reasoning = '';
      for (const text of step.reasoning ?? []) {
        if (step.delayMs) await sleep(step.delayMs, input.signal);
        throwIfAborted(input.signal);
        reasoning += text;
        input.onReasoning({ text, policyIds: input.policies.map((p) => p.id) });
      }
      const answers: ReasonerAnswer[] = input.policies.map((policy) => ({
        policyId: policy.id, label: step.label ?? 'NON_VIOLATING', policyCategory: step.ruleIds?.[0]?.split('.')[0] ?? null,
        ruleIds: [...(step.ruleIds ?? [])], confidence: step.confidence ?? 'high', rationale: step.rationale ?? 'scripted answer', findings: [],
      }));
      return { answers, reasoning, output: JSON.stringify(answers), usage: { promptTokens: 100, completionTokens: 20, totalTokens: 120 } };
    },
  };
  return { evaluator, calls };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); reject(abortError(signal)); }, { once: true });
  });
}
