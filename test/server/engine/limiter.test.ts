import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAimdLimit } from '../../../server/engine/limiter/aimd.js';
import { createReasoningSlots } from '../../../server/engine/limiter/slots.js';
import { capacity } from '../../../server/engine/worker.js';

describe('AIMD limit on time to first token', () => {
  it('grows by one per good sample in slow start, up to its max', () => {
    const limit = createAimdLimit({ max: 20, initial: 8 });
    for (let i = 0; i < 30; i += 1) limit.observe({ ttftMs: 100, startedAt: i, inFlightAtStart: limit.current() }, i);
    expect(limit.current()).toBe(20);
  });

  it('does not grow while calls are few: the limit was not what held them back', () => {
    const limit = createAimdLimit({ max: 64, initial: 16 });
    for (let i = 0; i < 50; i += 1) limit.observe({ ttftMs: 100, startedAt: i, inFlightAtStart: 3 }, i);
    expect(limit.current()).toBe(16);
  });

  it('backs off once per round when time to first token rises, and grows slowly afterwards', () => {
    const limit = createAimdLimit({ max: 128, initial: 64, backoff: 0.5, slackMs: 50 });
    limit.observe({ ttftMs: 100, startedAt: 0, inFlightAtStart: 64 }, 1);
    expect(limit.current()).toBe(65);
    limit.observe({ ttftMs: 400, startedAt: 2, inFlightAtStart: 65 }, 10); // queueing: 400 > 2 × 100 + 50
    expect(limit.current()).toBe(32);
    limit.observe({ ttftMs: 500, startedAt: 5, inFlightAtStart: 65 }, 11); // started before the decrease: same congestion
    expect(limit.current()).toBe(32);
    for (let i = 0; i < 32; i += 1) limit.observe({ ttftMs: 100, startedAt: 20 + i, inFlightAtStart: 32 }, 20 + i);
    expect(limit.current()).toBe(33); // congestion avoidance: about one per round
  });

  it('never drops below its min however congested the server is', () => {
    const limit = createAimdLimit({ max: 128, initial: 16, min: 4 });
    limit.observe({ ttftMs: 10, startedAt: 0, inFlightAtStart: 1 }, 0);
    for (let i = 1; i < 100; i += 1) limit.observe({ ttftMs: 10_000, startedAt: i, inFlightAtStart: 16 }, i + 0.5);
    expect(limit.current()).toBe(4);
  });

  it('re-baselines within two windows when the server got slower for good', () => {
    const limit = createAimdLimit({ max: 128, initial: 16, window: 10 });
    for (let i = 0; i < 10; i += 1) limit.observe({ ttftMs: 10, startedAt: i, inFlightAtStart: 1 }, i);
    for (let i = 10; i < 30; i += 1) limit.observe({ ttftMs: 300, startedAt: i, inFlightAtStart: 1 }, i);
    expect(limit.baselineMs()).toBe(300);
  });
});

describe('reasoning slots', () => {
  const never = new AbortController().signal;

  it('grants in order of arrival as slots free, never more than the limit', async () => {
    const slots = createReasoningSlots({ max: 2, initial: 2 });
    const first = await slots.acquire(never);
    await slots.acquire(never);
    const order: number[] = [];
    const third = slots.acquire(never).then((p) => (order.push(3), p));
    const fourth = slots.acquire(never).then((p) => (order.push(4), p));
    expect(slots.stats()).toMatchObject({ inFlight: 2, waiting: 2 });
    first.release();
    first.release(); // twice is once
    await third;
    expect(slots.stats()).toMatchObject({ inFlight: 2, waiting: 1 });
    (await third).release();
    await fourth;
    expect(order).toEqual([3, 4]);
  });

  it('rejects a waiter whose signal aborts with its reason, and drops it from the line', async () => {
    const slots = createReasoningSlots({ max: 1, initial: 1 });
    const held = await slots.acquire(never);
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort(new Error('evaluation cancelled'));
    await expect(waiting).rejects.toThrow('evaluation cancelled');
    expect(slots.stats()).toMatchObject({ inFlight: 1, waiting: 0 });
    held.release();
    expect(slots.stats()).toMatchObject({ inFlight: 0, waiting: 0 });
  });

  it('keeps in flight at or under the limit and grants or rejects every request, whatever the order of events', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.array(fc.constantFrom('acquire', 'release', 'abort', 'token'), { maxLength: 60 }), async (max, steps) => {
      const slots = createReasoningSlots({ max, initial: max, min: 1 });
      const permits: { release(): void; firstToken(): void }[] = [];
      const pending: { controller: AbortController; settled: Promise<unknown> }[] = [];
      for (const step of steps) {
        if (step === 'acquire') {
          const controller = new AbortController();
          pending.push({ controller, settled: slots.acquire(controller.signal).then((p) => void permits.push(p), () => undefined) });
        } else if (step === 'release') permits.shift()?.release();
        else if (step === 'token') permits[0]?.firstToken();
        else pending.shift()?.controller.abort(new Error('cancelled'));
        await Promise.resolve();
        expect(slots.stats().inFlight).toBeLessThanOrEqual(max);
      }
      for (const p of pending) p.controller.abort(new Error('cancelled'));
      while (permits.length > 0) permits.shift()!.release();
      await Promise.all(pending.map((p) => p.settled));
      while (permits.length > 0) permits.shift()!.release();
      expect(slots.stats()).toMatchObject({ inFlight: 0, waiting: 0 });
    }));
  });
});

describe('job intake capacity', () => {
  const slotsWith = (inFlight: number, waiting: number, max = 16) => ({ max, stats: () => ({ inFlight, waiting, limit: max, baselineMs: 1 }), acquire: () => Promise.reject(new Error('unused')), onChange: () => undefined });

  it('takes jobs for triage while every reasoning slot is busy', () => {
    expect(capacity(slotsWith(16, 0), 4, 16)).toBe(4);
    expect(capacity(slotsWith(16, 0), 4, 18)).toBe(2);
  });

  it('stops when jobs outside model calls reach the concurrency, or a full round waits for a slot', () => {
    expect(capacity(slotsWith(3, 0), 4, 7)).toBe(0);
    expect(capacity(slotsWith(16, 16), 4, 32)).toBe(0);
    expect(capacity(slotsWith(16, 14), 4, 30)).toBe(2);
  });
});
