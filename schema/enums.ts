import { builder } from './builder.js';

/** An enum whose every value carries its description (DESIGN §7: descriptions on every enum value). */
function describedEnum<const V extends string>(name: string, description: string, values: Record<V, string>) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(Object.entries(values).map(([value, text]) => [value, { description: text as string }])) as Record<V, { description: string }>,
  });
}

export const ReasoningEffortEnum = describedEnum('ReasoningEffort', "How long the reasoning model thinks (the runtime's reasoning_effort).", {
  LOW: 'Fastest; enough for clear cases.', MEDIUM: 'The usual default.', HIGH: 'Slowest; for hard or high-severity cases.',
});
export const PolicyVersionStatusEnum = describedEnum('PolicyVersionStatus', 'Where a policy version is in its life.', {
  DRAFT: 'Editable; not used by `evaluate` unless pinned by a benchmark.', PUBLISHED: 'Immutable; evaluations use it.', RETIRED: 'No new evaluations; its verdicts stay.',
});
export const EvaluationStatusEnum = describedEnum('EvaluationStatus', 'Where an evaluation is in the pipeline.', {
  QUEUED: 'Accepted, waiting for a worker.', TRIAGE: 'Fast classifiers are running.', REASONING: 'The reasoning model is running.',
  DECIDED: 'Every policy has a final verdict.', ESCALATED: 'Sent to human review.', FAILED: 'Could not be evaluated; see `error`.', CANCELLED: 'Cancelled before it finished.',
});
export const VerdictLabelEnum = describedEnum('VerdictLabel', 'The outcome of one verdict.', {
  VIOLATING: 'The content violates the policy.', NON_VIOLATING: 'The content does not violate the policy.', UNCERTAIN: 'No confident decision.',
});
export const VerdictStageEnum = describedEnum('VerdictStage', 'Which stage reached a verdict.', {
  TRIAGE: 'A fast classifier or rule.', REASONING: 'The reasoning model.', HUMAN: 'A human reviewer.',
});
export const ConfidenceEnum = describedEnum('Confidence', "The evaluator's stated confidence.", {
  LOW: 'Low confidence.', MEDIUM: 'Medium confidence.', HIGH: 'High confidence.',
});
