import { ADAM_DEFAULTS, adamRates, adamSlot, adamUpdate, type AdamSettings, type AdamSlot } from './adam.js';
import { fit, logLoss, type FitOptions, type TrainingSet } from './fit.js';
import { sigmoid, type MlpNetwork } from './network.js';
import { createRandom } from './random.js';

interface MlpState {
  readonly hidden: number;
  readonly w1: AdamSlot;
  readonly b1: AdamSlot;
  readonly w2: AdamSlot;
  readonly b2: AdamSlot;
  readonly grads: { readonly w1: Float32Array; readonly b1: Float64Array; readonly w2: Float64Array; b2: number };
  /** Input rows a batch touched, so only they are updated and cleared. */
  readonly rows: { readonly list: Int32Array; readonly seen: Uint8Array; count: number };
  /** Pre-activations of the current example, then its hidden-layer gradient. */
  readonly pre: Float64Array;
}

/** Trains a one-hidden-layer ReLU network on hashed features; deterministic for a seed. */
export async function trainMlp(set: TrainingSet, buckets: number, hidden: number, options: FitOptions): Promise<MlpNetwork> {
  const state = initialState(buckets, hidden, options.seed);
  const adam: AdamSettings = { ...ADAM_DEFAULTS, learningRate: options.learningRate };
  await fit(set, options, {
    step(batch, t) {
      let loss = 0;
      for (const i of batch) loss += backpropagate(state, set, i, options.positiveWeight, batch.length);
      applyGradients(state, adam, adamRates(adam, t), options.l2);
      return loss;
    },
  });
  const { w1, b1, w2, b2 } = state;
  return {
    kind: 'mlp', buckets, hidden,
    w1: w1.params as Float32Array, b1: Float32Array.from(b1.params), w2: Float32Array.from(w2.params), b2: b2.params[0]!,
  };
}

function initialState(buckets: number, hidden: number, seed: number): MlpState {
  const random = createRandom(seed ^ 0x6d6c70);
  const limit = Math.sqrt(6 / (hidden + 1));
  return {
    hidden,
    // Inputs are L2-normalised, so a hidden unit's pre-activation has the spread of one weight.
    w1: adamSlot(Float32Array.from({ length: buckets * hidden }, () => random.normal() * 0.5)),
    b1: adamSlot(new Float64Array(hidden)),
    w2: adamSlot(Float64Array.from({ length: hidden }, () => (random.next() * 2 - 1) * limit)),
    b2: adamSlot(new Float64Array(1)),
    grads: { w1: new Float32Array(buckets * hidden), b1: new Float64Array(hidden), w2: new Float64Array(hidden), b2: 0 },
    rows: { list: new Int32Array(buckets), seen: new Uint8Array(buckets), count: 0 },
    pre: new Float64Array(hidden),
  };
}

/** Forward and backward pass of example `i`, accumulating gradients; returns its weighted loss. */
function backpropagate(state: MlpState, set: TrainingSet, i: number, positiveWeight: number, scale: number): number {
  const { hidden, w1, w2, grads, rows, pre } = state;
  const { indices, values } = set.vectors[i]!;
  const y = set.labels[i]!;
  const weight = y === 1 ? positiveWeight : 1;
  pre.set(state.b1.params);
  for (let k = 0; k < indices.length; k++) {
    const row = indices[k]! * hidden;
    for (let j = 0; j < hidden; j++) pre[j]! += w1.params[row + j]! * values[k]!;
  }
  let z = state.b2.params[0]!;
  for (let j = 0; j < hidden; j++) z += w2.params[j]! * Math.max(0, pre[j]!);
  const p = sigmoid(z);
  const dz = (weight * (p - y)) / scale;
  grads.b2 += dz;
  for (let j = 0; j < hidden; j++) {
    grads.w2[j]! += dz * Math.max(0, pre[j]!);
    pre[j] = pre[j]! > 0 ? dz * w2.params[j]! : 0;
    grads.b1[j]! += pre[j]!;
  }
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k]!;
    if (rows.seen[index] === 0) (rows.seen[index] = 1), (rows.list[rows.count++] = index);
    for (let j = 0, row = index * hidden; j < hidden; j++) grads.w1[row + j]! += values[k]! * pre[j]!;
  }
  return logLoss(p, y, weight);
}

function applyGradients(state: MlpState, adam: AdamSettings, rates: ReturnType<typeof adamRates>, l2: number): void {
  const { hidden, w1, b1, w2, b2, grads, rows } = state;
  for (let r = 0; r < rows.count; r++) {
    const row = rows.list[r]! * hidden;
    for (let j = row; j < row + hidden; j++) {
      adamUpdate(w1, j, grads.w1[j]! + l2 * w1.params[j]!, adam, rates);
      grads.w1[j] = 0;
    }
    rows.seen[rows.list[r]!] = 0;
  }
  rows.count = 0;
  for (let j = 0; j < hidden; j++) {
    adamUpdate(b1, j, grads.b1[j]!, adam, rates);
    adamUpdate(w2, j, grads.w2[j]! + l2 * w2.params[j]!, adam, rates);
  }
  adamUpdate(b2, 0, grads.b2, adam, rates);
  grads.b1.fill(0);
  grads.w2.fill(0);
  grads.b2 = 0;
}
