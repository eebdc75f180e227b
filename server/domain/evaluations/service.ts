import { createHash, randomUUID } from 'node:crypto';
import type { EvaluationRow } from '../../db/schema.js';
import type { JobQueue } from '../../engine/queue.js';
import type { EventBus } from '../../events/bus.js';
import { isTerminal, TERMINAL_STATUSES } from '../../events/types.js';
import { AlreadyExistsError, InvalidStateError, NotFoundError, ValidationError } from '../../errors.js';
import { recordEvaluationSubmitted } from '../audit/events.js';
import { resolvePolicyRefs } from '../policies/queries.js';
import { isUniqueViolation, type Scope } from '../scope.js';
import * as repo from './repository.js';

export interface EvaluateInput {
  readonly content: string;
  readonly policies: readonly string[];
  readonly effort?: 'LOW' | 'MEDIUM' | 'HIGH' | null;
  readonly wait?: boolean | null;
  readonly idempotencyKey?: string | null;
  readonly metadata?: unknown;
}

/** What the evaluation service needs besides the caller's scope. */
export interface EvaluationDeps {
  readonly queue: JobQueue;
  readonly bus: EventBus;
  /** Upper bound of `wait: true`, in milliseconds. */
  readonly maxWaitMs: number;
}

const MAX_CONTENT_BYTES = 64 * 1024;

function check(input: EvaluateInput): void {
  const problems = [];
  if (input.content.trim() === '') problems.push({ path: 'content', line: null, message: 'must not be empty' });
  if (Buffer.byteLength(input.content) > MAX_CONTENT_BYTES) problems.push({ path: 'content', line: null, message: `must be at most ${MAX_CONTENT_BYTES} bytes` });
  if (input.idempotencyKey !== undefined && input.idempotencyKey !== null && !/^.{1,200}$/s.test(input.idempotencyKey)) {
    problems.push({ path: 'idempotencyKey', line: null, message: 'must be 1 to 200 characters' });
  }
  if (problems.length > 0) throw new ValidationError('invalid evaluation input', problems);
}

/**
 * Records an evaluation and enqueues its job in one transaction. The same idempotency key
 * returns the first evaluation (or ALREADY_EXISTS when the content differs).
 */
export async function submitEvaluation(scope: Scope, deps: EvaluationDeps, input: EvaluateInput): Promise<EvaluationRow> {
  check(input);
  const contentSha256 = createHash('sha256').update(input.content, 'utf8').digest('hex');
  const previous = input.idempotencyKey ? await repo.findByIdempotencyKey(scope.db, { tenantId: scope.tenantId, key: input.idempotencyKey }) : undefined;
  if (previous) return sameRequest(previous, contentSha256, input);
  const versions = await resolvePolicyRefs(scope, input.policies);
  try {
    const evaluation = await scope.db.transaction().execute(async (trx) => {
      const row = await repo.insertEvaluationWithEvent(trx, { row: {
        id: randomUUID(), tenant_id: scope.tenantId, status: 'QUEUED', content: input.content, content_sha256: contentSha256,
        policy_version_ids: versions.map((v) => v.id), requested_effort: input.effort ?? null, effort: input.effort ?? null,
        effort_reason: input.effort ? 'requested' : null, idempotency_key: input.idempotencyKey ?? null,
        metadata: input.metadata === undefined || input.metadata === null ? null : JSON.stringify(input.metadata), escalation_reasons: '[]',
        submitted_by: scope.actor,
      }, event: { type: 'StageChanged', seq: 1, status: 'QUEUED' } });
      await recordEvaluationSubmitted(trx, { tenantId: scope.tenantId, actor: scope.actor, evaluation: row });
      await deps.queue.enqueue(trx, { tenantId: scope.tenantId, evaluationId: row.id });
      return row;
    });
    deps.queue.notify();
    return input.wait ? waitForEvaluation(scope, deps, evaluation.id) : evaluation;
  } catch (error) {
    if (isUniqueViolation(error) && input.idempotencyKey) return submitEvaluation(scope, deps, input);
    throw error;
  }
}

function sameRequest(previous: EvaluationRow, contentSha256: string, input: EvaluateInput): EvaluationRow {
  if (previous.content_sha256 !== contentSha256) throw new AlreadyExistsError('evaluation with idempotency key (and different content)', input.idempotencyKey!);
  return previous;
}

/** Waits (bounded by `maxWaitMs`) until the evaluation is DECIDED, ESCALATED, FAILED or CANCELLED; returns it as it is then. */
export async function waitForEvaluation(scope: Scope, deps: EvaluationDeps, id: string): Promise<EvaluationRow> {
  const live = deps.bus.subscribe(id);
  const deadline = setTimeout(() => void live.return?.(), deps.maxWaitMs);
  try {
    const current = await repo.findEvaluation(scope.db, { tenantId: scope.tenantId, id });
    if (!current) throw new NotFoundError('evaluation', id);
    if (!isTerminal(current.status)) {
      for await (const message of live) if ('event' in message && message.event.type === 'EvaluationFinished') break;
    }
  } finally {
    clearTimeout(deadline);
    await live.return?.();
  }
  return (await repo.findEvaluation(scope.db, { tenantId: scope.tenantId, id }))!;
}

/** Cancels an evaluation that has not finished; a running worker aborts its evaluator call. */
export async function cancelEvaluation(scope: Scope, deps: EvaluationDeps, id: string): Promise<EvaluationRow> {
  const current = await repo.findEvaluation(scope.db, { tenantId: scope.tenantId, id });
  if (!current) throw new NotFoundError('evaluation', id);
  if (isTerminal(current.status)) throw new InvalidStateError(`evaluation ${id} is already ${current.status}`);
  const row = await repo.updateEvaluation(scope.db, { tenantId: scope.tenantId, id, set: { status: 'CANCELLED', finished_at: new Date() }, unless: TERMINAL_STATUSES });
  if (!row) throw new InvalidStateError(`evaluation ${id} finished before it could be cancelled`);
  // Only the evaluation's job numbers events: it aborts, or on start finds it cancelled, and announces it.
  deps.bus.publish({ tenantId: scope.tenantId, evaluationId: id, control: 'cancel' });
  return row;
}
