/** Latency figures of one sample, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samples: readonly number[] | Float64Array): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
  };
}

/** Milliseconds with a precision that suits their size. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value < 1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

/** "met" or "missed by X" against an upper bound, or a lower bound when `atLeast`. */
export function verdictOf(value: number, goal: number, options: { atLeast?: boolean; unit?: string } = {}): string {
  const unit = options.unit ?? ' ms';
  const ok = options.atLeast ? value >= goal : value <= goal;
  if (ok) return `met (${options.atLeast ? '≥' : '≤'} ${goal}${unit})`;
  const ratio = options.atLeast ? goal / value : value / goal;
  return `**missed**: ${ms(value)}${unit} vs ${goal}${unit} (${ratio.toFixed(1)}×)`;
}
