import { ADAM_DEFAULTS, adamRates, adamSlot, adamUpdate, type AdamSettings } from './adam.js';
import { fit, logLoss, type FitOptions, type TrainingSet } from './fit.js';
import { sigmoid, type LogisticNetwork } from './network.js';

/** Trains logistic regression on hashed features with lazy Adam and L2; deterministic for a seed. */
export async function trainLogistic(set: TrainingSet, buckets: number, options: FitOptions): Promise<LogisticNetwork> {
  const weights = adamSlot(new Float64Array(buckets));
  const bias = adamSlot(new Float64Array(1));
  const grad = new Float64Array(buckets);
  const touched = new Int32Array(buckets);
  const seen = new Uint8Array(buckets);
  const adam: AdamSettings = { ...ADAM_DEFAULTS, learningRate: options.learningRate };
  await fit(set, options, {
    step(batch, t) {
      let count = 0;
      let gBias = 0;
      let loss = 0;
      for (const i of batch) {
        const { indices, values } = set.vectors[i]!;
        const y = set.labels[i]!;
        const weight = y === 1 ? options.positiveWeight : 1;
        let z = bias.params[0]!;
        for (let k = 0; k < indices.length; k++) z += weights.params[indices[k]!]! * values[k]!;
        const p = sigmoid(z);
        loss += logLoss(p, y, weight);
        const d = (weight * (p - y)) / batch.length;
        gBias += d;
        for (let k = 0; k < indices.length; k++) {
          const index = indices[k]!;
          if (seen[index] === 0) (seen[index] = 1), (touched[count++] = index);
          grad[index]! += d * values[k]!;
        }
      }
      const rates = adamRates(adam, t);
      for (let c = 0; c < count; c++) {
        const index = touched[c]!;
        adamUpdate(weights, index, grad[index]! + options.l2 * weights.params[index]!, adam, rates);
        grad[index] = 0;
        seen[index] = 0;
      }
      adamUpdate(bias, 0, gBias, adam, rates);
      return loss;
    },
  });
  return { kind: 'logistic', buckets, weights: Float32Array.from(weights.params), bias: bias.params[0]! };
}
