import { recordEvaluationSubmitted } from '../../domain/audit/events.js';
import { createHash, randomUUID } from 'node:crypto';
import type { EvaluationRow } from '../../db/schema.js';
import * as repo from '../../domain/evaluations/repository.js';
import { resolvePolicyRefs } from '../../domain/policies/queries.js';
import { isUniqueViolation, type Scope } from '../../domain/scope.js';
import { AlreadyExistsError, InvalidStateError, NotFoundError, type Problem, ValidationError } from '../../errors.js';
import type { EventBus } from '../../events/bus.js';
import type { JobQueue } from '../queue.js';
import { isStorable, unstorablePath } from '../text.js';
import { TERMINAL, transition } from './transitions.js';

export interface EvaluateInput {
  readonly content: string;
  readonly policies: readonly string[];
  readonly effort?: 'LOW' | 'MEDIUM' | 'HIGH' | null;
  readonly wait?: boolean | null;
  readonly idempotencyKey?: string | null;
  readonly metadata?: unknown;
}

/** What submitting, waiting and cancelling need besides the caller's scope. */
export interface EvaluationDeps {
  readonly queue: JobQueue;
  readonly bus: EventBus;
  /** Upper bound of `wait: true`, in milliseconds. */
  readonly maxWaitMs: number;
}

const MAX_CONTENT_BYTES = 64 * 1024;
const UNSTORABLE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** Everything wrong with the input, including text PostgreSQL cannot store (refused, never an internal error). */
export function checkEvaluateInput(input: EvaluateInput): void {
  const problems: Problem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, line: null, message });
  if (input.content.trim() === '') problem('content', 'must not be empty');
  if (Buffer.byteLength(input.content) > MAX_CONTENT_BYTES) problem('content', `must be at most ${MAX_CONTENT_BYTES} bytes`);
  if (!isStorable(input.content)) problem('content', UNSTORABLE);
  input.policies.forEach((ref, i) => !isStorable(ref) && problem(`policies[${i}]`, UNSTORABLE));
  const key = input.idempotencyKey;
  if (key !== undefined && key !== null && !/^.{1,200}$/su.test(key)) problem('idempotencyKey', 'must be 1 to 200 characters');
  if (key && !isStorable(key)) problem('idempotencyKey', UNSTORABLE);
  const metadataPath = input.metadata === undefined ? null : unstorablePath(input.metadata, 'metadata');
  if (metadataPath !== null) problem(metadataPath, UNSTORABLE);
  if (problems.length > 0) throw new ValidationError('invalid evaluation input', problems);
}

/**
 * Records an evaluation (QUEUED) and enqueues its job in one transaction. The same idempotency
 * key returns the first evaluation (or ALREADY_EXISTS when the content differs).
 */
export async function submitEvaluation(scope: Scope, deps: EvaluationDeps, input: EvaluateInput): Promise<EvaluationRow> {
  checkEvaluateInput(input);
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

/**
 * Waits (bounded by `maxWaitMs`) until the evaluation is DECIDED, ESCALATED, FAILED or CANCELLED;
 * returns it as it is then. Listens on the bus and also reads the row now and then, so a lost bus
 * message (Redis down between this API process and the worker) delays the answer, never withholds it.
 */
export async function waitForEvaluation(scope: Scope, deps: EvaluationDeps, id: string): Promise<EvaluationRow> {
  const live = deps.bus.subscribe(id);
  const deadline = setTimeout(() => void live.return?.(), deps.maxWaitMs);
  const poll = pollUntilFinished(scope, id, () => void live.return?.());
  try {
    const current = await repo.findEvaluation(scope.db, { tenantId: scope.tenantId, id });
    if (!current) throw new NotFoundError('evaluation', id);
    if (!TERMINAL.includes(current.status)) {
      for await (const message of live) if ('event' in message && message.event.type === 'EvaluationFinished') break;
    }
  } finally {
    clearTimeout(deadline);
    poll.stop();
    await live.return?.();
  }
  return (await repo.findEvaluation(scope.db, { tenantId: scope.tenantId, id }))!;
}

// Reads the row at 0.5 s, 1 s, 2 s, then every 4 s: cheap next to a model call, quick enough for triage.
function pollUntilFinished(scope: Scope, id: string, onFinished: () => void): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const check = async (delayMs: number) => {
    const row = await repo.findEvaluation(scope.db, { tenantId: scope.tenantId, id }).catch(() => undefined);
    if (stopped) return;
    if (row && TERMINAL.includes(row.status)) return onFinished();
    timer = setTimeout(() => void check(Math.min(delayMs * 2, 4_000)), delayMs);
  };
  timer = setTimeout(() => void check(1_000), 500);
  return { stop: () => { stopped = true; clearTimeout(timer); } };
}

/** Cancels an evaluation that has not finished; a running worker aborts its evaluator call. */
export async function cancelEvaluation(scope: Scope, deps: EvaluationDeps, id: string): Promise<EvaluationRow> {
  const current = await repo.findEvaluation(scope.db, { tenantId: scope.tenantId, id });
  if (!current) throw new NotFoundError('evaluation', id);
  if (TERMINAL.includes(current.status)) throw new InvalidStateError(`evaluation ${id} is already ${current.status}`);
  const row = await transition(scope.db, { tenantId: scope.tenantId, id, to: 'CANCELLED' });
  if (!row) throw new InvalidStateError(`evaluation ${id} finished before it could be cancelled`);
  // Only the evaluation's job numbers events: it aborts, or on start finds it cancelled, and announces it.
  deps.bus.publish({ tenantId: scope.tenantId, evaluationId: id, control: 'cancel' });
  return row;
}
