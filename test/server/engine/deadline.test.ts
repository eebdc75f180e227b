import { describe, expect, it } from 'vitest';
import { withDeadline } from '../../../server/engine/deadline.js';

const until = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));

describe('stage deadlines', () => {
  it('aborts the work with a TimeoutError once the deadline passes', async () => {
    await expect(withDeadline(new AbortController().signal, 20, until)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it("aborts with the parent's reason when the parent aborts first", async () => {
    const parent = new AbortController();
    const pending = withDeadline(parent.signal, 10_000, until);
    parent.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
  });

  it('returns what the work returns, before the deadline', async () => {
    expect(await withDeadline(new AbortController().signal, 1_000, async () => 42)).toBe(42);
  });
});
