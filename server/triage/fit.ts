import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { SparseVector } from '../../plugins/triage-onnx/features.js';
import { throwIfAborted } from '../../sdk/index.js';
import { createRandom } from './random.js';

/** Featurised training examples; `labels[i]` is 1 for a violation. */
export interface TrainingSet {
  readonly vectors: readonly SparseVector[];
  readonly labels: Uint8Array;
}

export interface FitOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** L2 penalty, applied to the weights a batch touches. */
  readonly l2: number;
  /** Loss weight of a positive example (negatives weigh 1), against class imbalance. */
  readonly positiveWeight: number;
  readonly seed: number;
  readonly onEpoch?: (epoch: number, loss: number) => void;
  readonly signal?: AbortSignal;
}

/** A model being trained: one optimiser step per mini-batch. */
export interface Learner {
  /** Updates on the examples `batch` (indices into the set) at step `t`; returns their summed weighted loss. */
  step(batch: readonly number[], t: number): number;
}

const BATCHES_PER_YIELD = 16;

/** Runs mini-batch epochs in a seeded order, yielding to the event loop so aborts and progress get through. */
export async function fit(set: TrainingSet, options: FitOptions, learner: Learner): Promise<void> {
  const random = createRandom(options.seed);
  const order = Array.from(set.labels, (_, i) => i);
  const totalWeight = set.labels.reduce((sum, y) => sum + (y === 1 ? options.positiveWeight : 1), 0);
  let t = 0;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    random.shuffle(order);
    let loss = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      if (t % BATCHES_PER_YIELD === 0) await yieldToEventLoop();
      if (options.signal) throwIfAborted(options.signal);
      loss += learner.step(order.slice(start, start + options.batchSize), ++t);
    }
    options.onEpoch?.(epoch, loss / totalWeight);
  }
}

/** Weighted log-loss of probability `p` for label `y`, clamped away from log(0). */
export function logLoss(p: number, y: number, weight: number): number {
  const q = Math.min(Math.max(y === 1 ? p : 1 - p, 1e-12), 1);
  return -weight * Math.log(q);
}
