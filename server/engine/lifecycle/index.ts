// The evaluation lifecycle (DESIGN §2, §4): the one module holding the whole state machine.
// submit → QUEUED → TRIAGE → REASONING → DECIDED | ESCALATED | FAILED, cancel → CANCELLED,
// resume after a crash from the stored verdicts. Transitions are written once, in transitions.ts.
export { cancelEvaluation, checkEvaluateInput, submitEvaluation, waitForEvaluation } from './submit.js';
export type { EvaluateInput, EvaluationDeps } from './submit.js';
export { FAILED_REVIEW_REASON, failEvaluation, runEvaluation } from './run.js';
export { escalationReasons } from './escalation.js';
export { sourcesOf, TERMINAL, transition, TRANSITIONS } from './transitions.js';
export { failureCode, RetryRequested } from './failure.js';
export type { EngineDeps, MultiPolicyStrategy, RunContext } from './deps.js';
