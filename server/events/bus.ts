import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from '@graphql-yoga/subscription';
import { setMaxListeners } from 'node:events';
import { Redis } from 'ioredis';
import type { BusMessage } from './types.js';

/**
 * Carries evaluation events from whoever produces them (a worker) to whoever listens (subscriptions,
 * `evaluate(wait: true)`, cancellation). In-process by default; over Redis pub/sub when `redisUrl`
 * is set, so a subscriber on one API process sees events produced by a worker in another.
 */
export interface EventBus {
  publish(message: BusMessage): void;
  /** Live messages for one evaluation from now on; `return()` on the iterator unsubscribes. */
  subscribe(evaluationId: string): AsyncIterableIterator<BusMessage>;
  close(): Promise<void>;
}

export function createEventBus(options: { readonly redisUrl: string | null }): EventBus {
  if (!options.redisUrl) {
    const eventTarget = new EventTarget();
    // Hundreds of subscribers on one evaluation are expected, not a leak.
    setMaxListeners(0, eventTarget);
    const pubsub = createPubSub<{ evaluation: [string, BusMessage] }>({ eventTarget: eventTarget as never });
    return { publish: (m) => pubsub.publish('evaluation', m.evaluationId, m), subscribe: (id) => iterator(pubsub.subscribe('evaluation', id)), close: async () => undefined };
  }
  const publishClient = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget<CustomEvent>({ publishClient, subscribeClient });
  const pubsub = createPubSub<{ evaluation: [string, BusMessage] }>({ eventTarget: eventTarget as never });
  return {
    publish: (m) => pubsub.publish('evaluation', m.evaluationId, m),
    subscribe: (id) => iterator(pubsub.subscribe('evaluation', id)),
    async close() {
      await Promise.all([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}

function iterator(source: AsyncIterable<BusMessage>): AsyncIterableIterator<BusMessage> {
  return source[Symbol.asyncIterator]() as AsyncIterableIterator<BusMessage>;
}
