import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { extractFeatures, type FeatureConfig, type SparseVector } from '../../plugins/triage-onnx/features.js';
import type { Thresholds } from '../../plugins/triage-onnx/model-metadata.js';
import { throwIfAborted } from '../../sdk/index.js';
import type { LabeledItem } from '../datasets/types.js';
import { calibrate } from './calibrate.js';
import { evaluateScores, type TriageMetrics } from './evaluate.js';
import type { FitOptions, TrainingSet } from './fit.js';
import { trainLogistic } from './logistic.js';
import { bestF1Threshold } from './metrics.js';
import { trainMlp } from './mlp.js';
import { scoreVectors, type TriageNetwork } from './network.js';
import { onnxForNetwork } from './package.js';
import { calibrationPlan, subset } from './plan.js';
import { resolveSettings, type TrainingOverrides, type TrainingSettings } from './options.js';
import { inverseDocumentFrequency, weighVector } from './weighting.js';

/** Progress of {@link trainTriageModel}: featurising, then one event per epoch, then calibrating. */
export interface TrainingProgress {
  readonly phase: 'features' | 'training' | 'calibrating';
  readonly epoch: number;
  readonly epochs: number;
  /** Mean weighted training log-loss of the epoch just finished (null outside `training`). */
  readonly loss: number | null;
}

export interface TrainTriageModelInput extends TrainingOverrides {
  /** Labelled items; those without `labelKey` are left out (and counted). */
  readonly items: readonly LabeledItem[];
  readonly labelKey: string;
  readonly seed?: number;
  /** Policy rule ids a VIOLATING triage verdict of this model cites. */
  readonly ruleIds?: readonly string[];
  readonly onProgress?: (progress: TrainingProgress) => void;
  readonly signal?: AbortSignal;
}

export interface TrainTriageModelResult {
  /** The ONNX model, metadata (features, thresholds) included. */
  readonly onnx: Uint8Array;
  /** Metrics on the validation split the thresholds were calibrated on. */
  readonly metrics: TriageMetrics;
  readonly thresholds: Thresholds;
  readonly featureConfig: FeatureConfig;
  readonly network: TriageNetwork;
  /** The held-out (out-of-fold) scores and labels the thresholds came from, to recalibrate without retraining. */
  readonly calibrationSet: { readonly scores: Float64Array; readonly labels: Uint8Array };
  readonly counts: { readonly train: number; readonly validation: number; readonly unlabeled: number };
}

/** Trains, calibrates and exports a triage classifier; deterministic for a given seed. */
export async function trainTriageModel(input: TrainTriageModelInput): Promise<TrainTriageModelResult> {
  const settings = resolveSettings(input);
  const seed = input.seed ?? 1;
  const labelled = input.items.filter((item) => item.labels[input.labelKey] !== undefined);
  const report = (progress: TrainingProgress) => input.onProgress?.(progress);
  const fits = (folds: number) => (settings.calibrationFolds >= 2 ? folds + 1 : 1) * settings.epochs;
  report({ phase: 'features', epoch: 0, epochs: fits(settings.calibrationFolds), loss: null });
  const set = await featurise(labelled, input.labelKey, settings.features, input.signal);
  const plan = calibrationPlan(set.labels, settings.calibrationFolds, settings.validationFraction, seed);
  const epochs = fits(plan.folds.length);
  let done = 0;
  const train = (indices: readonly number[]) =>
    fitNetwork(subset(set, indices), settings, {
      seed: seed ^ 0x5bd1e995, signal: input.signal,
      onEpoch: (_, loss) => report({ phase: 'training', epoch: ++done, epochs, loss }),
    });
  const heldOut = plan.folds.flatMap((fold) => fold.heldOut);
  const scores = new Float64Array(heldOut.length);
  let network: TriageNetwork | undefined;
  for (const [k, fold] of plan.folds.entries()) {
    network = await train(fold.train);
    const offset = plan.folds.slice(0, k).reduce((sum, f) => sum + f.heldOut.length, 0);
    scores.set(scoreVectors(network, subset(set, fold.heldOut).vectors), offset);
  }
  if (plan.refit) network = await train(Array.from(set.labels, (_, i) => i));
  report({ phase: 'calibrating', epoch: epochs, epochs, loss: null });
  const labels = Uint8Array.from(heldOut, (i) => set.labels[i]!);
  const metrics = calibratedMetrics(scores, labels, settings);
  const onnx = onnxForNetwork({ network: network!, settings, metrics, labelKey: input.labelKey, ruleIds: input.ruleIds ?? [] });
  const counts = { train: plan.refit ? set.labels.length : plan.folds[0]!.train.length, validation: heldOut.length, unlabeled: input.items.length - labelled.length };
  const calibrationSet = { scores, labels };
  return { onnx, metrics, thresholds: metrics.thresholds, featureConfig: settings.features, network: network!, calibrationSet, counts };
}

function calibratedMetrics(scores: Float64Array, labels: Uint8Array, settings: TrainingSettings): TriageMetrics {
  const calibration = calibrate(scores, labels, settings.targetRecall, { targetPrecision: settings.targetPrecision });
  const thresholds = { safeBelow: calibration.safeBelow, violatingAbove: calibration.violatingAbove };
  return evaluateScores(scores, labels, thresholds, bestF1Threshold(scores, labels).threshold);
}

/** Featurises items once, yielding now and then so a long run does not starve the event loop. */
export async function featurise(
  items: readonly LabeledItem[], labelKey: string, config: FeatureConfig, signal?: AbortSignal,
): Promise<TrainingSet> {
  const vectors: SparseVector[] = [];
  for (let start = 0; start < items.length; start += 512) {
    await yieldToEventLoop();
    if (signal) throwIfAborted(signal);
    for (const item of items.slice(start, start + 512)) vectors.push(extractFeatures(item.content, config));
  }
  return { vectors, labels: Uint8Array.from(items, (item) => item.labels[labelKey] ?? 0) };
}

type FitExtras = Pick<FitOptions, 'seed' | 'signal' | 'onEpoch'>;

// With IDF weighting the weights come from the items this network is trained on, never from the
// items it is calibrated on, so out-of-fold scores see unseen n-grams as new data would.
async function fitNetwork(raw: TrainingSet, settings: TrainingSettings, extras: FitExtras): Promise<TriageNetwork> {
  if (settings.features.weighting !== 'idf') return fitWeighted(raw, settings, extras);
  const idf = inverseDocumentFrequency(raw.vectors, settings.features.buckets);
  const network = await fitWeighted({ vectors: raw.vectors.map((v) => weighVector(v, idf)), labels: raw.labels }, settings, extras);
  return { ...network, idf };
}

function fitWeighted(set: TrainingSet, settings: TrainingSettings, extras: FitExtras): Promise<TriageNetwork> {
  const positives = set.labels.reduce((sum, y) => sum + y, 0);
  const { classWeight } = settings;
  const positiveWeight =
    classWeight === 'balanced' ? (set.labels.length - positives) / positives : classWeight === 'none' ? 1 : classWeight;
  const options: FitOptions = { ...settings, ...extras, positiveWeight };
  const buckets = settings.features.buckets;
  return settings.network.kind === 'mlp'
    ? trainMlp(set, buckets, settings.network.hidden, options)
    : trainLogistic(set, buckets, options);
}
