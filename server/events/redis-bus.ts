import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { EventBus } from './bus.js';
import type { BusMessage } from './types.js';

/** How a message crosses Redis: who sent it, so the sender does not deliver it twice. */
interface Envelope {
  readonly origin: string;
  readonly message: BusMessage;
}

const CHANNEL_PREFIX = 'arbiter:evaluation:';

/**
 * The event bus over Redis pub/sub, built so that Redis going away never stops the process:
 * every message is delivered to this process's own subscribers at once, without Redis; it is
 * also published to Redis for other processes when the connection is up, and dropped (not
 * queued) when it is down. Subscribers replay what they missed from the stored events table
 * (see domain/evaluations/stream.ts), so a dropped message delays delivery, never loses it.
 * Both connections reconnect by themselves (ioredis), and subscriptions are renewed on reconnect.
 */
export function createRedisBus(redisUrl: string, local: EventBus, log: (line: string) => void = console.error): EventBus {
  const origin = randomUUID();
  // No offline queue: a publish while Redis is down fails at once instead of piling up in memory.
  const publisher = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy });
  // Subscriptions wait for the connection instead (never rejected for retries), and are renewed on reconnect.
  const subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null, autoResubscribe: true, retryStrategy });
  watch(publisher, 'publish', log);
  watch(subscriber, 'subscribe', log);
  const counts = new Map<string, number>();

  subscriber.on('message', (channel: string, raw: string) => {
    const envelope = parse(raw);
    if (!envelope || envelope.origin === origin || !channel.startsWith(CHANNEL_PREFIX)) return;
    local.publish(envelope.message);
  });

  return {
    publish(message) {
      local.publish(message);
      if (publisher.status !== 'ready') return;
      const envelope: Envelope = { origin, message };
      publisher.publish(CHANNEL_PREFIX + message.evaluationId, JSON.stringify(envelope)).catch(() => undefined);
    },
    subscribe(evaluationId) {
      const channel = CHANNEL_PREFIX + evaluationId;
      const count = counts.get(channel) ?? 0;
      counts.set(channel, count + 1);
      if (count === 0) subscriber.subscribe(channel).catch(() => undefined);
      const inner = local.subscribe(evaluationId);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const left = (counts.get(channel) ?? 1) - 1;
        if (left > 0) return void counts.set(channel, left);
        counts.delete(channel);
        subscriber.unsubscribe(channel).catch(() => undefined);
      };
      return {
        next: () => inner.next(),
        async return(value?: unknown) {
          release();
          return (await inner.return?.(value)) ?? { done: true, value: undefined };
        },
        async throw(error?: unknown) {
          release();
          return inner.throw ? inner.throw(error) : Promise.reject(error);
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
    async close() {
      await Promise.all([publisher, subscriber].map(shutdown));
      await local.close();
    },
  };
}

/** Reconnect attempts every 100 ms, backing off to one a second while Redis stays away. */
const retryStrategy = (attempt: number): number => Math.min(attempt * 100, 1000);

/** Logs each outage once, when the connection drops, and once when it is back; never throws. */
function watch(client: Redis, role: string, log: (line: string) => void): void {
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log(`event bus: redis (${role}) unavailable, events go through the database until it is back: ${error.message}`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log(`event bus: redis (${role}) reconnected`);
  });
}

async function shutdown(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // fall through: the connection went away while quitting
    }
  }
  client.disconnect();
}

function parse(raw: string): Envelope | null {
  try {
    const value = JSON.parse(raw) as Envelope;
    return typeof value?.origin === 'string' && typeof value.message?.evaluationId === 'string' ? value : null;
  } catch {
    return null;
  }
}
