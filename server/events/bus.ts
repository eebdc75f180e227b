import { createPubSub } from '@graphql-yoga/subscription';
import { setMaxListeners } from 'node:events';
import { createRedisBus } from './redis-bus.js';
import type { BusMessage } from './types.js';

/**
 * Carries evaluation events from whoever produces them (a worker) to whoever listens (subscriptions,
 * `evaluate(wait: true)`, cancellation). In-process by default; over Redis pub/sub when `redisUrl`
 * is set, so a subscriber on one API process sees events produced by a worker in another. A Redis
 * outage never throws out of `publish` or `subscribe` (see redis-bus.ts).
 */
export interface EventBus {
  publish(message: BusMessage): void;
  /** Live messages for one evaluation from now on; `return()` on the iterator unsubscribes. */
  subscribe(evaluationId: string): AsyncIterableIterator<BusMessage>;
  close(): Promise<void>;
}

export function createEventBus(options: { readonly redisUrl: string | null; readonly log?: (line: string) => void }): EventBus {
  const local = createLocalBus();
  return options.redisUrl ? createRedisBus(options.redisUrl, local, options.log) : local;
}

/** Delivers within this process only. */
export function createLocalBus(): EventBus {
  const eventTarget = new EventTarget();
  // Hundreds of subscribers on one evaluation are expected, not a leak.
  setMaxListeners(0, eventTarget);
  const pubsub = createPubSub<{ evaluation: [string, BusMessage] }>({ eventTarget: eventTarget as never });
  return {
    publish: (m) => pubsub.publish('evaluation', m.evaluationId, m),
    subscribe: (id) => pubsub.subscribe('evaluation', id)[Symbol.asyncIterator]() as AsyncIterableIterator<BusMessage>,
    close: async () => undefined,
  };
}
