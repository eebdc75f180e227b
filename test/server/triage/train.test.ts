import { describe, expect, it } from 'vitest';
import { TriageTrainingError, featurise, inverseDocumentFrequency, trainTriageModel, type TrainingProgress } from '../../../server/triage/index.js';
import { syntheticItems } from './synthetic.js';

const small = { features: { buckets: 4096 }, epochs: 6, learningRate: 0.1, batchSize: 16 } as const;

describe('trainTriageModel', () => {
  it('learns a separable label and calibrates thresholds on out-of-fold scores, then refits on every item', async () => {
    const result = await trainTriageModel({ items: syntheticItems(300), labelKey: 'toxicity', seed: 3, ...small });
    expect(result.counts).toEqual({ train: 300, validation: 300, unlabeled: 0 });
    expect([result.calibrationSet.scores.length, result.calibrationSet.labels.length]).toEqual([300, 300]);
    expect(result.metrics).toMatchObject({ n: 300, auroc: 1, f1: 1 });
    expect(result.metrics.triage.recall).toBeGreaterThanOrEqual(0.95);
    expect(result.thresholds.safeBelow).toBeLessThanOrEqual(result.thresholds.violatingAbove);
    expect(result.featureConfig).toEqual({
      version: 2, buckets: 4096, wordNgrams: [1, 2], charNgrams: [2, 5], tf: 'log', maxChars: 4096, seed: 0x2545f491,
      charScope: 'word', weighting: 'idf',
    });
    expect(result.onnx.byteLength).toBeGreaterThan(4096 * 4);
  });

  it('weighs features by the IDF of the items it is trained on, or leaves them normalised without weighting', async () => {
    const items = syntheticItems(200);
    const weighted = await trainTriageModel({ items, labelKey: 'toxicity', ...small, calibrationFolds: 2 });
    const { vectors } = await featurise(items, 'toxicity', weighted.featureConfig);
    expect(weighted.network.idf).toEqual(inverseDocumentFrequency(vectors, 4096)); // the refit saw every item
    const plain = await trainTriageModel({ items, labelKey: 'toxicity', ...small, calibrationFolds: 0, features: { buckets: 4096, weighting: 'none' } });
    expect(plain.network.idf).toBeUndefined();
    expect(plain.metrics.auroc).toBe(1);
  });

  it('calibrates on a stratified holdout when cross-validation is off', async () => {
    const items = syntheticItems(300);
    const result = await trainTriageModel({ items, labelKey: 'toxicity', ...small, calibrationFolds: 0 });
    expect(result.counts).toEqual({ train: 240, validation: 60, unlabeled: 0 });
    const positives = items.filter((item) => item.labels['toxicity'] === 1).length;
    expect(result.metrics).toMatchObject({ n: 60, positives: Math.round(positives * 0.2) });
  });

  it('produces the same model bytes for the same seed and different ones for another seed', async () => {
    const items = syntheticItems(200);
    const train = (seed: number) => trainTriageModel({ items, labelKey: 'toxicity', seed, ...small });
    const [a, b, c] = await Promise.all([train(5), train(5), train(6)]);
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    expect(Buffer.from(a.onnx).equals(Buffer.from(c.onnx))).toBe(false);
  });

  it('reports featurising, every epoch with a falling loss, then calibrating', async () => {
    const events: TrainingProgress[] = [];
    const onProgress = (p: TrainingProgress) => events.push(p);
    await trainTriageModel({ items: syntheticItems(200), labelKey: 'toxicity', ...small, calibrationFolds: 0, onProgress });
    expect(events.map((e) => `${e.phase}:${e.epoch}`)).toEqual([
      'features:0', 'training:1', 'training:2', 'training:3', 'training:4', 'training:5', 'training:6', 'calibrating:6',
    ]);
    const losses = events.filter((e) => e.phase === 'training').map((e) => e.loss!);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 2);
  });

  it('counts the epochs of every fold and of the refit in its progress', async () => {
    const events: TrainingProgress[] = [];
    await trainTriageModel({ items: syntheticItems(200), labelKey: 'toxicity', ...small, calibrationFolds: 3, onProgress: (p) => events.push(p) });
    const training = events.filter((e) => e.phase === 'training');
    expect(training.map((e) => e.epoch)).toEqual(Array.from({ length: 24 }, (_, k) => k + 1));
    expect(new Set(events.map((e) => e.epochs))).toEqual(new Set([24]));
  });

  it('trains a small MLP as well', async () => {
    const result = await trainTriageModel({
      items: syntheticItems(300), labelKey: 'toxicity', ...small, network: { kind: 'mlp', hidden: 8 }, learningRate: 0.02,
    });
    expect(result.network).toMatchObject({ kind: 'mlp', hidden: 8, buckets: 4096 });
    expect(result.metrics.auroc).toBeGreaterThan(0.95);
  });

  it('leaves out items without the label and counts them', async () => {
    const items = [...syntheticItems(200), { content: 'no label here', labels: { spam: 1 as const } }];
    const result = await trainTriageModel({ items, labelKey: 'toxicity', ...small });
    expect(result.counts.unlabeled).toBe(1);
  });

  it('rejects with an AbortError when aborted', async () => {
    const controller = new AbortController();
    const pending = trainTriageModel({
      items: syntheticItems(300), labelKey: 'toxicity', ...small, signal: controller.signal,
      onProgress: (p) => p.phase === 'training' && controller.abort(),
    });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects data without both classes with NOT_ENOUGH_DATA', async () => {
    const items = syntheticItems(100).map((item) => ({ ...item, labels: { toxicity: 0 as const } }));
    const error = await trainTriageModel({ items, labelKey: 'toxicity', ...small }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TriageTrainingError);
    expect(error).toMatchObject({ code: 'NOT_ENOUGH_DATA' });
  });

  it('rejects invalid settings with INVALID_OPTIONS', async () => {
    const pending = trainTriageModel({ items: syntheticItems(50), labelKey: 'toxicity', features: { buckets: 1000 }, epochs: 0 });
    await expect(pending).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
      message: 'features.buckets must be a power of two; epochs must be at least 1',
    });
  });
});
