import type {
  Confidence,
  EvaluatorBase,
  EvaluatorLabel,
  EvaluatorPolicy,
  Finding,
  ReasoningEffort,
} from './evaluator.js';

/** A fragment of chain of thought, forwarded as soon as the model produced it. */
export interface ReasoningFragment {
  readonly text: string;
  /** Ids of the policies the call that produced it is reasoning about. */
  readonly policyIds: readonly string[];
}

/** A reasoner's answer for one policy. */
export interface ReasonerAnswer {
  readonly policyId: string;
  readonly label: EvaluatorLabel;
  readonly policyCategory: string | null;
  readonly ruleIds: readonly string[];
  readonly confidence: Confidence | null;
  readonly rationale: string | null;
  /** Parser findings such as `UNPARSEABLE_OUTPUT` or `TRUNCATED_OUTPUT`; the label is then UNCERTAIN. */
  readonly findings: readonly Finding[];
}

/** Token usage as reported by the runtime (zeros when it reports none). */
export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

/** Everything one reasoner call produced. */
export interface ReasonerResult {
  /** One answer per input policy, in the input order. */
  readonly answers: readonly ReasonerAnswer[];
  /**
   * The full chain of thought; equals the concatenation of every fragment given to `onReasoning`
   * (after the last `onRestart`, when the call was restarted).
   */
  readonly reasoning: string;
  /** The final-channel text as the model wrote it. */
  readonly output: string;
  readonly usage: TokenUsage;
}

/** Arguments of {@link ReasonerEvaluator.evaluate}. */
export interface ReasonInput {
  readonly policies: readonly EvaluatorPolicy[];
  readonly content: string;
  readonly effort: ReasoningEffort;
  readonly signal: AbortSignal;
  /** Called for every reasoning fragment, in order, before `evaluate` resolves. */
  readonly onReasoning: (fragment: ReasoningFragment) => void;
  /**
   * Called when the reasoner abandons an attempt whose reasoning already reached `onReasoning`
   * (a model-server replica died mid-stream) and starts the call again from the beginning,
   * elsewhere. Fragments given to `onReasoning` after this call belong to the new attempt only,
   * and {@link ReasonerResult.reasoning} is the last attempt's chain of thought, never a mix.
   *
   * Optional: a reasoner given no `onRestart` never restarts once reasoning was forwarded (it
   * fails or returns what the broken attempt produced instead), so an old caller is never handed
   * two attempts' reasoning as one. Before any fragment was forwarded a reasoner may retry
   * silently, as there is nothing to separate.
   */
  readonly onRestart?: (info: ReasoningRestart) => void;
}

/** What {@link ReasonInput.onRestart} is told about a restart. */
export interface ReasoningRestart {
  /** The number of the attempt that starts now: 2 for the first restart. */
  readonly attempt: number;
  /** Why the previous attempt was abandoned: a stable code, then a short message with no model text. */
  readonly reason: string;
}

/**
 * A reasoning model that reads the policy and the content and answers with a label.
 * At most `capabilities.maxPoliciesPerCall` policies per call. Rejects with an `AbortError`
 * once `signal` is aborted, and cancels any work in flight (an HTTP request, a generation).
 */
export interface ReasonerEvaluator extends EvaluatorBase {
  readonly kind: 'reasoner';
  evaluate(input: ReasonInput): Promise<ReasonerResult>;
}
