import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type EventBus } from '../../../server/events/bus.js';
import type { BusMessage } from '../../../server/events/types.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { testEngine } from '../../helpers/database.js';
import { evaluateAndWait, publishPolicy } from '../../helpers/evaluate.js';
import { hasRedisServer, scratchRedis, type ScratchRedis } from '../../helpers/redis-server.js';
import { scriptedReasoner } from '../../helpers/scripted-reasoner.js';
import { collect, wsClient } from '../../helpers/ws-client.js';

const FRAGMENTS = ['Reading ', 'the policy; ', 'no sale ', 'here.'];
const EVENTS = `subscription($id: ID!) { evaluationEvents(evaluationId: $id) {
  __typename ... on ReasoningDelta { seq text } ... on StageChanged { seq status } ... on VerdictReached { seq } ... on EvaluationFinished { seq } } }`;

const message = (evaluationId: string, seq: number): BusMessage => ({ tenantId: 't', evaluationId, event: { type: 'StageChanged', seq, status: 'TRIAGE' } });

// A `next()` still pending when a wait times out is kept for the following wait, so none is lost.
const pending = new WeakMap<AsyncIterator<BusMessage>, Promise<IteratorResult<BusMessage>>>();

/** Subscribes and starts listening at once (the iterator attaches its listener on the first `next()`). */
function listen(bus: EventBus, evaluationId: string): AsyncIterator<BusMessage> {
  const live = bus.subscribe(evaluationId);
  pending.set(live, live.next());
  return live;
}

/** The next message on `live`, or 'none' after `ms`. */
async function nextWithin(live: AsyncIterator<BusMessage>, ms: number): Promise<BusMessage | 'none'> {
  const next = pending.get(live) ?? live.next();
  pending.set(live, next);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'none'>((resolve) => (timer = setTimeout(() => resolve('none'), ms)));
  const result = await Promise.race([next, timeout]);
  clearTimeout(timer);
  if (result === 'none') return 'none';
  pending.delete(live);
  return result.done ? 'none' : result.value;
}

describe.skipIf(!hasRedisServer)(`a Redis outage (${testEngine})`, () => {
  let redis: ScratchRedis;
  let app: TestApp;
  let admin: string;
  let url: string;
  const logged: string[] = [];
  beforeAll(async () => {
    redis = scratchRedis();
    await redis.start();
    const reasoner = scriptedReasoner({ reasoning: FRAGMENTS, delayMs: 20, label: 'NON_VIOLATING' });
    app = await createTestApp({}, { REDIS_URL: redis.url }, [reasoner.evaluator]);
    url = (await app.start(0)).url;
    admin = await app.token(['admin']);
    await publishPolicy(app, admin);
  });
  afterAll(async () => {
    await app?.close();
    await redis?.kill();
  });

  async function evaluateWhileSubscribed() {
    const submitted = await app.gql(`mutation($i: EvaluateInput!) { evaluate(input: $i) { ... on EvaluateSuccess { evaluation { id } } } }`,
      { i: { content: 'Selling a dog bed', policies: ['pets'] } }, admin);
    const client = wsClient(url, admin);
    const events = (await collect(client, EVENTS, { id: submitted.data.evaluate.evaluation.id })).map((r) => r.data!.evaluationEvents);
    await client.dispose();
    return events;
  }

  it('keeps the process up: evaluations finish and subscribers get every event while Redis is dead, and after it returns', async () => {
    expect((await evaluateAndWait(app, admin, { content: 'Selling a dog bed', policies: ['pets'] })).status).toBe('DECIDED');
    await redis.kill();
    const during = await evaluateAndWait(app, admin, { content: 'Selling a dog bed', policies: ['pets'] });
    expect(during.status).toBe('DECIDED');
    const events = await evaluateWhileSubscribed();
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.__typename === 'ReasoningDelta').map((e) => e.text)).toEqual(FRAGMENTS);
    expect(events.at(-1).__typename).toBe('EvaluationFinished');

    await redis.start();
    expect((await evaluateAndWait(app, admin, { content: 'Selling a dog bed', policies: ['pets'] })).status).toBe('DECIDED');
    expect((await evaluateWhileSubscribed()).at(-1).__typename).toBe('EvaluationFinished');
  }, 120_000);

  describe('between two processes\' buses', () => {
    let a: EventBus;
    let b: EventBus;
    beforeAll(async () => {
      await redis.start();
      a = createEventBus({ redisUrl: redis.url, log: (line) => logged.push(line) });
      b = createEventBus({ redisUrl: redis.url, log: (line) => logged.push(line) });
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    /** Publishes on `a` until `b` hears it (connections and subscriptions settle asynchronously). */
    async function deliveredAcross(evaluationId: string, seq: number): Promise<BusMessage | 'none'> {
      const live = listen(b, evaluationId);
      try {
        // Generous: reconnecting takes a few backoff steps, and the CI machine may be loaded.
        for (let attempt = 0; attempt < 400; attempt++) {
          a.publish(message(evaluationId, seq));
          const received = await nextWithin(live, 100);
          if (received !== 'none') return received;
        }
        return 'none';
      } finally {
        await live.return?.();
      }
    }

    it('publishes without throwing while Redis is down, delivers locally, and resumes delivery across once it returns', async () => {
      expect(await deliveredAcross('before', 1)).toEqual(message('before', 1));
      await redis.kill();
      const local = listen(a, 'during');
      const remote = listen(b, 'during');
      for (let seq = 1; seq <= 20; seq++) a.publish(message('during', seq));
      expect(await nextWithin(local, 1000)).toEqual(message('during', 1));
      expect(await nextWithin(remote, 300)).toBe('none');
      await local.return?.();
      await remote.return?.();

      await redis.start();
      expect(await deliveredAcross('after', 7)).toEqual(message('after', 7));
      expect(logged.some((line) => line.includes('unavailable'))).toBe(true);
      expect(logged.some((line) => line.includes('reconnected'))).toBe(true);
    }, 120_000);

    it('never delivers a message twice to a subscriber of the publishing process', async () => {
      const live = listen(a, 'once');
      await deliveredAcross('once', 3);
      const received: BusMessage[] = [];
      for (;;) {
        const next = await nextWithin(live, 300);
        if (next === 'none') break;
        received.push(next);
      }
      await live.return?.();
      // deliveredAcross may publish more than once before b hears it; each publish arrives once.
      expect(received.length).toBeGreaterThan(0);
      expect(new Set(received.map((m) => JSON.stringify(m))).size).toBe(1);
      const copies = received.length;
      const again = listen(a, 'once');
      a.publish(message('once', 4));
      expect(await nextWithin(again, 500)).toEqual(message('once', 4));
      expect(await nextWithin(again, 500)).toBe('none');
      await again.return?.();
      expect(copies).toBeGreaterThan(0);
    }, 120_000);
  });
});
