import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { extractFeatures, type FeatureConfig, type SparseVector } from '../../plugins/triage-onnx/features.js';
import type { Thresholds } from '../../plugins/triage-onnx/model-metadata.js';
import { throwIfAborted } from '../../sdk/index.js';
import type { LabeledItem } from '../datasets/types.js';
import { splitDataset } from '../datasets/split.js';
import { calibrate } from './calibrate.js';
import { TriageTrainingError } from './errors.js';
import { evaluateScores, type TriageMetrics } from './evaluate.js';
import type { FitOptions, TrainingSet } from './fit.js';
import { trainLogistic } from './logistic.js';
import { bestF1Threshold } from './metrics.js';
import { trainMlp } from './mlp.js';
import { scoreVectors, type TriageNetwork } from './network.js';
import { onnxForNetwork } from './package.js';
import { resolveSettings, type TrainingOverrides, type TrainingSettings } from './options.js';

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
  readonly counts: { readonly train: number; readonly validation: number; readonly unlabeled: number };
}

/** Trains, calibrates and exports a triage classifier; deterministic for a given seed. */
export async function trainTriageModel(input: TrainTriageModelInput): Promise<TrainTriageModelResult> {
  const settings = resolveSettings(input);
  const seed = input.seed ?? 1;
  const labelled = input.items.filter((item) => item.labels[input.labelKey] !== undefined);
  const split = splitDataset(labelled, {
    seed, validation: settings.validationFraction, stratify: (item) => item.labels[input.labelKey]!,
  });
  const report = (progress: TrainingProgress) => input.onProgress?.(progress);
  report({ phase: 'features', epoch: 0, epochs: settings.epochs, loss: null });
  const train = await featurise(split.train, input.labelKey, settings.features, input.signal);
  const validation = await featurise(split.validation, input.labelKey, settings.features, input.signal);
  requireBothClasses(train, 'training', input.labelKey);
  requireBothClasses(validation, 'validation', input.labelKey);
  const network = await fitNetwork(train, settings, {
    seed: seed ^ 0x5bd1e995, signal: input.signal,
    onEpoch: (epoch, loss) => report({ phase: 'training', epoch, epochs: settings.epochs, loss }),
  });
  report({ phase: 'calibrating', epoch: settings.epochs, epochs: settings.epochs, loss: null });
  const scores = scoreVectors(network, validation.vectors);
  const calibration = calibrate(scores, validation.labels, settings.targetRecall, { targetPrecision: settings.targetPrecision });
  const thresholds = { safeBelow: calibration.safeBelow, violatingAbove: calibration.violatingAbove };
  const decisionThreshold = bestF1Threshold(scores, validation.labels).threshold;
  const metrics = evaluateScores(scores, validation.labels, thresholds, decisionThreshold);
  const onnx = onnxForNetwork({ network, settings, metrics, labelKey: input.labelKey, ruleIds: input.ruleIds ?? [] });
  const counts = { train: split.train.length, validation: split.validation.length, unlabeled: input.items.length - labelled.length };
  return { onnx, metrics, thresholds, featureConfig: settings.features, network, counts };
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

function requireBothClasses(set: TrainingSet, part: string, labelKey: string): void {
  const positives = set.labels.reduce((sum, y) => sum + y, 0);
  if (positives === 0 || positives === set.labels.length) {
    throw new TriageTrainingError('NOT_ENOUGH_DATA', `the ${part} split needs items both with and without "${labelKey}"`);
  }
}

type FitExtras = Pick<FitOptions, 'seed' | 'signal' | 'onEpoch'>;

function fitNetwork(set: TrainingSet, settings: TrainingSettings, extras: FitExtras): Promise<TriageNetwork> {
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
