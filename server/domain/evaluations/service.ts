// The evaluation's whole lifecycle (submit, run, cancel, finish) lives in one module:
// server/engine/lifecycle/. This file keeps the service entry points where callers look for them.
export { cancelEvaluation, checkEvaluateInput, submitEvaluation, waitForEvaluation } from '../../engine/lifecycle/index.js';
export type { EvaluateInput, EvaluationDeps } from '../../engine/lifecycle/index.js';
