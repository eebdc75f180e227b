import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { eventSeqState, insertEvents, releaseEventSeqs, reserveEventSeqs } from '../domain/evaluations/repository.js';
import type { EventBus } from '../events/bus.js';
import type { EvaluationEvent } from '../events/types.js';
import { logger } from './log.js';

type Unsequenced = EvaluationEvent extends infer E ? (E extends EvaluationEvent ? Omit<E, 'seq' | 'after'> : never) : never;

/** Numbers, publishes and persists the events of one evaluation run. */
export interface EventWriter {
  /**
   * Publishes at once and persists in batches (every 50 ms or 64 events). Emits run in call
   * order; the promise never rejects (a failure is kept for {@link EventWriter.close}).
   */
  emit(event: Unsequenced): Promise<void>;
  /** Persists whatever is still buffered; never rejects (a batch that cannot be written is logged and skipped). */
  flush(): Promise<void>;
  /** Flushes, then gives back unused reserved seqs when nothing was lost. Rejects if seqs could not be reserved. */
  close(): Promise<void>;
}

const FLUSH_EVERY_MS = 50;
const FLUSH_AT = 64;
/** Seqs reserved per database round trip; a crash skips at most this many. */
const RESERVE_BLOCK = 64;
const RETRY_DELAYS_MS = [50, 250, 1_000];

type Args = { readonly db: Kysely<Database>; readonly bus: EventBus; readonly tenantId: string; readonly evaluationId: string };

/**
 * Continues the evaluation's sequence above every seq any earlier writer may have published:
 * seqs are reserved in the database before they are used, so a writer that died with events
 * published but not yet persisted can never have its seqs handed out again.
 */
export async function createEventWriter(args: Args): Promise<EventWriter> {
  const state = await eventSeqState(args.db, args);
  let seq = Math.max(state.persisted, state.reserved);
  let reserved = seq;
  // Seqs between the persisted history and here were published by a dead writer and are lost.
  let after: number | null = state.reserved > state.persisted ? state.persisted : null;
  let buffer: EvaluationEvent[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  let order: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  let lost = false;

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = buffer;
    buffer = [];
    // Batches are written in order, each after the previous one, each failing on its own.
    writing = writing.then(() => writeBatch(args, batch)).then((ok) => void (lost ||= !ok));
    return writing;
  };

  const emitNow = async (partial: Unsequenced): Promise<void> => {
    if (seq + 1 > reserved) reserved = await reserveEventSeqs(args.db, { ...args, upTo: seq + RESERVE_BLOCK });
    seq += 1;
    const event = { ...partial, seq, ...(after === null ? {} : { after }) } as EvaluationEvent;
    after = null;
    buffer.push(event);
    try {
      args.bus.publish({ tenantId: args.tenantId, evaluationId: args.evaluationId, event });
    } catch (error) {
      logger.warn({ err: error, evaluationId: args.evaluationId }, 'event bus publish failed; subscribers read the event back from the database');
    }
    if (buffer.length >= FLUSH_AT) void flush();
    else timer ??= setTimeout(() => void flush(), FLUSH_EVERY_MS);
  };

  return {
    emit(partial) {
      order = order.then(() => (failure === null ? emitNow(partial) : undefined)).catch((error: unknown) => void (failure ??= error));
      return order;
    },
    async flush() {
      await order;
      await flush();
    },
    async close() {
      await order;
      await flush();
      if (failure !== null) throw failure;
      if (!lost && reserved > seq) {
        await releaseEventSeqs(args.db, { ...args, last: seq, reserved }).catch(() => undefined);
      }
    },
  };
}

/** Writes one batch, retrying with backoff, then event by event so one bad event loses only itself. */
async function writeBatch(args: Args, batch: readonly EvaluationEvent[]): Promise<boolean> {
  if (batch.length === 0) return true;
  const write = (events: readonly EvaluationEvent[]) => insertEvents(args.db, { tenantId: args.tenantId, evaluationId: args.evaluationId, events });
  for (const delay of [0, ...RETRY_DELAYS_MS]) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      await write(batch);
      return true;
    } catch (error) {
      logger.warn({ err: error, evaluationId: args.evaluationId, events: batch.length }, 'event batch write failed; retrying');
    }
  }
  let ok = true;
  for (const event of batch) {
    try {
      await write([event]);
    } catch (error) {
      ok = false;
      logger.error({ err: error, evaluationId: args.evaluationId, seq: event.seq, type: event.type }, 'event could not be stored; skipped');
    }
  }
  return ok;
}
