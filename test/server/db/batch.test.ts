import { describe, expect, it } from 'vitest';
import { batchLoader } from '../../../server/db/batch.js';

describe('batch loader', () => {
  it('fetches keys asked for in one burst with one call, and each waiter gets its own row', async () => {
    const calls: string[][] = [];
    const load = batchLoader(async (keys: readonly string[]) => {
      calls.push([...keys]);
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.toUpperCase()]));
    });
    const results = await Promise.all(['a', 'b', 'a', 'missing'].map(async (key, i) => (await Promise.resolve(i), load(key))));
    expect(results).toEqual(['A', 'B', 'A', undefined]);
    expect(calls).toEqual([['a', 'b', 'missing']]);
  });

  it('reads afresh for a later burst', async () => {
    let version = 1;
    const load = batchLoader(async (keys: readonly string[]) => new Map(keys.map((k) => [k, `${k}${version}`])));
    expect(await load('x')).toBe('x1');
    version = 2;
    expect(await load('x')).toBe('x2');
  });

  it('rejects every waiter of a batch whose query fails', async () => {
    const load = batchLoader(async () => { throw new Error('database down'); });
    await expect(Promise.all([load('a'), load('b')])).rejects.toThrow('database down');
  });

  it('fails only the key whose own query fails, and serves the other keys of the batch', async () => {
    const calls: string[][] = [];
    const load = batchLoader(async (keys: readonly string[]) => {
      calls.push([...keys]);
      if (keys.includes('bad')) throw new Error('invalid input syntax for type uuid: "bad"');
      return new Map(keys.map((k) => [k, k.toUpperCase()]));
    });
    const results = await Promise.allSettled(['a', 'bad', 'b', 'bad'].map((key) => load(key)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'A', 'invalid input syntax for type uuid: "bad"', 'B', 'invalid input syntax for type uuid: "bad"',
    ]);
    expect(calls).toEqual([['a', 'bad', 'b'], ['a'], ['bad'], ['b']]);
  });
});
