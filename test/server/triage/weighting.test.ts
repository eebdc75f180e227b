import { describe, expect, it } from 'vitest';
import { inverseDocumentFrequency, weighVector } from '../../../server/triage/index.js';

const vector = (indices: number[], values: number[]) => ({ indices: Int32Array.from(indices), values: Float32Array.from(values) });

describe('inverseDocumentFrequency', () => {
  it('gives ln((1 + n) / (1 + df)) + 1 per bucket, highest for buckets no item has', () => {
    const idf = inverseDocumentFrequency([vector([0, 1], [1, 1]), vector([1, 2], [1, 1]), vector([1], [2])], 4);
    expect(Array.from(idf)).toEqual([Math.log(4 / 2) + 1, Math.log(4 / 4) + 1, Math.log(4 / 2) + 1, Math.log(4 / 1) + 1].map(Math.fround));
  });
});

describe('weighVector', () => {
  it('multiplies each value by its bucket weight and L2-normalises the result', () => {
    const weighed = weighVector(vector([1, 3], [1, 2]), Float32Array.of(9, 3, 9, 2));
    expect(Array.from(weighed.indices)).toEqual([1, 3]);
    expect(Array.from(weighed.values)).toEqual([0.6, 0.8].map(Math.fround)); // (3, 4) / 5
  });

  it('leaves an empty vector empty', () => {
    expect(weighVector(vector([], []), Float32Array.of(1))).toEqual(vector([], []));
  });
});
