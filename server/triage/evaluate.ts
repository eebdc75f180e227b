import type { Thresholds } from '../../plugins/triage-onnx/model-metadata.js';
import { triageOutcome, type TriageOutcome } from './calibrate.js';
import { auroc, averagePrecision, binaryMetrics, countPositives } from './metrics.js';

/** How a triage model does on a labelled set. */
export interface TriageMetrics {
  readonly n: number;
  readonly positives: number;
  /** Precision, recall and F1 at `decisionThreshold` (score ≥ threshold = violation). */
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly decisionThreshold: number;
  readonly auroc: number;
  readonly averagePrecision: number;
  readonly thresholds: Thresholds;
  /** The two-threshold triage on this set; `triage.recall` is the share of violations not cleared as safe. */
  readonly triage: TriageOutcome;
  readonly routedFraction: number;
}

/** Metrics of `scores` against 0/1 `labels`. */
export function evaluateScores(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  thresholds: Thresholds,
  decisionThreshold: number,
): TriageMetrics {
  const { precision, recall, f1 } = binaryMetrics(scores, labels, decisionThreshold);
  const triage = triageOutcome(scores, labels, thresholds);
  return {
    n: scores.length,
    positives: countPositives(labels),
    precision,
    recall,
    f1,
    decisionThreshold,
    auroc: auroc(scores, labels),
    averagePrecision: averagePrecision(scores, labels),
    thresholds,
    triage,
    routedFraction: triage.routedFraction,
  };
}
