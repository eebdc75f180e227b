// How training items are held out to calibrate on: one stratified validation split, or k-fold
// cross-validation whose out-of-fold scores calibrate a final model refitted on every item.
import { splitDataset } from '../datasets/split.js';
import { TriageTrainingError } from './errors.js';
import type { TrainingSet } from './fit.js';
import { createRandom } from './random.js';

export interface Fold {
  readonly train: readonly number[];
  readonly heldOut: readonly number[];
}

export interface CalibrationPlan {
  readonly folds: readonly Fold[];
  /** Whether a final network is trained on every item (cross-validation) or the single fold's is kept. */
  readonly refit: boolean;
}

/** `folds` ≥ 2 means k-fold cross-validation; otherwise a holdout of `validationFraction`. */
export function calibrationPlan(labels: Uint8Array, folds: number, validationFraction: number, seed: number): CalibrationPlan {
  const all = Array.from(labels, (_, i) => i);
  if (folds < 2) {
    const split = splitDataset(all, { seed, validation: validationFraction, stratify: (i) => labels[i]! });
    return { folds: [checked({ train: split.train, heldOut: split.validation }, labels)], refit: false };
  }
  const random = createRandom(seed);
  const fold = new Uint8Array(labels.length);
  for (const label of [0, 1]) {
    random.shuffle(all.filter((i) => labels[i] === label)).forEach((i, rank) => (fold[i] = rank % folds));
  }
  const plan = Array.from({ length: folds }, (_, k) => ({
    train: all.filter((i) => fold[i] !== k),
    heldOut: all.filter((i) => fold[i] === k),
  }));
  return { folds: plan.map((f) => checked(f, labels)), refit: true };
}

/** The examples at `indices`. */
export function subset(set: TrainingSet, indices: readonly number[]): TrainingSet {
  return { vectors: indices.map((i) => set.vectors[i]!), labels: Uint8Array.from(indices, (i) => set.labels[i]!) };
}

function checked(fold: Fold, labels: Uint8Array): Fold {
  for (const [part, indices] of [['training', fold.train], ['held-out', fold.heldOut]] as const) {
    const positives = indices.filter((i) => labels[i] === 1).length;
    if (positives === 0 || positives === indices.length) {
      throw new TriageTrainingError('NOT_ENOUGH_DATA', `a ${part} part needs items both with and without the label`);
    }
  }
  return fold;
}
