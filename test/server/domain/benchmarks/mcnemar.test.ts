import { describe, expect, it } from 'vitest';
import { mcnemarExactP } from '../../../../server/domain/benchmarks/mcnemar.js';

describe("McNemar's exact test", () => {
  it('matches two-sided binomial p-values computed by hand', () => {
    // b=1, c=5: 2 · (C(6,0)+C(6,1)) / 2^6 = 2 · 7/64.
    expect(mcnemarExactP(1, 5)).toBeCloseTo(14 / 64, 15);
    // b=0, c=10: 2 / 2^10.
    expect(mcnemarExactP(0, 10)).toBeCloseTo(2 / 1024, 15);
    // b=3, c=12: 2 · Σ_{i≤3} C(15,i) / 2^15 = 2 · (1+15+105+455)/32768.
    expect(mcnemarExactP(12, 3)).toBeCloseTo((2 * 576) / 32768, 15);
  });

  it('caps at 1 for balanced discordance and is null without discordant pairs', () => {
    expect(mcnemarExactP(4, 4)).toBe(1);
    expect(mcnemarExactP(1, 1)).toBe(1);
    expect(mcnemarExactP(0, 0)).toBeNull();
  });

  it('stays finite and tiny for thousands of discordant pairs', () => {
    const p = mcnemarExactP(0, 2000)!;
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1e-300);
    expect(mcnemarExactP(1000, 1000)).toBe(1);
  });
});
