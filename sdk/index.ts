// The public surface of Arbiter's SDK: an explicit export list, nothing re-exported by wildcard.
export type {
  BreakerState,
  Confidence,
  EvaluatorBase,
  EvaluatorCapabilities,
  EvaluatorHealth,
  EvaluatorLabel,
  EvaluatorPolicy,
  Finding,
  PolicyRuleSpec,
  ReasoningEffort,
  ReplicaHealth,
  TriageMatchSpec,
  TriageSettings,
} from './evaluator.js';
export type { ClassifyInput, TriageEvaluator, TriageItem, TriageResult } from './triage.js';
export type {
  ReasonInput,
  ReasonerAnswer,
  ReasonerEvaluator,
  ReasonerResult,
  ReasoningFragment,
  ReasoningRestart,
  TokenUsage,
} from './reasoner.js';
export { EvaluatorError, DuplicateEvaluatorError, abortError, throwIfAborted } from './errors.js';
export { createEvaluatorRegistry } from './registry.js';
export type { Evaluator, EvaluatorRegistry } from './registry.js';
export { compilePolicyRegex, isPolicyRegexProblem } from './policy-regex.js';
export type { PolicyRegex, PolicyRegexProblem } from './policy-regex.js';
