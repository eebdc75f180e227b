import type { EvaluationStatus } from '../db/schema.js';

/**
 * The events of one evaluation, in increasing `seq` order; a seq is never reused. `after` is set
 * on the first event a writer emits when seqs published by a writer that died were never
 * persisted: the history continues from `after`, and the lost seqs are skipped for good.
 */
export type EvaluationEvent = (
  | { readonly type: 'StageChanged'; readonly seq: number; readonly status: EvaluationStatus }
  | { readonly type: 'ReasoningDelta'; readonly seq: number; readonly text: string; readonly policyVersionIds: readonly string[]; readonly evaluator: string }
  /** A reasoning attempt starts again: deltas before it belong to an abandoned attempt. */
  | { readonly type: 'ReasoningRestarted'; readonly seq: number; readonly attempt: number; readonly reason: string }
  | { readonly type: 'VerdictReached'; readonly seq: number; readonly verdictId: string }
  | { readonly type: 'EvaluationFinished'; readonly seq: number; readonly status: EvaluationStatus }
) & { readonly after?: number };

/** An event as it crosses the bus: which evaluation (and tenant) it belongs to. */
export type BusMessage =
  | { readonly tenantId: string; readonly evaluationId: string; readonly event: EvaluationEvent }
  /** Asks whichever worker runs the evaluation to abort it; carries no sequence number. */
  | { readonly tenantId: string; readonly evaluationId: string; readonly control: 'cancel' }
  /** Progress of a triage model's training; the topic (`evaluationId`) is the model's id. */
  | { readonly tenantId: string; readonly evaluationId: string; readonly training: TrainingEvent }
  /** A benchmark run moved on (an item done, a status change); the topic (`evaluationId`) is the run's id. */
  | { readonly tenantId: string; readonly evaluationId: string; readonly benchmark: { readonly done: number; readonly status: string } }
  /** A change of a tenant's review queues; the topic (`evaluationId`) is {@link reviewQueueTopic} of the tenant. */
  | { readonly tenantId: string; readonly evaluationId: string; readonly review: ReviewQueueEvent };

/** What happened to a review item, with the item as it was then (a row snapshot, dates as ISO strings over Redis). */
export interface ReviewQueueEvent {
  readonly type: 'ReviewItemAdded' | 'ReviewItemClaimed' | 'ReviewItemReleased' | 'ReviewItemDecided';
  readonly queue: string;
  readonly item: Record<string, unknown> & { readonly id: string };
}

/** The bus topic of a tenant's review queues (every queue of the tenant; subscribers filter by queue). */
export const reviewQueueTopic = (tenantId: string): string => `review-queue:${tenantId}`;

/** A triage model training's progress or end. */
export interface TrainingEvent {
  readonly phase: 'features' | 'training' | 'calibrating' | 'ready' | 'failed';
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number | null;
  readonly error?: string;
}

export const TERMINAL_STATUSES: readonly EvaluationStatus[] = ['DECIDED', 'ESCALATED', 'FAILED', 'CANCELLED'];
export const isTerminal = (status: EvaluationStatus): boolean => TERMINAL_STATUSES.includes(status);
