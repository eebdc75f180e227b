import type { ReasonerEvaluator, ReasoningEffort, TokenUsage } from '../../sdk/index.js';
import { withDeadline } from './deadline.js';
import type { ReasoningSlots } from './limiter/slots.js';
import type { EnginePolicy } from './policies.js';
import { createStreamSanitizer } from './text.js';
import { type ValidatedAnswer, validateReasonerResult } from './validation.js';

/** One reasoner call's outcome, normalised and validated by the engine's one validator. */
export interface ReasonCall {
  readonly policies: readonly EnginePolicy[];
  /** One per policy, in the same order. */
  readonly answers: readonly ValidatedAnswer[];
  readonly reasoning: string;
  readonly usage: TokenUsage;
  readonly latencyMs: number;
}

/** The policy groups one item is reasoned over: all in one call (up to the reasoner's limit) or one each. */
export function reasonerGroups(strategy: 'combined' | 'per-policy', reasoner: ReasonerEvaluator, policies: readonly EnginePolicy[]): EnginePolicy[][] {
  const size = strategy === 'per-policy' ? 1 : Math.max(1, reasoner.capabilities.maxPoliciesPerCall);
  const groups: EnginePolicy[][] = [];
  for (let i = 0; i < policies.length; i += size) groups.push(policies.slice(i, i + size));
  return groups;
}

/**
 * Calls the reasoner once for `policies` under a deadline, streams normalised reasoning text to
 * `onText` and validates the answer. The one path every caller takes (evaluations, appeals,
 * benchmark runs), so an answer is judged the same way wherever it is asked for.
 */
export async function callReasoner(args: {
  readonly reasoner: ReasonerEvaluator; readonly policies: readonly EnginePolicy[]; readonly content: string;
  readonly effort: ReasoningEffort; readonly signal: AbortSignal; readonly timeoutMs: number;
  readonly onText?: (text: string, policyVersionIds: readonly string[]) => void;
  /** A replica died mid-stream and the call starts again elsewhere; `reason` is a stable code. */
  readonly onRestart?: (info: { readonly attempt: number; readonly reason: string }) => void;
  /**
   * The process's reasoning slots (DESIGN §9 back-pressure): the call waits for one first, and its
   * first fragment is the time-to-first-token sample they adapt to. Waiting counts neither against
   * the deadline nor the latency.
   */
  readonly slots?: ReasoningSlots;
}): Promise<ReasonCall> {
  const permit = await args.slots?.acquire(args.signal);
  const started = performance.now();
  const sanitizer = createStreamSanitizer();
  const ids = args.policies.map((p) => p.id);
  const emit = (text: string) => void (text && args.onText?.(text, ids));
  try {
    const result = await withDeadline(args.signal, args.timeoutMs, (signal) => args.reasoner.evaluate({
      policies: args.policies, content: args.content, effort: args.effort, signal,
      onReasoning: (fragment) => { permit?.firstToken(); emit(sanitizer.push(fragment.text)); },
      // Only the code before any detail: restart reasons reach every role that may subscribe (DESIGN §4).
      ...(args.onRestart ? {
        onRestart: (info: { attempt: number; reason: string }) => args.onRestart!({ attempt: info.attempt, reason: info.reason.split(':')[0]!.trim() }),
      } : {}),
    }));
    emit(sanitizer.end());
    const validated = validateReasonerResult(result, args.policies);
    const latencyMs = Math.round(performance.now() - started);
    return { policies: args.policies, answers: validated.answers, reasoning: validated.reasoning, usage: result.usage, latencyMs };
  } finally {
    permit?.release();
  }
}
