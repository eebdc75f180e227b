// The exported file must stand on its own: a plain onnxruntime session, with tensors built here
// rather than by project code, must give the scores the TypeScript network gives.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { extractFeatures, readModelMetadata } from '../../../plugins/triage-onnx/index.js';
import { scoreVector, trainTriageModel, type TrainTriageModelResult } from '../../../server/triage/index.js';
import { syntheticItems } from './synthetic.js';

const texts = ['please help me write a poem', 'you worthless idiot', '', 'ＭＯＲＯＮ!!! 🤬', 'recipe for bread about the sea moron'];

async function plainOnnxScores(model: Uint8Array, result: TrainTriageModelResult): Promise<number[]> {
  const vectors = texts.map((text) => extractFeatures(text, result.featureConfig));
  const width = Math.max(1, ...vectors.map((v) => v.indices.length));
  const indices = new Int32Array(texts.length * width);
  const values = new Float32Array(texts.length * width);
  vectors.forEach((v, row) => (indices.set(v.indices, row * width), values.set(v.values, row * width)));
  const session = await ort.InferenceSession.create(model);
  try {
    expect([session.inputNames, session.outputNames]).toEqual([['feature_indices', 'features'], ['score']]);
    const output = await session.run({
      feature_indices: new ort.Tensor('int32', indices, [texts.length, width]),
      features: new ort.Tensor('float32', values, [texts.length, width]),
    });
    expect(output['score']!.dims).toEqual([texts.length]);
    return Array.from(output['score']!.data as Float32Array);
  } finally {
    await session.release();
  }
}

describe('ONNX export', () => {
  const networks = [{ kind: 'logistic' }, { kind: 'mlp', hidden: 6 }] as const;
  for (const [network, weighting] of networks.flatMap((n) => (['idf', 'none'] as const).map((w) => [n, w] as const))) {
    it(`gives onnxruntime the same scores as the TypeScript ${network.kind} network (${weighting} weighting)`, async () => {
      const result = await trainTriageModel({
        items: syntheticItems(200), labelKey: 'toxicity', network, features: { buckets: 2048, weighting }, epochs: 4,
      });
      expect(result.network.idf !== undefined).toBe(weighting === 'idf');
      const expected = texts.map((text) => scoreVector(result.network, extractFeatures(text, result.featureConfig)));
      const actual = await plainOnnxScores(result.onnx, result);
      actual.forEach((score, k) => expect(score).toBeCloseTo(expected[k]!, 5));
      expect(actual[1]!).toBeGreaterThan(actual[0]!);
    });
  }

  it('stores the feature recipe, thresholds and label in the metadata', async () => {
    const result = await trainTriageModel({
      items: syntheticItems(200), labelKey: 'toxicity', features: { buckets: 2048 }, epochs: 3, ruleIds: ['TX1'],
    });
    expect(readModelMetadata(result.onnx)).toEqual({
      featureConfig: result.featureConfig,
      thresholds: result.thresholds,
      decisionThreshold: result.metrics.decisionThreshold,
      labelKey: 'toxicity',
      ruleIds: ['TX1'],
    });
  });
});
