import type { Thresholds } from '../../plugins/triage-onnx/model-metadata.js';
import { countPositives } from './metrics.js';

/** What a pair of thresholds does to a labelled set. */
export interface TriageOutcome {
  /** Share of items between the thresholds, sent on to the reasoner. */
  readonly routedFraction: number;
  readonly safeFraction: number;
  readonly violatingFraction: number;
  /** Share of violations not cleared as safe (decided violating or routed). */
  readonly recall: number;
  /** Share of the items decided violating that are violations (1 when none is). */
  readonly violatingPrecision: number;
}

export interface Calibration extends Thresholds, TriageOutcome {}

export interface CalibrateOptions {
  /** Precision the clear-violating band must reach on the validation items (default 0.95). */
  readonly targetPrecision?: number;
  /** Narrowest uncertain band (`violatingAbove - safeBelow`) a model may have (default 0.05). */
  readonly minBandWidth?: number;
}

/** The default narrowest uncertain band: items scoring inside it always go on to the reasoner. */
export const MIN_BAND_WIDTH = 0.05;

type Scores = ArrayLike<number>;
type Labels = ArrayLike<number>;

/**
 * Chooses `safeBelow` as high as possible while items scoring at or above it keep at least
 * `targetRecall` of the violations, and `violatingAbove` as low as possible while the items above
 * it reach the target precision. Cut-offs sit halfway between neighbouring scores, so float32
 * rounding at inference does not move an item across them.
 *
 * The uncertain band is never empty, or the classifier would decide every item without the
 * reasoner: a band narrower than `minBandWidth` is widened (violatingAbove up first, which only
 * decides fewer items; then safeBelow down, which only raises recall).
 */
export function calibrate(scores: Scores, labels: Labels, targetRecall: number, options: CalibrateOptions = {}): Calibration {
  if (!(targetRecall > 0 && targetRecall <= 1)) throw new RangeError('targetRecall must be in (0, 1]');
  const positives = countPositives(labels);
  if (positives === 0) throw new RangeError('calibration needs at least one positive item');
  const safeBelow = chooseSafeBelow(scores, labels, positives, targetRecall);
  const violatingAbove = Math.max(safeBelow, chooseViolatingAbove(scores, labels, options.targetPrecision ?? 0.95));
  const thresholds = widen({ safeBelow, violatingAbove }, options.minBandWidth ?? MIN_BAND_WIDTH);
  return { ...thresholds, ...triageOutcome(scores, labels, thresholds) };
}

function widen(thresholds: Thresholds, width: number): Thresholds {
  if (!(width > 0 && width <= 1)) throw new RangeError('minBandWidth must be in (0, 1]');
  if (thresholds.violatingAbove - thresholds.safeBelow >= width) return thresholds;
  const violatingAbove = Math.min(1, thresholds.safeBelow + width);
  return { safeBelow: Math.min(thresholds.safeBelow, Math.max(0, violatingAbove - width)), violatingAbove };
}

function chooseSafeBelow(scores: Scores, labels: Labels, positives: number, targetRecall: number): number {
  const positiveScores = Array.from(scores).filter((_, i) => labels[i] === 1).sort((a, b) => a - b);
  const allowedMisses = Math.floor(positives * (1 - targetRecall) + 1e-9);
  const cut = positiveScores[allowedMisses]!;
  let below = -Infinity;
  for (let i = 0; i < scores.length; i++) if (scores[i]! < cut && scores[i]! > below) below = scores[i]!;
  return below === -Infinity ? 0 : (below + cut) / 2;
}

function chooseViolatingAbove(scores: Scores, labels: Labels, targetPrecision: number): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let chosen = 1;
  let tp = 0;
  for (let k = 0; k < order.length; k++) {
    if (labels[order[k]!] === 1) tp++;
    const next = order[k + 1];
    if (next !== undefined && scores[next] === scores[order[k]!]) continue;
    if (tp / (k + 1) >= targetPrecision) chosen = next === undefined ? 0 : (scores[order[k]!]! + scores[next]!) / 2;
  }
  return chosen;
}

/** Applies `thresholds` to labelled scores: score < safeBelow is safe, score > violatingAbove violating. */
export function triageOutcome(scores: Scores, labels: Labels, thresholds: Thresholds): TriageOutcome {
  let safe = 0, violating = 0, keptPositives = 0, violatingTrue = 0;
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i]!;
    if (score < thresholds.safeBelow) safe++;
    else if (labels[i] === 1) keptPositives++;
    if (score > thresholds.violatingAbove) (violating++), (violatingTrue += labels[i] === 1 ? 1 : 0);
  }
  const n = Math.max(scores.length, 1);
  const positives = countPositives(labels);
  return {
    routedFraction: (scores.length - safe - violating) / n,
    safeFraction: safe / n,
    violatingFraction: violating / n,
    recall: positives > 0 ? keptPositives / positives : 1,
    violatingPrecision: violating > 0 ? violatingTrue / violating : 1,
  };
}
