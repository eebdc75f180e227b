// IDF weighting of hashed features. The weights are learnt from the training items and travel in
// the model (its graph weighs and L2-normalises the raw term frequencies the plugin sends), so
// rare n-grams count for more without a vocabulary in the feature recipe.
import type { SparseVector } from '../../plugins/triage-onnx/features.js';

/** Smoothed inverse document frequency per bucket: ln((1 + n) / (1 + df)) + 1. */
export function inverseDocumentFrequency(vectors: readonly SparseVector[], buckets: number): Float32Array {
  const df = new Float64Array(buckets);
  for (const { indices } of vectors) for (let k = 0; k < indices.length; k++) df[indices[k]!]!++;
  const n = vectors.length;
  return Float32Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
}

/** The vector's values times `idf`, L2-normalised: what the model's graph computes from raw input. */
export function weighVector(vector: SparseVector, idf: Float32Array): SparseVector {
  const { indices } = vector;
  const values = new Float32Array(indices.length);
  let norm = 0;
  for (let k = 0; k < indices.length; k++) {
    const value = vector.values[k]! * idf[indices[k]!]!;
    values[k] = value;
    norm += value * value;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < values.length; k++) values[k]! *= scale;
  return { indices, values };
}
