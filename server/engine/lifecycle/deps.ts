import type { Kysely } from 'kysely';
import type { EvaluatorRegistry, TriageEvaluator } from '../../../sdk/index.js';
import type { Database, EvaluationRow } from '../../db/schema.js';
import type { EventBus } from '../../events/bus.js';
import type { EventWriter } from '../event-writer.js';
import type { ReasoningSlots } from '../limiter/slots.js';
import type { EnginePolicy } from '../policies.js';
import type { ReasonerChoice } from '../ready-reasoner.js';

/** `combined`: one call carries all policies (chunked by capability); `per-policy`: one call each, in parallel. */
export type MultiPolicyStrategy = 'combined' | 'per-policy';

/** What the lifecycle needs to run evaluations; built once per worker. */
export interface EngineDeps {
  readonly db: Kysely<Database>;
  readonly bus: EventBus;
  readonly registry: EvaluatorRegistry;
  /** The reasoner to use now, or the code saying why there is none (health probed at most every few seconds). */
  readonly readyReasoner: () => Promise<ReasonerChoice>;
  /** Triage evaluators of a policy: the registry's, plus its active classifier when there is one. */
  readonly triageEvaluatorsFor: (policy: EnginePolicy) => Promise<readonly TriageEvaluator[]>;
  readonly strategy: MultiPolicyStrategy;
  readonly timeouts: { readonly triageMs: number; readonly reasoningMs: number };
  /** Every reasoner call of this process waits for a slot first; the reasoning deadline starts once it has one. */
  readonly reasoningSlots: ReasoningSlots;
}

/** One run of one evaluation job. */
export interface RunContext {
  readonly deps: EngineDeps;
  readonly evaluation: EvaluationRow;
  readonly policies: readonly EnginePolicy[];
  readonly writer: EventWriter;
  readonly signal: AbortSignal;
  readonly lastAttempt: boolean;
}

/** The tenant and id of the run's evaluation, as repositories take them. */
export const keyOf = (run: RunContext) => ({ tenantId: run.evaluation.tenant_id, evaluationId: run.evaluation.id });
