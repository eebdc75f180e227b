import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database, EvaluationRow, EvaluationsTable, EvaluationStatus } from '../../db/schema.js';
import { transitionEvaluation } from '../../domain/evaluations/repository.js';

/**
 * The evaluation state machine (DESIGN §3), written once: for each status, the statuses it may
 * move to. A stage may be entered again (a retried or resumed job); terminal statuses only move
 * on by a human decision.
 */
export const TRANSITIONS: Readonly<Record<EvaluationStatus, readonly EvaluationStatus[]>> = {
  QUEUED: ['TRIAGE', 'FAILED', 'CANCELLED'],
  TRIAGE: ['TRIAGE', 'REASONING', 'DECIDED', 'ESCALATED', 'FAILED', 'CANCELLED'],
  REASONING: ['REASONING', 'DECIDED', 'ESCALATED', 'FAILED', 'CANCELLED'],
  ESCALATED: ['DECIDED'],
  FAILED: ['DECIDED'],
  DECIDED: [],
  CANCELLED: [],
};

export const TERMINAL: readonly EvaluationStatus[] = ['DECIDED', 'ESCALATED', 'FAILED', 'CANCELLED'];
export const FINISHED_BY_MACHINE: readonly EvaluationStatus[] = ['DECIDED', 'ESCALATED', 'FAILED'];

/** The statuses from which `to` may be reached. */
export const sourcesOf = (to: EvaluationStatus): EvaluationStatus[] =>
  (Object.keys(TRANSITIONS) as EvaluationStatus[]).filter((from) => TRANSITIONS[from].includes(to));

/**
 * Moves an evaluation to `to` when the table allows it from where it is now (checked in the
 * same UPDATE, so two movers cannot both win). Returns the moved row, or undefined.
 */
export function transition(
  db: Kysely<Database> | Transaction<Database>,
  args: { readonly tenantId: string; readonly id: string; readonly to: EvaluationStatus; readonly set?: Updateable<EvaluationsTable>; readonly attempt?: boolean },
): Promise<EvaluationRow | undefined> {
  const finished = TERMINAL.includes(args.to) ? { finished_at: new Date() } : {};
  return transitionEvaluation(db, {
    tenantId: args.tenantId, id: args.id, from: sourcesOf(args.to), attempt: args.attempt,
    set: { ...args.set, ...finished, status: args.to },
  });
}
