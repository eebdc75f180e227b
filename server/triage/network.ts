import type { SparseVector } from '../../plugins/triage-onnx/features.js';
import { weighVector } from './weighting.js';

/** Set when the model weighs raw term frequencies by IDF and L2-normalises them itself. */
interface InputWeighting {
  /** One IDF weight per bucket; absent when the features arrive normalised. */
  readonly idf?: Float32Array;
}

/** Logistic regression over hashed features: score = σ(b + Σ wᵢ·xᵢ). */
export interface LogisticNetwork extends InputWeighting {
  readonly kind: 'logistic';
  readonly buckets: number;
  readonly weights: Float32Array;
  readonly bias: number;
}

/** One hidden ReLU layer: score = σ(b₂ + w₂·relu(b₁ + W₁ᵀx)); `w1` is [buckets, hidden] row-major. */
export interface MlpNetwork extends InputWeighting {
  readonly kind: 'mlp';
  readonly buckets: number;
  readonly hidden: number;
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  readonly w2: Float32Array;
  readonly b2: number;
}

export type TriageNetwork = LogisticNetwork | MlpNetwork;

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** The network's probability of a violation for one feature vector (the same maths as the ONNX graph). */
export function scoreVector(network: TriageNetwork, vector: SparseVector): number {
  const { indices, values } = network.idf ? weighVector(vector, network.idf) : vector;
  if (network.kind === 'logistic') {
    let z = network.bias;
    for (let k = 0; k < indices.length; k++) z += network.weights[indices[k]!]! * values[k]!;
    return sigmoid(z);
  }
  const { hidden, w1, b1, w2 } = network;
  const h = Float64Array.from(b1);
  for (let k = 0; k < indices.length; k++) {
    const row = indices[k]! * hidden;
    const value = values[k]!;
    for (let j = 0; j < hidden; j++) h[j]! += w1[row + j]! * value;
  }
  let z = network.b2;
  for (let j = 0; j < hidden; j++) z += w2[j]! * Math.max(0, h[j]!);
  return sigmoid(z);
}

/** Scores many vectors. */
export function scoreVectors(network: TriageNetwork, vectors: readonly SparseVector[]): Float64Array {
  return Float64Array.from(vectors, (vector) => scoreVector(network, vector));
}
