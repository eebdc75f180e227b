import { describe, expect, it } from 'vitest';
import { auroc, averagePrecision, bestF1Threshold, binaryMetrics, prCurve } from '../../../server/triage/index.js';

const scores = [0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1];
const labels = [1, 1, 0, 1, 0, 0, 1, 0];

describe('binaryMetrics', () => {
  it('counts items scoring at or above the threshold as positive', () => {
    expect(binaryMetrics(scores, labels, 0.6)).toEqual({ tp: 3, fp: 1, tn: 3, fn: 1, precision: 0.75, recall: 0.75, f1: 0.75 });
  });

  it('reports zeros rather than NaN when nothing is predicted positive', () => {
    expect(binaryMetrics(scores, labels, 1)).toEqual({ tp: 0, fp: 0, tn: 4, fn: 4, precision: 0, recall: 0, f1: 0 });
  });
});

describe('auroc', () => {
  it('is the share of positive/negative pairs ranked the right way', () => {
    // Positives beat 4, 4, 3 and 1 of the 4 negatives: 12 of 16 pairs.
    expect(auroc(scores, labels)).toBe(12 / 16);
  });

  it('counts tied pairs as half', () => {
    expect(auroc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5);
    expect(auroc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBe(0.875);
  });

  it('is NaN when one class is missing', () => {
    expect(auroc([0.1, 0.2], [0, 0])).toBeNaN();
  });
});

describe('prCurve and averagePrecision', () => {
  it('gives one point per distinct score from the top down', () => {
    expect(prCurve([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toEqual([
      { threshold: 0.9, precision: 1, recall: 0.5 },
      { threshold: 0.5, precision: 2 / 3, recall: 1 },
      { threshold: 0.1, precision: 0.5, recall: 1 },
    ]);
    expect(averagePrecision([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBeCloseTo(0.5 + 0.5 * (2 / 3), 12);
  });

  it('finds the threshold with the best F1', () => {
    expect(bestF1Threshold(scores, labels)).toEqual({ threshold: 0.6, f1: 0.75 });
  });
});
