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

/** Padding a run may carry before a new run is started: about the fixed cost of one onnxruntime call. */
const PADDING_BUDGET = 4096;
const MAX_ROWS_PER_RUN = 256;

/**
 * Splits vector positions into runs of similar length. Each run is padded to its longest row, so
 * one long text in a batch of short ones would multiply the work; runs trade that padding against
 * the per-call cost. Returns positions (into `lengths`), shortest first.
 */
export function planRuns(lengths: readonly number[]): number[][] {
  const order = Array.from(lengths, (_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const runs: number[][] = [];
  let run: number[] = [];
  let filled = 0;
  for (const position of order) {
    const width = Math.max(1, lengths[position]!);
    const padding = (run.length + 1) * width - (filled + lengths[position]!);
    if (run.length > 0 && (padding > PADDING_BUDGET + filled / 4 || run.length === MAX_ROWS_PER_RUN)) {
      runs.push(run);
      (run = []), (filled = 0);
    }
    run.push(position);
    filled += lengths[position]!;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
