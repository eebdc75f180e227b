import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { insertEvents, lastEventSeq } from '../domain/evaluations/repository.js';
import type { EventBus } from '../events/bus.js';
import type { EvaluationEvent } from '../events/types.js';

type Unsequenced = EvaluationEvent extends infer E ? (E extends EvaluationEvent ? Omit<E, 'seq'> : never) : never;

/** Numbers, publishes and persists the events of one evaluation run. */
export interface EventWriter {
  /**
   * Publishes at once and persists in batches (every 50 ms or 64 events). The state an event
   * announces is already in the database when it is emitted, and subscribers read any event
   * they missed live back from the database once its batch lands.
   */
  emit(event: Unsequenced): Promise<void>;
  /** Persists whatever is still buffered. */
  flush(): Promise<void>;
}

const FLUSH_EVERY_MS = 50;
const FLUSH_AT = 64;

/**
 * Continues the evaluation's gap-free sequence from what is persisted. One writer per
 * evaluation at a time: the job queue never runs the same job twice at once.
 */
export async function createEventWriter(args: {
  readonly db: Kysely<Database>;
  readonly bus: EventBus;
  readonly tenantId: string;
  readonly evaluationId: string;
}): Promise<EventWriter> {
  let seq = await lastEventSeq(args.db, args);
  let buffer: EvaluationEvent[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = buffer;
    buffer = [];
    // Batches are written in order, each after the previous one.
    writing = writing.then(() => insertEvents(args.db, { tenantId: args.tenantId, evaluationId: args.evaluationId, events: batch }));
    return writing;
  };

  return {
    async emit(partial) {
      seq += 1;
      const event = { ...partial, seq } as EvaluationEvent;
      buffer.push(event);
      args.bus.publish({ tenantId: args.tenantId, evaluationId: args.evaluationId, event });
      if (buffer.length >= FLUSH_AT) return flush();
      timer ??= setTimeout(() => void flush().catch(() => undefined), FLUSH_EVERY_MS);
    },
    flush,
  };
}
