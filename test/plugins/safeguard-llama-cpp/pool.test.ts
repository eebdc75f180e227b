import { describe, expect, it } from 'vitest';
import { createPool } from '../../../plugins/safeguard-llama-cpp/pool.js';

describe('sequence pool', () => {
  it('hands out free items, then makes callers wait for a release, first come first served', async () => {
    const pool = createPool(['a']);
    const signal = new AbortController().signal;
    expect(await pool.acquire(signal)).toBe('a');
    const order: string[] = [];
    const first = pool.acquire(signal).then((item) => order.push(`first:${item}`));
    const second = pool.acquire(signal).then((item) => order.push(`second:${item}`));
    pool.release('a');
    await first;
    pool.release('a');
    await second;
    expect(order).toEqual(['first:a', 'second:a']);
  });

  it('rejects a waiting caller with an AbortError on abort, and skips it on release', async () => {
    const pool = createPool(['a']);
    await pool.acquire(new AbortController().signal);
    const controller = new AbortController();
    const abandoned = pool.acquire(controller.signal);
    const patient = pool.acquire(new AbortController().signal);
    controller.abort();
    await expect(abandoned).rejects.toMatchObject({ name: 'AbortError' });
    pool.release('a');
    expect(await patient).toBe('a');
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(createPool(['a']).acquire(controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
