import { builder } from './builder.js';

export const ReasoningEffortEnum = builder.enumType('ReasoningEffort', { values: ['LOW', 'MEDIUM', 'HIGH'] as const });
export const PolicyVersionStatusEnum = builder.enumType('PolicyVersionStatus', { values: ['DRAFT', 'PUBLISHED', 'RETIRED'] as const });
export const EvaluationStatusEnum = builder.enumType('EvaluationStatus', {
  values: ['QUEUED', 'TRIAGE', 'REASONING', 'DECIDED', 'ESCALATED', 'FAILED', 'CANCELLED'] as const,
});
export const VerdictLabelEnum = builder.enumType('VerdictLabel', { values: ['VIOLATING', 'NON_VIOLATING', 'UNCERTAIN'] as const });
export const VerdictStageEnum = builder.enumType('VerdictStage', { values: ['TRIAGE', 'REASONING', 'HUMAN'] as const });
export const ConfidenceEnum = builder.enumType('Confidence', { values: ['LOW', 'MEDIUM', 'HIGH'] as const });
