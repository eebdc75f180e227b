import { DEFAULT_FEATURE_CONFIG, type FeatureConfig } from '../../plugins/triage-onnx/features.js';
import { TriageTrainingError } from './errors.js';

/** The classifier to train: logistic regression, or an MLP with one hidden ReLU layer. */
export type NetworkSpec = { readonly kind: 'logistic' } | { readonly kind: 'mlp'; readonly hidden: number };

/** Training knobs; every one has a default tuned on ToxicChat's validation split. */
export interface TrainingSettings {
  readonly network: NetworkSpec;
  readonly features: FeatureConfig;
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly batchSize: number;
  /** `balanced` weighs positives by negatives/positives; a number is the positive weight itself. */
  readonly classWeight: 'balanced' | 'none' | number;
  /** k ≥ 2: calibrate on k-fold out-of-fold scores, then refit on every item; 0 or 1: a holdout. */
  readonly calibrationFolds: number;
  /** Share of the items held out to calibrate the thresholds when not cross-validating. */
  readonly validationFraction: number;
  readonly targetRecall: number;
  readonly targetPrecision: number;
}

export type TrainingOverrides = Partial<Omit<TrainingSettings, 'features'>> & {
  readonly features?: Partial<Omit<FeatureConfig, 'version'>>;
};

export const DEFAULT_TRAINING: TrainingSettings = {
  network: { kind: 'logistic' },
  features: DEFAULT_FEATURE_CONFIG,
  epochs: 8,
  learningRate: 0.02,
  l2: 1e-3,
  batchSize: 32,
  classWeight: 'balanced',
  calibrationFolds: 5,
  validationFraction: 0.2,
  targetRecall: 0.95,
  targetPrecision: 0.95,
};

/** Defaults filled in and ranges checked; throws `INVALID_OPTIONS`. */
export function resolveSettings(overrides: TrainingOverrides): TrainingSettings {
  const settings: TrainingSettings = {
    ...DEFAULT_TRAINING,
    ...stripUndefined(overrides),
    features: { ...DEFAULT_FEATURE_CONFIG, ...stripUndefined(overrides.features ?? {}), version: DEFAULT_FEATURE_CONFIG.version },
  };
  const problems = [
    !Number.isInteger(Math.log2(settings.features.buckets)) && 'features.buckets must be a power of two',
    !(settings.epochs >= 1) && 'epochs must be at least 1',
    !(settings.learningRate > 0) && 'learningRate must be positive',
    !(settings.l2 >= 0) && 'l2 must be non-negative',
    !(settings.batchSize >= 1) && 'batchSize must be at least 1',
    !(Number.isInteger(settings.calibrationFolds) && settings.calibrationFolds >= 0 && settings.calibrationFolds <= 20) &&
      'calibrationFolds must be an integer from 0 to 20',
    !(settings.validationFraction > 0 && settings.validationFraction < 1) && 'validationFraction must be in (0, 1)',
    !(settings.targetRecall > 0 && settings.targetRecall <= 1) && 'targetRecall must be in (0, 1]',
    !(settings.targetPrecision > 0 && settings.targetPrecision <= 1) && 'targetPrecision must be in (0, 1]',
    settings.network.kind === 'mlp' && !(settings.network.hidden >= 1) && 'network.hidden must be at least 1',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new TriageTrainingError('INVALID_OPTIONS', problems.join('; '));
  return settings;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
