/** The label a benchmark item got from one policy version (never a verdict: nothing of it is in the decision history). */
export type PredictedLabel = 'VIOLATING' | 'NON_VIOLATING' | 'UNCERTAIN';

/** What one policy version predicted for one item in one repeat. */
export interface PolicyPrediction {
  readonly policyVersionId: string;
  readonly labelKey: string;
  /** The dataset's label for `labelKey` (for a replay, the standing verdict's); null when the item has none. */
  readonly expected: 0 | 1 | null;
  readonly label: PredictedLabel;
  readonly ruleIds: readonly string[];
  readonly rationale: string | null;
  /** Chain of thought: role-gated wherever it is read. */
  readonly reasoning: string | null;
  readonly findings: readonly { readonly code: string; readonly message: string }[];
  /** What triage alone would have said (UNCERTAIN: sent on to the reasoner); absent without triage evaluators. */
  readonly triageLabel?: PredictedLabel;
}

/** One (item, repeat) of a run as stored. */
export interface ItemResult {
  readonly ordinal: number;
  readonly repeat: number;
  readonly content: string;
  /** Every label of the dataset item (rule-level keys such as "spam:SP2.a" included). */
  readonly labels: Readonly<Record<string, number>>;
  readonly predictions: readonly PolicyPrediction[];
  readonly tokens: number;
  readonly latencyMs: number;
}

/** 1 when the prediction says VIOLATING, 0 for NON_VIOLATING, null for UNCERTAIN. */
export const predictedValue = (label: PredictedLabel): 0 | 1 | null => (label === 'VIOLATING' ? 1 : label === 'NON_VIOLATING' ? 0 : null);

/** A prediction is correct when it names the expected label; UNCERTAIN is never correct. */
export const isCorrect = (p: PolicyPrediction): boolean | null => (p.expected === null ? null : predictedValue(p.label) === p.expected);
