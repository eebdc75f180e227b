import type { EventBus } from '../../events/bus.js';
import type { BusMessage, EvaluationEvent } from '../../events/types.js';
import { NotFoundError } from '../../errors.js';
import type { Scope } from '../scope.js';
import * as repo from './repository.js';

/**
 * How long a quiet live stream waits before checking the database for events it may have missed
 * (a message lost between processes): 500 ms, doubling while nothing happens, up to 8 s; after
 * {@link IDLE_POLLS_MAX} quiet checks in a row it stops polling and only listens.
 */
const IDLE_POLL_MS = 500;
const IDLE_POLL_MAX_MS = 8_000;
const IDLE_POLLS_MAX = 20;
const GAP_WAIT_MS = 5_000;

/**
 * The events of one evaluation after `afterSeq`: first the persisted replay, then live events,
 * in seq order with no duplicate, ending after `EvaluationFinished` — at once when that is
 * already stored and at or before `afterSeq`. Live events whose number jumps ahead are held
 * until the missing ones are read back from the database; seqs a dead writer published but
 * never stored are skipped (the next event says so with `after`).
 */
export async function* evaluationEvents(scope: Scope, bus: EventBus, args: { readonly evaluationId: string; readonly afterSeq: number }): AsyncGenerator<EvaluationEvent> {
  const key = { tenantId: scope.tenantId, evaluationId: args.evaluationId };
  const found = await repo.findEvaluation(scope.db, { tenantId: scope.tenantId, id: args.evaluationId });
  if (!found) throw new NotFoundError('evaluation', args.evaluationId);
  const live = bus.subscribe(args.evaluationId);
  const next = pendingNext(live);
  let last = args.afterSeq;
  try {
    for (let turn = 0; ; turn += 1) {
      // The first turn reads the replay straight away.
      const message = turn === 0 ? 'idle' : await next();
      if (message === 'ended') return;
      const pending = message === 'idle' ? await repo.listEvents(scope.db, { ...key, afterSeq: last }) : await fill(scope, args.evaluationId, last, message);
      if (message === 'idle' && pending.length === 0 && (await repo.hasFinishedEvent(scope.db, key))) return;
      for (const event of pending) {
        if (event.seq <= last) continue;
        last = event.seq;
        yield event;
        if (event.type === 'EvaluationFinished') return;
      }
    }
  } finally {
    await live.return?.();
  }
}

/**
 * The next live message, or 'idle' after a quiet spell (until the stream has been quiet too
 * long). A `next()` still pending when the spell ends is kept for the following call.
 */
function pendingNext(live: AsyncIterator<BusMessage>): () => Promise<BusMessage | 'idle' | 'ended'> {
  let pending: Promise<IteratorResult<BusMessage>> | null = null;
  let wait = IDLE_POLL_MS;
  let quiet = 0;
  return async () => {
    pending ??= live.next();
    let timer: NodeJS.Timeout | undefined;
    const idle = quiet >= IDLE_POLLS_MAX ? new Promise<never>(() => undefined)
      : new Promise<'idle'>((resolve) => (timer = setTimeout(() => resolve('idle'), wait)));
    const result = await Promise.race([pending, idle]);
    clearTimeout(timer);
    if (result === 'idle') {
      wait = Math.min(wait * 2, IDLE_POLL_MAX_MS);
      quiet += 1;
      return 'idle';
    }
    wait = IDLE_POLL_MS;
    quiet = 0;
    pending = null;
    return result.done ? 'ended' : result.value;
  };
}

/** The events from `last + 1` up to and including the live message's event, reading any gap from the database. */
async function fill(scope: Scope, evaluationId: string, last: number, message: BusMessage): Promise<EvaluationEvent[]> {
  if (!('event' in message) || message.event.seq <= last) return [];
  const { event } = message;
  // Directly after what was sent, or after seqs that a dead writer lost for good.
  const previous = event.after ?? event.seq - 1;
  if (previous <= last) return [event];
  const deadline = Date.now() + GAP_WAIT_MS;
  for (;;) {
    const missing = await repo.listEvents(scope.db, { tenantId: scope.tenantId, evaluationId, afterSeq: last, beforeSeq: previous + 1 });
    if (missing.at(-1)?.seq === previous || Date.now() > deadline) return [...missing, event];
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
