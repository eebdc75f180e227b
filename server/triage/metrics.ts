// Binary classification metrics over scores in [0, 1] and 0/1 labels.

export interface ConfusionCounts {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export interface BinaryMetrics extends ConfusionCounts {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** One point of the precision-recall curve: predicting positive when score ≥ threshold. */
export interface PrPoint {
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
}

type Scores = ArrayLike<number>;
type Labels = ArrayLike<number>;

/** Precision, recall and F1 when items scoring ≥ `threshold` are predicted positive (0 when undefined). */
export function binaryMetrics(scores: Scores, labels: Labels, threshold: number): BinaryMetrics {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const predicted = scores[i]! >= threshold;
    if (labels[i] === 1) predicted ? tp++ : fn++;
    else predicted ? fp++ : tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, tn, fn, precision, recall, f1 };
}

/** Area under the ROC curve (Mann–Whitney, ties count half); NaN without both classes. */
export function auroc(scores: Scores, labels: Labels): number {
  const order = sortedIndices(scores, 'ascending');
  let rankSumPositives = 0, positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++;
    const averageRank = (start + end + 1) / 2; // ranks are 1-based
    for (let k = start; k < end; k++) if (labels[order[k]!] === 1) (rankSumPositives += averageRank), positives++;
    start = end;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The precision-recall curve, one point per distinct score, from the highest threshold down. */
export function prCurve(scores: Scores, labels: Labels): PrPoint[] {
  const order = sortedIndices(scores, 'descending');
  const positives = countPositives(labels);
  const points: PrPoint[] = [];
  let tp = 0;
  for (let k = 0; k < order.length; k++) {
    if (labels[order[k]!] === 1) tp++;
    const score = scores[order[k]!]!;
    if (k + 1 < order.length && scores[order[k + 1]!] === score) continue;
    points.push({ threshold: score, precision: tp / (k + 1), recall: positives > 0 ? tp / positives : 0 });
  }
  return points;
}

/** Average precision: the step-wise area under {@link prCurve}. */
export function averagePrecision(scores: Scores, labels: Labels): number {
  let area = 0, previousRecall = 0;
  for (const point of prCurve(scores, labels)) {
    area += (point.recall - previousRecall) * point.precision;
    previousRecall = point.recall;
  }
  return area;
}

/** The threshold (one of the scores) with the highest F1, and that F1. */
export function bestF1Threshold(scores: Scores, labels: Labels): { readonly threshold: number; readonly f1: number } {
  let best = { threshold: 0.5, f1: 0 };
  for (const { threshold, precision, recall } of prCurve(scores, labels)) {
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    if (f1 > best.f1) best = { threshold, f1 };
  }
  return best;
}

export function countPositives(labels: Labels): number {
  let count = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) count++;
  return count;
}

function sortedIndices(scores: Scores, direction: 'ascending' | 'descending'): number[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => sign * (scores[a]! - scores[b]!) || a - b);
}
