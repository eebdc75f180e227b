/**
 * McNemar's exact test (two-sided) for paired classifiers: `b` items only the base got right,
 * `c` items only the candidate got right. Under the null each discordant pair is a fair coin,
 * so p = min(1, 2 · P[X ≤ min(b, c)]) with X ~ Binomial(b + c, 1/2). Null when there is no
 * discordant pair (nothing to test).
 */
export function mcnemarExactP(b: number, c: number): number | null {
  const n = b + c;
  if (n === 0) return null;
  const k = Math.min(b, c);
  // Sum in log space so n in the thousands neither overflows nor underflows to nonsense.
  let logTerm = -n * Math.LN2; // log C(n,0) / 2^n
  let tail = Math.exp(logTerm);
  for (let i = 1; i <= k; i += 1) {
    logTerm += Math.log(n - i + 1) - Math.log(i);
    tail += Math.exp(logTerm);
  }
  return Math.min(1, 2 * tail);
}
