import { describe, expect, it } from 'vitest';
import { splitDataset } from '../../../server/datasets/index.js';

const items = Array.from({ length: 100 }, (_, i) => ({ id: i, positive: i % 10 === 0 }));

describe('splitDataset', () => {
  it('partitions the items, keeping input order within each part', () => {
    const split = splitDataset(items, { seed: 1, validation: 0.2, test: 0.1 });
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([70, 20, 10]);
    const ids = [...split.train, ...split.validation, ...split.test].map((item) => item.id).sort((a, b) => a - b);
    expect(ids).toEqual(items.map((item) => item.id));
    for (const part of [split.train, split.validation, split.test]) {
      expect(part.map((item) => item.id)).toEqual([...part.map((item) => item.id)].sort((a, b) => a - b));
    }
  });

  it('gives the same split for the same seed and another for another seed', () => {
    const ids = (seed: number) => splitDataset(items, { seed, validation: 0.3 }).validation.map((item) => item.id);
    expect(ids(5)).toEqual(ids(5));
    expect(ids(5)).not.toEqual(ids(6));
  });

  it('spreads a rare class over the parts when stratifying', () => {
    const split = splitDataset(items, { seed: 3, validation: 0.2, test: 0.2, stratify: (item) => String(item.positive) });
    const positives = (part: typeof items) => part.filter((item) => item.positive).length;
    expect([positives(split.train), positives(split.validation), positives(split.test)]).toEqual([6, 2, 2]);
  });

  it('rejects fractions that leave nothing to train on', () => {
    expect(() => splitDataset(items, { seed: 1, validation: 0.5, test: 0.5 })).toThrow(RangeError);
    expect(() => splitDataset(items, { seed: 1, validation: -0.1 })).toThrow(RangeError);
  });
});
