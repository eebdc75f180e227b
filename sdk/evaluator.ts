/**
 * The evaluator plugin contract (DESIGN §6).
 *
 * Plugins are plain objects built by factories. They depend on these types only, never on the
 * server: they never touch the database or pubsub. Returning is a verdict (VIOLATING included);
 * throwing means the evaluator malfunctioned and the pipeline retries or fails the stage.
 */

/** Reasoning effort, in the runtime's own vocabulary. */
export type ReasoningEffort = 'low' | 'medium' | 'high';

/** The label an evaluator gives one item against one policy. */
export type EvaluatorLabel = 'VIOLATING' | 'NON_VIOLATING' | 'UNCERTAIN';

/** Confidence reported by a reasoner, when it reports one. */
export type Confidence = 'low' | 'medium' | 'high';

/** A validator or parser observation attached to a verdict (`code` is stable, e.g. `TRUNCATED_OUTPUT`). */
export interface Finding {
  readonly code: string;
  readonly message: string;
}

/** Metadata of one rule of a policy version, taken from the policy's front matter. */
export interface PolicyRuleSpec {
  readonly id: string;
  readonly title: string;
  readonly severity: number;
  readonly action: string;
}

/** One rule-based triage matcher from the policy's `triage.match` front matter. */
export interface TriageMatchSpec {
  readonly rule: string;
  readonly terms?: readonly string[];
  readonly regex?: string;
}

/** Triage settings of a policy version (`triage` front matter). */
export interface TriageSettings {
  readonly match: readonly TriageMatchSpec[];
  /** `decide` = VIOLATING at triage on a match; `escalate` = send to the reasoner. */
  readonly onMatch: 'decide' | 'escalate';
  /** Classifier thresholds: below `safeBelow` is clear-safe, above `violatingAbove` clear-violating. */
  readonly thresholds?: { readonly safeBelow: number; readonly violatingAbove: number };
}

/** A pinned policy version as an evaluator sees it. */
export interface EvaluatorPolicy {
  /** The policy version's id; answers and deltas refer to policies by this id. */
  readonly id: string;
  readonly slug: string;
  readonly version: number;
  /** The policy text given to the model as the system message (front matter removed). */
  readonly text: string;
  readonly rules: readonly PolicyRuleSpec[];
  readonly triage: TriageSettings;
}

/** Static facts about an evaluator that the pipeline plans with. */
export interface EvaluatorCapabilities {
  readonly streamsReasoning: boolean;
  readonly supportsEffort: boolean;
  /** How many policies one `evaluate` call may carry (reasoners); 1 for triage. */
  readonly maxPoliciesPerCall: number;
  /** How many items one `classify` call should carry (triage); 1 for reasoners. */
  readonly batchSize: number;
}

/** Result of a health probe. `ready: false` makes the pipeline route around the evaluator. */
export interface EvaluatorHealth {
  readonly ready: boolean;
  /** Free text for operators (logs); may quote the model server. */
  readonly detail?: string;
  /** Why it is not ready, as a stable code (e.g. `CIRCUIT_OPEN`): what users are told. */
  readonly code?: string;
  /**
   * One entry per model-server replica, for evaluators that spread calls over several
   * (`SAFEGUARD_URL` with a list). Absent for single-backend evaluators. The evaluator is ready
   * while at least one replica is.
   */
  readonly replicas?: readonly ReplicaHealth[];
}

/** State of a circuit breaker around one backend. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** The state of one replica behind an evaluator, as its health probe saw it. */
export interface ReplicaHealth {
  /** Stable name of the replica within the evaluator (its base URL for HTTP servers). */
  readonly id: string;
  readonly ready: boolean;
  readonly detail?: string;
  /** `open`: recent failures; no calls are sent until the cool-down ends and a trial succeeds. */
  readonly breaker: BreakerState;
  /** Calls in flight on this replica at the time of the probe. */
  readonly inFlight: number;
  /** Calls this replica finished successfully since the process started. */
  readonly completed: number;
  /** Calls that failed on this replica (refused, cut, timed out, 5xx) since the process started. */
  readonly failed: number;
}

/** What every evaluator has, whatever its kind. */
export interface EvaluatorBase {
  readonly name: string;
  readonly version: string;
  readonly capabilities: EvaluatorCapabilities;
  /** Load models, open sessions. Called once before first use; may throw. */
  setup?(): Promise<void>;
  /** Release everything `setup` took. Called once, in reverse registration order. */
  dispose?(): Promise<void>;
  health?(): Promise<EvaluatorHealth>;
  /**
   * The state of the evaluator's circuit breaker, for metrics (`arbiter_breaker_state`).
   * Evaluators without a breaker leave it out.
   */
  breakerState?(): 'closed' | 'open' | 'half-open';
  /**
   * Everything that changes the evaluator's answers (model digest, prompt template version,
   * decoding parameters), as a stable string. The server hashes it, with the effort, into the
   * verdict's evaluator identity.
   */
  identity(): string;
}
