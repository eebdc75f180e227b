import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calibrate, MIN_BAND_WIDTH, triageOutcome } from '../../../server/triage/index.js';

// 20 items: positives mostly high, one positive hiding low.
const scores = [0.02, 0.04, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95];
const labels = [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1];

describe('calibrate', () => {
  it('keeps every violation above safeBelow at recall 1 and finds the high-precision band', () => {
    expect(calibrate(scores, labels, 1, { targetPrecision: 0.95 })).toEqual({
      safeBelow: (0.05 + 0.08) / 2,
      // Top five are all violations; adding the sixth (0.6, safe) drops precision to 5/6.
      violatingAbove: (0.7 + 0.6) / 2,
      routedFraction: 0.6,
      safeFraction: 0.15,
      violatingFraction: 0.25,
      recall: 1,
      violatingPrecision: 1,
    });
  });

  it('lets the lowest violations go when the target recall allows it', () => {
    // 8 positives at 0.85 recall: one may be cleared, so the cut moves up to the next positive (0.35).
    const calibration = calibrate(scores, labels, 0.85, { targetPrecision: 0.8 });
    expect(calibration).toMatchObject({ safeBelow: (0.3 + 0.35) / 2, violatingAbove: (0.45 + 0.5) / 2, recall: 7 / 8 });
    expect(calibration.violatingPrecision).toBeGreaterThanOrEqual(0.8);
    expect(calibration.routedFraction).toBeCloseTo(3 / 20, 12);
  });

  it('decides nothing violating when no band reaches the target precision', () => {
    expect(calibrate([0.9, 0.1, 0.5], [0, 1, 0], 1).violatingAbove).toBe(1);
  });

  it('keeps a non-empty uncertain band on perfectly separated scores', () => {
    // Before: both thresholds landed on 0.5, so every item was decided without the reasoner.
    const calibration = calibrate([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 1);
    expect(calibration).toEqual({ safeBelow: 0.5, violatingAbove: 0.55, routedFraction: 0, safeFraction: 0.5, violatingFraction: 0.5, recall: 1, violatingPrecision: 1 });
    expect(calibration.violatingAbove - calibration.safeBelow).toBeCloseTo(MIN_BAND_WIDTH, 12);
  });

  it('widens the band downwards when it sits against 1, which only raises recall', () => {
    expect(calibrate([0.9, 0.96, 0.99, 0.995], [0, 1, 1, 1], 1, { minBandWidth: 0.2 })).toMatchObject({ safeBelow: 0.8, violatingAbove: 1, recall: 1 });
  });

  it('never returns a band narrower than asked for', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1)), { minLength: 1, maxLength: 40 }),
      fc.double({ min: 0.01, max: 1, noNaN: true }),
      (pairs, width) => {
        fc.pre(pairs.some(([, y]) => y === 1));
        const c = calibrate(pairs.map(([s]) => s), pairs.map(([, y]) => y), 0.9, { minBandWidth: width });
        return c.violatingAbove - c.safeBelow >= width - 1e-12 && c.safeBelow >= 0 && c.violatingAbove <= 1;
      },
    ));
  });

  it('rejects a set without violations and an impossible target', () => {
    expect(() => calibrate(scores, labels, 1, { minBandWidth: 0 })).toThrow(RangeError);
    expect(() => calibrate([0.1, 0.2], [0, 0], 0.95)).toThrow(RangeError);
    expect(() => calibrate(scores, labels, 0)).toThrow(RangeError);
  });
});

describe('triageOutcome', () => {
  it('splits items into safe, routed and violating by the thresholds', () => {
    expect(triageOutcome([0.01, 0.5, 0.99, 0.2], [0, 1, 1, 1], { safeBelow: 0.3, violatingAbove: 0.9 })).toEqual({
      routedFraction: 0.25,
      safeFraction: 0.5,
      violatingFraction: 0.25,
      recall: 2 / 3,
      violatingPrecision: 1,
    });
  });
});
