// The onnxruntime session behind the plugin: created once from the model bytes, reused for every
// batch, released on dispose.
import * as ort from 'onnxruntime-node';
import { packBatch, planRuns } from './batch.js';
import type { SparseVector } from './features.js';
import { INDICES_INPUT, SCORE_OUTPUT, VALUES_INPUT } from './model-metadata.js';

export interface ScoringSession {
  /** One score per vector, in order. */
  score(vectors: readonly SparseVector[]): Promise<Float32Array>;
  release(): Promise<void>;
}

/** Opens a session on `model`; `threads` caps onnxruntime's intra-op pool (1 = one core). */
export async function openScoringSession(model: Uint8Array, threads: number): Promise<ScoringSession> {
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const run = async (vectors: readonly SparseVector[]): Promise<Float32Array> => {
    const batch = packBatch(vectors);
    const dims = [batch.rows, batch.width];
    const output = await session.run({
      [INDICES_INPUT]: new ort.Tensor('int32', batch.indices, dims),
      [VALUES_INPUT]: new ort.Tensor('float32', batch.values, dims),
    });
    const scores = output[SCORE_OUTPUT];
    if (!scores || !(scores.data instanceof Float32Array) || scores.data.length !== batch.rows) {
      throw new Error(`the model did not return one "${SCORE_OUTPUT}" per item`);
    }
    return scores.data;
  };
  return {
    async score(vectors) {
      const scores = new Float32Array(vectors.length);
      for (const positions of planRuns(vectors.map((v) => v.indices.length))) {
        const part = await run(positions.map((i) => vectors[i]!));
        positions.forEach((i, k) => (scores[i] = part[k]!));
      }
      return scores;
    },
    release: () => session.release(),
  };
}
