import type { EvaluatorBase, EvaluatorLabel, EvaluatorPolicy } from './evaluator.js';

/** One content item to classify. */
export interface TriageItem {
  readonly id: string;
  readonly content: string;
}

/** One item's triage outcome; `score` is the probability of a violation in [0, 1]. */
export interface TriageResult {
  readonly itemId: string;
  readonly score: number;
  readonly label: EvaluatorLabel;
  /** Rule ids the evidence points at (matched terms, or the classifier's policy rules). */
  readonly ruleIds: readonly string[];
}

/** Arguments of {@link TriageEvaluator.classify}. */
export interface ClassifyInput {
  readonly policy: EvaluatorPolicy;
  readonly items: readonly TriageItem[];
  readonly signal: AbortSignal;
}

/**
 * A fast classifier that settles clear cases before the reasoner.
 * `classify` returns exactly one result per item, in the items' order, and rejects with an
 * `AbortError` once `signal` is aborted.
 */
export interface TriageEvaluator extends EvaluatorBase {
  readonly kind: 'triage';
  classify(input: ClassifyInput): Promise<readonly TriageResult[]>;
}
