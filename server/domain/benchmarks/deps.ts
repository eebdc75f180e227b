import type { Kysely } from 'kysely';
import type { ReasonerEvaluator, TriageEvaluator } from '../../../sdk/index.js';
import type { EnginePolicy } from '../../engine/policies.js';
import type { Database } from '../../db/schema.js';
import type { MultiPolicyStrategy } from '../../engine/lifecycle/index.js';
import type { EventBus } from '../../events/bus.js';
import type { BenchmarkQueue } from './queue.js';

/** What benchmark runs need besides the caller's scope: their queue, the bus, and the engine's reasoner. */
export interface BenchmarkDeps {
  readonly db: Kysely<Database>;
  readonly queue: BenchmarkQueue;
  readonly bus: EventBus;
  readonly readyReasoner: () => Promise<ReasonerEvaluator | undefined>;
  /** The engine's configured multi-policy strategy: a run's default. */
  readonly strategy: MultiPolicyStrategy;
  /** The triage evaluators real evaluations of a policy use (rules, its active classifier): for the cost view. */
  readonly triageEvaluatorsFor: (policy: EnginePolicy) => Promise<readonly TriageEvaluator[]>;
  /** The engine's reasoning-stage deadline: a benchmark call gets the same. */
  readonly reasoningTimeoutMs: number;
  /** Items reasoned over at once within one run. */
  readonly concurrency: number;
}

/** A run's evaluator configuration, as stored on the run. */
export interface RunConfig {
  readonly effort: 'LOW' | 'MEDIUM' | 'HIGH';
  readonly strategy: MultiPolicyStrategy;
  readonly repeats: number;
  /** The dataset label key each policy version is scored against (by version id). */
  readonly labelKeys: Readonly<Record<string, string>>;
  readonly limit: number | null;
  /** A replay's items, fixed when it starts: the evaluation and its standing label per version. */
  readonly replay?: readonly { readonly evaluationId: string; readonly expected: Readonly<Record<string, 0 | 1>> }[];
  readonly window?: { readonly from: string | null; readonly to: string | null };
}
