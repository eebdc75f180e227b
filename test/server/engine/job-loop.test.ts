import { describe, expect, it } from 'vitest';
import { startJobLoop } from '../../../server/engine/job-loop.js';

/** An in-memory queue: jobs are numbers; it records fetch sizes and how each job ended. */
function memorySource(jobs: number[]) {
  const ended: string[] = [];
  const fetches: number[] = [];
  return {
    ended, fetches,
    push: (...more: number[]) => jobs.push(...more),
    source: {
      fetch: async (count: number) => (fetches.push(count), jobs.splice(0, count)),
      complete: async (job: number) => void ended.push(`${job} completed`),
      fail: async (job: number, error: unknown) => void ended.push(`${job} failed: ${(error as Error).message}`),
    },
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

describe('job loop', () => {
  it('fetches in batches up to the capacity and ends each job on its own, not with its batch', async () => {
    const queue = memorySource([1, 2, 3, 4, 5, 6]);
    const gates = new Map<number, () => void>();
    let held = 0;
    const loop = startJobLoop({
      source: queue.source, pollMs: 1_000, maxBatch: 32,
      capacity: (n) => ((held = n), 4 - n),
      run: (job) => new Promise<void>((resolve, reject) => gates.set(job, () => (job === 2 ? reject(new Error('attempt failed: X')) : resolve()))),
    });
    await until(() => gates.size === 4);
    expect(queue.fetches[0]).toBe(4);
    expect(held).toBe(4);
    gates.get(2)!();
    gates.get(3)!();
    await until(() => gates.size === 6);
    expect(queue.ended).toEqual(['2 failed: attempt failed: X', '3 completed']);
    for (const job of [1, 4, 5, 6]) gates.get(job)!();
    await until(() => queue.ended.length === 6);
    await loop.stop(1_000);
  });

  it('looks again at once when woken, instead of sleeping out its polling interval', async () => {
    const queue = memorySource([]);
    const ran: number[] = [];
    const loop = startJobLoop({ source: queue.source, pollMs: 60_000, maxBatch: 8, capacity: (n) => 8 - n, run: async (job) => void ran.push(job) });
    await until(() => queue.fetches.length === 1);
    queue.push(7, 8);
    loop.wake();
    await until(() => ran.length === 2);
    expect(queue.ended).toEqual(['7 completed', '8 completed']);
    await loop.stop(1_000);
  });

  it('stops fetching on stop and waits for running jobs, up to the timeout', async () => {
    const queue = memorySource([1, 2]);
    let finish!: () => void;
    const loop = startJobLoop({ source: queue.source, pollMs: 10, maxBatch: 1, capacity: (n) => 1 - n, run: () => new Promise<void>((resolve) => (finish = resolve)) });
    await until(() => finish !== undefined);
    const stopping = loop.stop(5_000);
    setTimeout(() => finish(), 50);
    await stopping;
    expect(queue.ended).toEqual(['1 completed']);
    expect(queue.fetches).toEqual([1]);
  });

  it('hands back a job still running when the stop times out, and does not report its later end', async () => {
    const queue = memorySource([1]);
    let finish!: () => void;
    const loop = startJobLoop({ source: queue.source, pollMs: 10, maxBatch: 1, capacity: (n) => 1 - n, run: () => new Promise<void>((resolve) => (finish = resolve)) });
    await until(() => finish !== undefined);
    await loop.stop(20);
    expect(queue.ended).toEqual(['1 failed: the worker stopped while the job ran']);
    finish();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(queue.ended).toEqual(['1 failed: the worker stopped while the job ran']);
  });
});
