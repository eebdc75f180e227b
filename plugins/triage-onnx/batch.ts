import type { SparseVector } from './features.js';

/** Sparse vectors laid out as the model's two [rows, width] inputs, padded with bucket 0 weight 0. */
export interface PackedBatch {
  readonly rows: number;
  readonly width: number;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Packs vectors row-major; `width` is the longest vector (at least 1, as ONNX dims must be). */
export function packBatch(vectors: readonly SparseVector[]): PackedBatch {
  let width = 1;
  for (const v of vectors) if (v.indices.length > width) width = v.indices.length;
  const indices = new Int32Array(vectors.length * width);
  const values = new Float32Array(vectors.length * width);
  vectors.forEach((v, row) => {
    indices.set(v.indices, row * width);
    values.set(v.values, row * width);
  });
  return { rows: vectors.length, width, indices, values };
}
